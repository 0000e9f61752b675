#pragma once
// The `wanmeter` command line as a callable function (main.cpp is a thin wrapper around it), so
// that tests and fuzzers can drive it without a process:
//
//   std::ostringstream out, err;
//   const std::vector<std::string> args{"analyze", "--profile", "wan2-1-ci-tiny"};
//   const int rc = wanmeter::cli::run(args, out, err, {.allow_writes = false});
//
// `args` excludes argv[0]. Exit codes: 0 success, 2 usage or invalid input, 3 overflow, 4 I/O
// error (a file, folder or standard output that cannot be written), 5 out of memory, 1 anything
// else (internal error). Every exception is caught and reported on `err`, control characters
// escaped; `out` is flushed and checked before `run` returns.
//
// With `allow_writes = false`, `analyze` validates every option, builds the report and every
// artifact text exactly as usual, and writes no files: it prints what it would have printed after
// writing them (paths included) on `out`; with --stdout it prints the JSON on `out` as usual.
//
// The CLI's files, one job each: args (argv -> flag name/text pairs, Boost.ProgramOptions),
// request (pairs -> run_request, run id, output choices; no Boost.ProgramOptions), artifacts
// (every artifact text, and writing the folder), console (what goes to standard output), cli.cpp
// (the commands, the one call of analyze, and errors -> exit codes).
#include <wanmeter/io/files.hpp>

#include <iosfwd>
#include <span>
#include <string>

namespace wanmeter::cli {

/// Exit codes of the tool.
enum exit_code : int {
  exit_ok = 0,
  exit_internal = 1,
  exit_usage = 2,
  exit_overflow = 3,
  exit_io = 4,
  exit_out_of_memory = 5,
};

struct run_options {
  /// false: never touch the file system for output (for fuzzing).
  bool allow_writes = true;
  /// Tests only: failures or kills injected while the run folder is written (io/files.hpp).
  write_fault_hook fault_hook = nullptr;
  swap_method swap = swap_method::exchange;
};

/// Runs `wanmeter <args...>`, writing standard output to `out` and diagnostics to `err`.
[[nodiscard]] int run(std::span<const std::string> args, std::ostream& out, std::ostream& err,
                      const run_options& options = {});

} // namespace wanmeter::cli
