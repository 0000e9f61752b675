// CLI tier, in process: the flag -> request mapping without Boost.ProgramOptions (what a web
// page would call), the derived run id, and the error paths a process cannot easily reach (out of
// memory, a standard output that fails).
#define BOOST_TEST_MODULE wanmeter_cli_unit
#include <boost/test/unit_test.hpp>

#include <artifacts.hpp>
#include <cli.hpp>
#include <plan.hpp>
#include <request.hpp>

#include <wanmeter/core/errors.hpp>

#include <new>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

using wanmeter::invalid_input;
using wanmeter::workload;
namespace cli = wanmeter::cli;

namespace {

/// The message of what `f` throws, or "" when it throws nothing.
template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

/// What `wanmeter <args>` writes on the error stream, and its exit code.
std::pair<int, std::string> cli_error(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int rc = cli::run(args, out, err, {.allow_writes = false});
  return {rc, err.str()};
}

/// A stream buffer that fails every write: as std::bad_alloc, or as a write error.
class failing_buffer : public std::streambuf {
public:
  explicit failing_buffer(bool out_of_memory) : out_of_memory_(out_of_memory) {}

protected:
  int_type overflow(int_type) override {
    if (out_of_memory_) throw std::bad_alloc();
    return traits_type::eof();
  }
  std::streamsize xsputn(const char*, std::streamsize) override {
    if (out_of_memory_) throw std::bad_alloc();
    return 0;
  }

private:
  bool out_of_memory_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(request_from_flags)

BOOST_AUTO_TEST_CASE(maps_flags_to_the_request_without_program_options) {
  const cli::analyze_request a = cli::parse_analyze(
      {{"model", "wan2.2-t2v-a14b"}, {"frames", "5"}, {"device", "h100-sxm"}, {"stdout", ""}, {"output-root", "o"}});
  BOOST_TEST(a.run.model.id == "wan2.2-t2v-a14b");
  BOOST_TEST(a.run.w.frames == 5U);
  BOOST_TEST(a.run.device != nullptr);
  BOOST_TEST(a.to_stdout);
  BOOST_TEST(a.output_root == "o");
  // The model's defaults (720x1280, 40 steps) match no profile: `defaults`, then the knobs.
  BOOST_TEST(a.run_id == "wan2.2-t2v-a14b_defaults_frames-5_device-h100-sxm");
}

BOOST_AUTO_TEST_CASE(gives_the_messages_of_the_command_line) {
  // The same text `wanmeter analyze --frames 8x1` prints (test/cli/bad_inputs.py).
  const std::string direct = message_of([] { (void)cli::parse_analyze({{"frames", "8x1"}}); });
  BOOST_TEST(direct == "wanmeter: invalid frames = 8x1: frames must be an unsigned decimal integer");
  BOOST_TEST(cli_error({"analyze", "--frames", "8x1"}).second == direct + "\n");
  BOOST_TEST(message_of([] { (void)cli::parse_analyze({{"bogus", "1"}}); }) == "unrecognised option '--bogus'");
  BOOST_TEST(message_of([] { (void)cli::parse_analyze({{"frames", "5"}, {"frames", "9"}}); }) ==
             "option '--frames' cannot be specified more than once");
  BOOST_TEST(message_of([] { (void)cli::parse_analyze({{"stdout", "yes"}}); }) ==
             "option '--stdout' does not take any arguments");
}

BOOST_AUTO_TEST_CASE(plan_flags_map_without_program_options) {
  // The web page's plan mode calls parse_plan with the hash's pairs: it checks the flags itself,
  // with the words of the command line (Boost.ProgramOptions' on the command line, test/cli/CMakeLists.txt).
  const cli::plan_request p = cli::parse_plan(
      {{"model", "wan2.1-t2v-1.3b"}, {"device", "rtx-4090,l40s"}, {"gpus", "1,2"}, {"allow-lossy", ""}});
  BOOST_TEST(p.question.devices.size() == 2U);
  BOOST_TEST(p.question.gpus.size() == 2U);
  BOOST_TEST(p.question.allow_lossy);
  // wan2.1-t2v-1.3b's defaults are the wan2-1-480p profile; the options in parse_plan's fixed order.
  BOOST_TEST(p.run_id == "wan2.1-t2v-1.3b_wan2-1-480p_device-rtx-4090.l40s_gpus-1.2_lossy-on");
  BOOST_TEST(message_of([] { (void)cli::parse_plan({{"device", "h100-sxm"}, {"bogus", "1"}}); }) ==
             "unrecognised option '--bogus'");
  BOOST_TEST(message_of([] { (void)cli::parse_plan({{"device", "h100-sxm"}, {"device", "h20"}}); }) ==
             "option '--device' cannot be specified more than once");
  BOOST_TEST(message_of([] { (void)cli::parse_plan({{"device", "h100-sxm"}, {"allow-lossy", "1"}}); }) ==
             "option '--allow-lossy' does not take any arguments");
  // An analyze flag that plan does not take is unknown to plan, as on the command line.
  BOOST_TEST(message_of([] { (void)cli::parse_plan({{"device", "h100-sxm"}, {"exec", "fused"}}); }) ==
             "unrecognised option '--exec'");
  BOOST_TEST(cli_error({"plan", "--device", "h100-sxm", "--exec", "fused"}).second ==
             "wanmeter: unrecognised option '--exec' (see wanmeter --help)\n");
}

BOOST_AUTO_TEST_CASE(derived_run_ids_are_always_valid) {
  // 1e21 prints as "1e+21": the '+' is dropped (1e21 reads back as the same number).
  const cli::analyze_request g = cli::parse_analyze({{"profile", "wan2-1-ci-tiny"}, {"guidance-scale", "1e21"}});
  BOOST_TEST(g.run_id == "wan2.1-t2v-14b_wan2-1-ci-tiny_guidance-1e21");
  // Over 128 characters: whole parts of the first 111, then '_' and 16 hex digits.
  const workload base{};
  workload w = base;
  w.frames = 9;
  const cli::flag_values many{{"config", "file"},     {"image", "1234x567"}, {"shift", "7.123456789"},
                              {"exec", "fused"},      {"weights", "fp8"},    {"offload", "off"},
                              {"t5", "cpu"},          {"attention", "fa2"},  {"tf32", "on"},
                              {"host", "pinned"},     {"device", "a100-80gb-sxm"}};
  const std::string id = cli::derive_run_id("wan2.2-ti2v-5b", "", base, w, many);
  BOOST_TEST(id.size() <= 128U);
  BOOST_TEST(id.rfind("wan2.2-ti2v-5b_defaults_frames-9_config-file_image-1234x567_", 0) == 0U);
  BOOST_TEST(id[id.size() - 17] == '_');
  BOOST_CHECK_NO_THROW(cli::validate_run_id(id));
  // Deterministic, and another input gives another id.
  BOOST_TEST(cli::derive_run_id("wan2.2-ti2v-5b", "", base, w, many) == id);
  cli::flag_values other = many;
  other.back().second = "h100-sxm";
  BOOST_TEST(cli::derive_run_id("wan2.2-ti2v-5b", "", base, w, other) != id);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exit_codes)

BOOST_AUTO_TEST_CASE(out_of_memory_has_its_own_message_and_code) {
  failing_buffer buffer(/*out_of_memory=*/true);
  std::ostream out(&buffer);
  out.exceptions(std::ios::badbit); // rethrow the buffer's bad_alloc
  std::ostringstream err;
  const std::vector<std::string> args{"list"};
  const int rc = cli::run(args, out, err, {.allow_writes = false});
  BOOST_TEST(rc == cli::exit_out_of_memory);
  BOOST_TEST(err.str().rfind("wanmeter: out of memory", 0) == 0U);
}

BOOST_AUTO_TEST_CASE(a_standard_output_that_fails_is_an_io_error) {
  failing_buffer buffer(/*out_of_memory=*/false);
  std::ostream out(&buffer);
  std::ostringstream err;
  for (const std::vector<std::string>& args : {std::vector<std::string>{"list"}, {"--version"}, {"--help"},
                                               {"analyze", "--profile", "wan2-1-ci-tiny", "--stdout"}}) {
    out.clear();
    err.str("");
    const int rc = cli::run(args, out, err, {.allow_writes = false});
    BOOST_TEST(rc == cli::exit_io, args.front());
    BOOST_TEST(err.str().rfind("wanmeter: cannot write to standard output", 0) == 0U, err.str());
  }
}

BOOST_AUTO_TEST_SUITE_END()
