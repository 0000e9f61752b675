// Runtime tier: run-level time (perf/run_time.hpp) and the accuracy of the whole model
// against the official published single-GPU runs (test/support/validation/accuracy.hpp,
// docs/accuracy.md).
// The error bounds are the figures the model reached when the table in docs/accuracy.md was
// made, rounded up by about half a percentage point: a change that makes the prediction worse
// fails here. Transfer and host-time expectations are derived by hand in the comments.
#include <boost/test/unit_test.hpp>

#include <wanmeter.hpp>
#include <wanmeter/hw/devices.hpp>
#include <validation/accuracy.hpp>
#include <wanmeter/run/analyze.hpp>

#include <cmath>
#include <utility>

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
  BOOST_TEST(a.mae_time_raw <= 0.069);      // reached 6.4%
  BOOST_TEST(a.mae_time_in_sample <= 0.062); // reached 5.7%
  BOOST_TEST(a.mae_time_held_out <= 0.078); // reached 7.3% (leave-one-GPU-out)
  BOOST_TEST(a.max_time_held_out <= 0.20);  // reached 19.5% (RTX 4090, 1.3B)
  BOOST_TEST(a.mae_memory <= 0.07);         // reached 6.6%
  BOOST_TEST(a.max_memory <= 0.123);        // reached 11.8% (RTX 4090, TI2V-5B image-to-video)
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

BOOST_AUTO_TEST_CASE(attention_and_image_of_the_published_runs) {
  // Rows that leave the kernel unstated (Wan2.1 on H20 and H100) take what `auto` resolves to for
  // Wan2.1: FlashAttention 2, the only one its requirements.txt installs.
  for (const published_run& r : published_runs) {
    if (r.flash_attention_3 != setting::unknown) continue;
    BOOST_TEST_CONTEXT(r.gpu << " " << r.model_id) {
      BOOST_TEST(r.model_id.substr(0, 6) == "wan2.1");
      BOOST_TEST((execution_of(r).roofline.attention == attention_kernel::flash_attention_2));
    }
  }
  // The default Wan2.1 T2V-14B run on an H100 (row 5: published 1837.9 s): with the kernel `auto`
  // now resolves to, FA2, within 10% of the published time; with FA3 it was 36% too fast (1171 s).
  const published_run& h100 = published_runs[5];
  const model_entry& m = find_model(h100.model_id);
  run_request q = request_of(h100, m, h100_sxm);
  q.exec = official_single_gpu(false, false); // attention `auto`: the run resolves it
  const double fa2 = analyze(q).time.time_s;
  BOOST_TEST(std::abs(relative_error(fa2, h100.total_time_s)) <= 0.10);
  q.exec.roofline.attention = attention_kernel::flash_attention_3;
  const double fa3 = analyze(q).time.time_s;
  BOOST_TEST(relative_error(fa3, h100.total_time_s) < -0.30);

  // Image-to-video rows run the README's example image (832 x 1104) at the row's area, sizes from
  // the official float64 formula worked by hand: 720P: sqrt(921,600 * 1104/832) = 1105.9 -> 1104,
  // sqrt(921,600 * 832/1104) = 833.4 -> 832; 480P: sqrt(529,920) = 728.0 -> 720, sqrt(300,967) =
  // 548.6 -> 544; TI2V-5B (best_output_size, 901,120): ow = 824.1 -> 800 / 1120 (ratio 0.714),
  // oh = 1093.5 -> 1088 / 800 (0.735); the image's 0.754 is nearer the second: 800 x 1088.
  const auto size_of = [](std::size_t row) {
    const published_run& r = published_runs[row];
    const run_plan p = make_run_plan(request_of(r, find_model(r.model_id), find_device(r.device_id)));
    return std::pair{p.pipeline.w.width, p.pipeline.w.height};
  };
  BOOST_TEST((size_of(6) == std::pair<count, count>{832, 1104}));   // Wan2.1 I2V 720P, H100
  BOOST_TEST((size_of(8) == std::pair<count, count>{800, 1088}));   // TI2V-5B image-to-video
  BOOST_TEST((size_of(11) == std::pair<count, count>{544, 720}));   // Wan2.2 I2V 480P, H20
  BOOST_TEST((size_of(20) == std::pair<count, count>{832, 1104}));  // Wan2.2 I2V 720P, H100
  BOOST_TEST((size_of(7) == std::pair<count, count>{1280, 704}));   // TI2V-5B text-to-video
}

BOOST_AUTO_TEST_SUITE_END()
