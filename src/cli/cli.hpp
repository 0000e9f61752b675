#pragma once
// The `wanmeter` command line as a callable function (main.cpp is a thin wrapper around it), so
// that tests and fuzzers can drive it without a process:
//
//   std::ostringstream out, err;
//   const std::vector<std::string> args{"analyze", "--profile", "wan2-1-ci-tiny"};
//   const int rc = wanmeter::cli::run(args, out, err, {.allow_writes = false});
//
// `args` excludes argv[0]. Exit codes: 0 success, 2 usage or invalid input, 3 overflow, 4 I/O
// error, 1 anything else (internal error). Every exception is caught and reported on `err`.
//
// With `allow_writes = false`, `analyze` validates every option, builds the report, its JSON
// text and (unless --stdout) summary.md and the SVG charts exactly as usual, and writes no
// files: it prints what it would have printed after writing them (paths included) on `out`;
// with --stdout it prints the JSON on `out` as usual.
#include <iosfwd>
#include <span>
#include <string>

namespace wanmeter::cli {

/// Exit codes of the tool.
enum exit_code : int { exit_ok = 0, exit_internal = 1, exit_usage = 2, exit_overflow = 3, exit_io = 4 };

struct run_options {
  /// false: never touch the file system for output (for fuzzing).
  bool allow_writes = true;
};

/// Runs `wanmeter <args...>`, writing standard output to `out` and diagnostics to `err`.
[[nodiscard]] int run(std::span<const std::string> args, std::ostream& out, std::ostream& err,
                      const run_options& options = {});

} // namespace wanmeter::cli
