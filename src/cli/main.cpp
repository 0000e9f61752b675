// The `wanmeter` command-line tool: a thin wrapper around wanmeter::cli::run (cli.hpp).
// See docs/cli.md.
#include "cli.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + (argc > 0 ? argc : 0));
  const int rc = wanmeter::cli::run(args, std::cout, std::cerr);
  std::cout.flush();
  std::cerr.flush();
  return rc;
}
