// The `wanmeter` command-line tool: a thin wrapper around wanmeter::cli::run (cli.hpp).
// See docs/cli.md.
//
// Before running: SIGXFSZ is ignored, so that a file size limit (`ulimit -f`) makes a write fail
// with EFBIG (reported, exit 4, nothing left behind) instead of killing the process; and a closed
// standard stream (0, 1, 2) is reopened read-only on /dev/null, so that no file the tool opens can
// take its number (a report written into a lock file) and writes to it fail (exit 4).
//
// Test only: WANMETER_TEST_KILL_AT=<step> kills the process with SIGKILL at that step of writing
// the run folder (io/files.hpp: temporary_written, folder_complete, swapped,
// swapped_by_two_renames; the last also selects the two-rename swap), for test/cli/concurrency.py.
#include "cli.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace {

wanmeter::write_step kill_step = wanmeter::write_step::folder_complete;

void kill_at(wanmeter::write_step step, std::size_t /*index*/) {
  if (step == kill_step) std::raise(SIGKILL);
}

/// The test-only fault injection of the environment, or the default options.
wanmeter::cli::run_options options_from_environment() {
  wanmeter::cli::run_options o{};
  const char* const at = std::getenv("WANMETER_TEST_KILL_AT");
  if (at == nullptr) return o;
  const std::string_view s(at);
  using wanmeter::write_step;
  if (s == "temporary_written") kill_step = write_step::temporary_written;
  else if (s == "folder_complete") kill_step = write_step::folder_complete;
  else if (s == "swapped") kill_step = write_step::swapped;
  else if (s == "swapped_by_two_renames") kill_step = write_step::swapped_by_two_renames;
  else return o;
  o.fault_hook = kill_at;
  if (kill_step == write_step::swapped_by_two_renames) o.swap = wanmeter::swap_method::two_renames;
  return o;
}

void reopen_closed_standard_streams() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) == -1) {
      const int opened = ::open("/dev/null", O_RDONLY); // the lowest free number: fd
      if (opened > 2) ::close(opened);
    }
  }
}

} // namespace

int main(int argc, char** argv) {
  reopen_closed_standard_streams();
  std::signal(SIGXFSZ, SIG_IGN);
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + (argc > 0 ? argc : 0));
  return wanmeter::cli::run(args, std::cout, std::cerr, options_from_environment());
}
