// libFuzzer harness for the command line (issue: Hardening): wanmeter::cli::run on arbitrary
// argument lists, without writing files (allow_writes = false).
//
// The input is split on NUL bytes into the arguments (argv without argv[0]); the seed corpus
// fuzz/corpus/cli_args_fuzzer/ holds real command lines in that form, good and bad. Any input
// must end with a documented exit code: 0, 2 (usage or invalid input) or 3 (overflow), and an
// error must go to the error stream only, with an empty output stream. Exit 1 (internal error,
// i.e. an exception the tool did not expect), exit 4 (no file is written here, and the output
// stream cannot fail), exit 5 (out of memory on a small input), a crash, a sanitizer report or a
// hang is a finding.
//
//   build/sanitize/fuzz/cli_args_fuzzer -max_total_time=600 -timeout=10 <new-corpus-dir> fuzz/corpus/cli_args_fuzzer
#include <cli.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {
constexpr std::size_t max_args = 64;

/// Paths the tool may read (--config) outside the seeds' folder: kept out so that a run depends
/// on the input only (config_json.hpp reads regular files only, at most 1 MiB, and refuses a
/// FIFO or device at once; see the README).
bool reads_a_device(std::string_view arg) {
  for (const std::string_view p : {"/dev/", "/proc/", "/sys/"}) {
    if (arg.find(p) != std::string_view::npos) return true;
  }
  return false;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args;
  if (!input.empty()) {
    std::size_t start = 0;
    while (true) {
      const std::size_t end = input.find('\0', start);
      args.emplace_back(input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }
  if (args.size() > max_args) return -1;
  for (const auto& a : args) {
    if (reads_a_device(a)) return -1;
  }
  std::ostringstream out;
  std::ostringstream err;
  const int rc = wanmeter::cli::run(args, out, err, {.allow_writes = false});
  const bool documented = rc == wanmeter::cli::exit_ok || rc == wanmeter::cli::exit_usage ||
                          rc == wanmeter::cli::exit_overflow;
  const bool clean_error = rc == wanmeter::cli::exit_ok || (out.str().empty() && !err.str().empty());
  if (!documented || !clean_error) {
    std::fprintf(stderr, "cli_args_fuzzer: exit %d, %zu arguments\nstdout (%zu bytes)\nstderr:\n%s\n", rc, args.size(),
                 out.str().size(), err.str().c_str());
    std::abort();
  }
  return 0;
}
