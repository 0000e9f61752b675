// Runtime tier: run-level time (perf/run_time.hpp) and the accuracy of the whole model
// against the official published single-GPU runs (perf/accuracy.hpp, docs/accuracy.md).
// The error bounds are the figures the model reached when the table in docs/accuracy.md was
// made, rounded up by about half a percentage point: a change that makes the prediction worse
// fails here. Transfer and host-time expectations are derived by hand in the comments.
#include <boost/test/unit_test.hpp>

#include <wanmeter.hpp>
#include <wanmeter/hw/devices.hpp>
// perf/accuracy.hpp's request_of() skips run_request members in a designated initialiser, which
// g++ 12 reports under -Wextra (-Wmissing-field-initializers); silenced here until the header is fixed.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include <wanmeter/perf/accuracy.hpp>
#pragma GCC diagnostic pop
#include <wanmeter/run/analyze.hpp>

#include <cmath>

using namespace wanmeter;
namespace tt = boost::test_tools;

namespace {
const model_entry& t2v14() { return find_model("wan2.1-t2v-14b"); }
// 1280x720x81, 50 steps, CFG
run_request request720(const run_execution& x, const device_spec& d = h100_sxm) {
  run_request q{};
  q.model = t2v14();
  q.w = t2v14().defaults.w;
  q.exec = x;
  q.device = &d;
  return q;
}
run_plan plan720(const run_execution& x, const device_spec& d = h100_sxm) { return make_run_plan(request720(x, d)); }
} // namespace

BOOST_AUTO_TEST_SUITE(pipeline_time_tests)

BOOST_AUTO_TEST_CASE(offload_transfers_wan2_1_t2v) {
  // T5 11,361,820,672 B + fp32 DiT 57,153,966,336 B, each in and out once per run.
  const transfer_time t = offload_transfers(plan720(official_single_gpu(false, false)), h100_sxm);
  BOOST_TEST(t.h2d_bytes == 68'515'787'008ULL);
  BOOST_TEST(t.d2h_bytes == 68'515'787'008ULL);
  // 2 x 68,515,787,008 / 64e9 = 2.14112 s; pageable (0.40): 5.35280 s.
  BOOST_TEST(t.time_lower_bound_s == 2.14112, tt::tolerance(1e-4));
  BOOST_TEST(t.time_s == 5.35280, tt::tolerance(1e-4));
  // Without offload nothing moves.
  BOOST_TEST(offload_transfers(plan720(run_execution{}), h100_sxm).h2d_bytes == 0U);
  // --t5_cpu: only the DiT moves.
  BOOST_TEST(offload_transfers(plan720(official_single_gpu(false, true)), h100_sxm).h2d_bytes ==
             57'153'966'336ULL);
}

BOOST_AUTO_TEST_CASE(offload_transfers_a14b_swap) {
  // Wan2.2 A14B, bf16 experts (14,288,491,584 x 2 = 28,576,983,168 B): high in, high out, low in,
  // low out, plus the T5 in and out.
  const model_entry& m = find_model("wan2.2-t2v-a14b");
  run_request q{};
  q.model = m;
  q.w = m.defaults.w;
  q.exec = official_single_gpu(true, false);
  q.device = &a100_80gb_sxm;
  const run_plan p = make_run_plan(q);
  const transfer_time t = offload_transfers(p, a100_80gb_sxm);
  BOOST_TEST(t.h2d_bytes == 2 * 28'576'983'168ULL + 11'361'820'672ULL);
  // (2 x 68,515,787,008) / 32e9 over PCIe 4.0 = 4.28224 s lower bound.
  BOOST_TEST(t.time_lower_bound_s == 4.28224, tt::tolerance(1e-4));
}

BOOST_AUTO_TEST_CASE(t5_on_the_host) {
  // umT5-XXL per prompt: 24 layers x (q, k, v, o 4 x 2 x 512 x 4096^2 = 68.72e9 + gated FFN
  // 3 x 2 x 512 x 4096 x 10240 = 128.85e9 + scores 2 x 2 x 64 x 512^2 x 64 = 4.29e9)
  // = 4.8454e12 tensor FLOPs (reference 4.1: 4.84 TF), plus < 1% vector work. Two prompts at the
  // host's 2e12 FLOP/s: >= 4.845 s lower bound, 2x that estimated.
  const run_time t = analyze(request720(official_single_gpu(false, true))).time;
  const stage_time* s = t.find(stage_id::text_encoder);
  BOOST_REQUIRE(s != nullptr);
  BOOST_TEST(s->on_host);
  BOOST_TEST(s->time_lower_bound_s == 4.85, tt::tolerance(0.01));
  BOOST_TEST(s->time_s == 2.0 * s->time_lower_bound_s, tt::tolerance(1e-12));
  BOOST_TEST(t.host_time_s == s->time_s, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(run_total_is_stages_plus_transfers) {
  const run_report r = analyze(request720(official_single_gpu(false, false)));
  const run_time& t = r.time;
  BOOST_TEST(t.stage_count == 3U);
  double sum = t.transfers.time_s, lb = t.transfers.time_lower_bound_s;
  for (std::size_t i = 0; i < t.stage_count; ++i) {
    sum += t.stages[i].time_s;
    lb += t.stages[i].time_lower_bound_s;
    BOOST_TEST(t.stages[i].time_lower_bound_s <= t.stages[i].time_s);
  }
  BOOST_TEST(t.time_s == sum, tt::tolerance(1e-12));
  BOOST_TEST(t.time_lower_bound_s == lb, tt::tolerance(1e-12));
  // The DiT dominates: 100 forwards of about 6.52 PFLOP each (reference 2.4) at no more than the
  // H100's 989.4 TFLOP/s is at least 659 s of the lower bound.
  BOOST_TEST(t.find(stage_id::dit)->time_lower_bound_s > 659.0);
  BOOST_TEST(r.plan.stage(stage_id::dit)->calls == 100U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(accuracy_tests)

// The targets of the issue: mean absolute error <= 15% for time and <= 10% for peak memory.
// The bounds below are what the model reaches (docs/accuracy.md), slightly rounded up.
BOOST_AUTO_TEST_CASE(published_single_gpu_runs) {
  const accuracy_report a = evaluate_published();
  BOOST_TEST_MESSAGE("MAE time raw " << a.mae_time_raw << ", in-sample " << a.mae_time_in_sample
                                     << ", held out " << a.mae_time_held_out << "; memory " << a.mae_memory);
  BOOST_TEST(a.mae_time_raw <= 0.07);       // reached 6.4%
  BOOST_TEST(a.mae_time_in_sample <= 0.065); // reached 5.7%
  BOOST_TEST(a.mae_time_held_out <= 0.08);  // reached 7.4% (leave-one-GPU-out)
  BOOST_TEST(a.max_time_held_out <= 0.19);  // reached 18.4% (RTX 4090, 1.3B)
  BOOST_TEST(a.mae_memory <= 0.07);         // reached 6.6%
  BOOST_TEST(a.max_memory <= 0.12);         // reached 11.1% (RTX 4090, TI2V-5B)
  // The targets, independently of the reached figures.
  BOOST_TEST(a.mae_time_held_out <= 0.15);
  BOOST_TEST(a.mae_memory <= 0.10);
}

BOOST_AUTO_TEST_CASE(every_row_is_predicted_with_its_settings) {
  const accuracy_report a = evaluate_published();
  for (const accuracy_row& r : a.rows) {
    BOOST_REQUIRE(r.run != nullptr);
    BOOST_TEST_CONTEXT(r.run->gpu << " " << r.run->model_id << " " << r.run->task << " " << r.run->height << "p") {
      // No row is off by more than a fifth before calibration, and each fits its device.
      BOOST_TEST(std::abs(relative_error(r.raw_time_s, r.run->total_time_s)) <= 0.20);
      BOOST_TEST(std::abs(relative_error(r.peak_gb, r.run->peak_memory_gb)) <= 0.12);
      BOOST_TEST(r.attention_s > 0.0);
      BOOST_TEST(r.fixed_s > 0.0); // every official single-GPU run offloads
      const device_spec& d = find_device(r.run->device_id);
      BOOST_TEST(r.peak_gb * 1e9 <= static_cast<double>(d.memory_capacity));
    }
  }
  // The held-out multipliers stay close to 1: the literature factors need no large correction.
  BOOST_TEST(a.in_sample.attention == 1.0, tt::tolerance(0.15));
  BOOST_TEST(a.in_sample.other == 1.0, tt::tolerance(0.15));
}

BOOST_AUTO_TEST_SUITE_END()
