// Counted tier: one analysed run plans once, validates its workload once and builds each stage
// tree once; the writers (report.json, summary.md, the SVG charts) plan and build nothing.
// Built with WANMETER_COUNT_EVENTS for every translation unit of this executable (the hooks of
// core/instrument.hpp), so the counts are those of the library code itself.
#define BOOST_TEST_MODULE wanmeter counted
#include <boost/test/unit_test.hpp>

#include <wanmeter/hw/devices.hpp>
#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/io/svg.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/run/analyze.hpp>

#include <string>

using namespace wanmeter;

namespace {

struct expected_builds {
  unsigned long image_encoder = 0; ///< the CLIP tower runs for the Wan2.1 image models only
};

void check_one_run(const model_entry& m, const device_spec* d) {
  event_counts().reset();
  const run_report r = analyze(run_request{.model = m, .w = m.defaults.w, .device = d});
  const event_counter& n = event_counts();
  const std::string what = std::string(m.id) + (d != nullptr ? " on " + std::string(d->id) : std::string{});
  BOOST_TEST(n[event::plan] == 1U, what);
  // One validation per workload: an image-conditioned model (Wan2.1 I2V/FLF2V, Wan2.2 I2V) with no
  // image given takes the requested size as the image's, so it validates the requested size and
  // then the output size the official float64 formula derives from it (two workloads, once each).
  const bool derived_size = m.defaults.image_input;
  BOOST_TEST(n[event::validate_workload] == (derived_size ? 2U : 1U), what);
  BOOST_TEST(n[event::build_dit] == 1U, what);
  BOOST_TEST(n[event::build_text_encoder] == 1U, what);
  // Wan2.1 I2V and FLF2V run the CLIP visual tower (their config has an image context).
  const bool clip = m.arch.version == wan_version::v2_1 && m.defaults.image_input;
  BOOST_TEST(n[event::build_image_encoder] == (clip ? 1U : 0U), what);
  BOOST_TEST(n[event::build_vae] == 2U, what); // the encoder (its weights are loaded) and the decoder

  // The writers read the run: nothing is planned, validated or built again.
  event_counts().reset();
  const std::string json = to_json_text(r.view());
  const std::string summary = to_summary_markdown(r.view());
  std::string charts;
  if (d != nullptr) charts = svg_roofline(*d, r.points, "roofline") + svg_stage_times(r.time, "stages");
  for (unsigned long count : event_counts().n) BOOST_TEST(count == 0U, what);
  BOOST_TEST(!json.empty());
  BOOST_TEST(!summary.empty());
}

} // namespace

BOOST_AUTO_TEST_CASE(every_model_plans_validates_and_builds_once) {
  for (const model_entry& m : model_registry) {
    check_one_run(m, nullptr);
    check_one_run(m, &find_device("h100-sxm"));
  }
}

BOOST_AUTO_TEST_CASE(the_hooks_count) {
  // A control: two plans count two (the hook is live in this executable).
  event_counts().reset();
  (void)make_run_plan(run_request{.model = find_model("wan2.1-t2v-1.3b")});
  (void)make_run_plan(run_request{.model = find_model("wan2.1-t2v-1.3b")});
  BOOST_TEST(event_counts()[event::plan] == 2U);
  BOOST_TEST(event_counts()[event::build_dit] == 2U);
}
