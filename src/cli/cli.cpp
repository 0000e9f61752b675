// The `wanmeter` command line (cli.hpp): `wanmeter::cli::run`.
//
//   wanmeter analyze [options]   (wanmeter analyze --help; docs/cli.md)
//   wanmeter plan [options]      (wanmeter plan --help; plan.cpp, docs/plan.md)
//   wanmeter list
//   wanmeter --help | --version
//
// Exit codes: 0 success, 2 usage or invalid input, 3 overflow, 4 I/O error, 5 out of memory,
// 1 anything else (docs/errors.md).
#include "cli.hpp"

#include "args.hpp"
#include "artifacts.hpp"
#include "console.hpp"
#include "plan.hpp"
#include "request.hpp"

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/run/analyze.hpp>

#include <cerrno>
#include <cstring>
#include <exception>
#include <new>
#include <ostream>
#include <sstream>
#include <vector>

namespace wanmeter::cli {
namespace {

/// The analysis of the run (the library names the input image itself when the output size it
/// leads to is not legal: models/wan/pipeline.hpp).
run_report analyze(const analyze_request& a) { return wanmeter::analyze(a.request()); }

int run_analyze(std::span<const std::string> args, std::ostream& out, const run_options& options) {
  const flag_values flags = split_analyze_args(args);
  for (const auto& f : flags) {
    if (f.first == "help") {
      print_analyze_usage(out);
      return exit_ok;
    }
  }
  const analyze_request a = parse_analyze(flags);
  const run_report r = analyze(a);
  const artifact_set set = make_artifacts(a, r); // every text, whatever is emitted: one outcome
  if (a.to_stdout) {
    out.write(set.report_json.data(), static_cast<std::streamsize>(set.report_json.size()));
    return exit_ok;
  }
  if (options.allow_writes) write_artifacts(set, options.fault_hook, options.swap);
  print_analysis(out, a, r, set);
  return exit_ok;
}

void no_arguments(std::string_view command, std::span<const std::string> args) {
  if (!args.empty()) throw usage_error(std::string(command) + " takes no arguments, got '" + args.front() + "'");
}

int dispatch(std::span<const std::string> all, std::ostream& out, const run_options& options) {
  if (all.empty()) throw usage_error("missing command");
  const std::string& command = all.front();
  const std::span<const std::string> args = all.subspan(1);
  if (command == "--help" || command == "-h" || command == "help") {
    no_arguments(command, args);
    print_usage(out);
    return exit_ok;
  }
  if (command == "--version") {
    no_arguments(command, args);
    print_version(out);
    return exit_ok;
  }
  if (command == "list") {
    no_arguments(command, args);
    print_list(out);
    return exit_ok;
  }
  if (command == "analyze") return run_analyze(args, out, options);
  if (command == "plan") return run_plan_command(args, out, options);
  throw usage_error("unknown command '" + command + "' (commands: analyze, plan, list)");
}

/// Flushes `out`; false (and the reason on `err`) when standard output could not be written.
bool flushed(std::ostream& out, std::ostream& err) {
  try {
    if (out.good()) out.flush();
  } catch (...) { // a stream set to throw (exceptions()): its state says what happened
  }
  if (out.good()) return true;
  const int e = errno; // of the write that failed, when nothing changed it since
  err << "wanmeter: cannot write to standard output" << (e != 0 ? std::string(": ") + std::strerror(e) : "") << "\n";
  return false;
}

} // namespace

int run(std::span<const std::string> args, std::ostream& out, std::ostream& err, const run_options& options) {
  std::string message;
  int rc = exit_ok;
  try {
    rc = dispatch(args, out, options);
  } catch (const usage_error& e) {
    const bool bare = std::string_view(e.what()) == "missing command";
    message = std::string("wanmeter: ") + e.what() + (bare ? "" : " (see wanmeter --help)");
    rc = exit_usage;
  } catch (const invalid_input& e) {
    message = e.what();
    rc = exit_usage;
  } catch (const wanmeter::overflow_error& e) {
    message = e.what();
    rc = exit_overflow;
  } catch (const io_error& e) {
    message = e.what();
    rc = exit_io;
  } catch (const std::bad_alloc&) {
    message = "wanmeter: out of memory (a smaller workload or more memory may help)";
    rc = exit_out_of_memory;
  } catch (const std::exception& e) {
    message = std::string("wanmeter: internal error: ") + e.what();
    rc = exit_internal;
  } catch (...) {
    message = "wanmeter: internal error: unknown exception";
    rc = exit_internal;
  }
  if (!message.empty()) {
    err << printable(message) << "\n";
    if (rc == exit_usage && message == "wanmeter: missing command") {
      err << "\n";
      print_usage(err);
    }
  }
  if (!flushed(out, err) && rc == exit_ok) rc = exit_io;
  err.flush();
  return rc;
}

} // namespace wanmeter::cli
