// Runtime tier: run-level time (perf/run_time.hpp) and the accuracy of the whole model
// against the official published single- and multi-GPU runs (test/support/validation/accuracy.hpp,
// docs/accuracy.md).
// The error bounds are the figures the model reached when the table in docs/accuracy.md was
// made, rounded up by about half a percentage point: a change that makes the prediction worse
// fails here. Transfer and host-time expectations are derived by hand in the comments.
#include <boost/test/unit_test.hpp>

#include <wanmeter.hpp>
#include <wanmeter/hw/devices.hpp>
#include <validation/accuracy.hpp>
#include <validation/third_party_multi.hpp>
#include <wanmeter/run/analyze.hpp>

#include <cmath>
#include <string_view>
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

// --- Several GPUs (validation/published_multi.hpp, docs/accuracy.md "Accuracy on several GPUs") --

// The data as printed in the two READMEs: 7 table rows x 3 columns (2, 4, 8 GPUs) of Wan2.1 and
// 14 x 2 (4, 8) of Wan2.2; each row's layout spans its GPUs.
static_assert(published_multi_gpu_runs.size() == 49);
static_assert([] {
  int two = 0, four = 0, eight = 0;
  for (const published_run& r : published_multi_gpu_runs) {
    if (r.layout.world_size() != r.gpus) return false;
    two += r.gpus == 2;
    four += r.gpus == 4;
    eight += r.gpus == 8;
  }
  return two == 7 && four == 21 && eight == 21;
}());
// Wan2.1 T2V-14B on 8 H800/H100 (README: 287.9 s, 29.9 GB), FSDP + Ulysses 8.
static_assert(published_multi_gpu_runs[17].total_time_s == 287.9 && published_multi_gpu_runs[17].peak_memory_gb == 29.9 &&
              published_multi_gpu_runs[17].layout.ulysses == 8 && published_multi_gpu_runs[17].layout.dit_fsdp);
// Wan2.1 T2V-1.3B on 8 RTX 4090s: the README's "--ring_size 8 --ulysses_size 1" (12 heads).
static_assert(published_multi_gpu_runs[2].total_time_s == 112.3 && published_multi_gpu_runs[2].layout.ring == 8 &&
              published_multi_gpu_runs[2].layout.ulysses == 1);
// Wan2.2 TI2V-5B on 8 RTX 4090s: Ulysses 8 with offload, bf16 and the T5 on the CPU, no FSDP.
static_assert(published_multi_gpu_runs[22].total_time_s == 157.2 && published_multi_gpu_runs[22].t5_cpu == setting::yes &&
              published_multi_gpu_runs[22].offload_model == setting::yes && !published_multi_gpu_runs[22].layout.dit_fsdp);
// Wan2.2 I2V-A14B 720P on 8 H100/H800: 159.0 s, 37.0 GB, FA3.
static_assert(published_multi_gpu_runs[48].total_time_s == 159.0 && published_multi_gpu_runs[48].peak_memory_gb == 37.0 &&
              published_multi_gpu_runs[48].flash_attention_3 == setting::yes);

BOOST_AUTO_TEST_SUITE(multi_gpu_accuracy_tests)

namespace {
double mae_of(const accuracy_report& a, std::string_view device, double accuracy_row::*time) {
  double sum = 0;
  int n = 0;
  for (const accuracy_row& r : a.rows) {
    if (r.run->gpus <= 1 || r.run->device_id != device) continue;
    sum += std::abs(relative_error(r.*time, r.run->total_time_s));
    ++n;
  }
  return sum / n;
}
} // namespace

// The bounds are the figures of docs/accuracy.md ("Accuracy on several GPUs"), rounded up by
// about half a percentage point. The targets (time and memory MAE <= 10%, time also held
// out) are met in-sample and held out, and the raw time (no calibration) is at 10.31%; the RTX
// 4090 rows (1.3B ring 8, TI2V-5B memory) are the largest errors; docs/accuracy.md says why.
// (With the H800's NVLink for the "H800/H100" column, validation/published_multi.hpp; with the
// H100's, 11.15% raw, 6.70% in-sample and 7.51% held out.)
BOOST_AUTO_TEST_CASE(published_multi_gpu_runs_fit_on_themselves) {
  const accuracy_report a = evaluate_published_multi_gpu();
  BOOST_TEST_MESSAGE("multi-GPU MAE time raw " << a.mae_time_raw << ", in-sample " << a.mae_time_in_sample
                                               << ", held out " << a.mae_time_held_out << "; memory " << a.mae_memory);
  BOOST_TEST(a.scored_rows == 49U);
  BOOST_TEST(a.mae_time_raw <= 0.108);       // reached 10.31%
  BOOST_TEST(a.mae_time_in_sample <= 0.065); // reached 6.01%
  BOOST_TEST(a.mae_time_held_out <= 0.070);  // reached 6.54% (leave-one-GPU-out)
  BOOST_TEST(a.max_time_held_out <= 0.372);  // reached 36.74% (RTX 4090, 1.3B, ring 8)
  BOOST_TEST(a.mae_memory <= 0.055);         // reached 4.97%
  BOOST_TEST(a.max_memory <= 0.233);         // reached 22.79% (RTX 4090, TI2V-5B image-to-video)
  // The targets, independently of the reached figures.
  BOOST_TEST(a.mae_time_in_sample <= 0.10);
  BOOST_TEST(a.mae_time_held_out <= 0.10);
  BOOST_TEST(a.mae_memory <= 0.10);
  // Per held-out GPU (time MAE with that GPU's rows out of the fit).
  BOOST_TEST(mae_of(a, "a100-80gb-sxm", &accuracy_row::held_out_time_s) <= 0.034); // reached 2.9%
  BOOST_TEST(mae_of(a, "h800-sxm", &accuracy_row::held_out_time_s) <= 0.060);      // reached 5.5%
  BOOST_TEST(mae_of(a, "h20", &accuracy_row::held_out_time_s) <= 0.101);           // reached 9.6%
  BOOST_TEST(mae_of(a, "rtx-4090", &accuracy_row::held_out_time_s) <= 0.103);      // reached 9.8%
}

BOOST_AUTO_TEST_CASE(published_runs_single_and_multi_gpu_in_one_fit) {
  const accuracy_report a = evaluate_published_joint();
  BOOST_TEST(a.rows.size() == 70U);
  BOOST_TEST(a.scored_rows == 49U);
  BOOST_TEST(a.mae_time_raw <= 0.108);       // reached 10.31% (no fit: as above)
  BOOST_TEST(a.mae_time_in_sample <= 0.069); // reached 6.44%
  BOOST_TEST(a.mae_time_held_out <= 0.075);  // reached 7.02%
  BOOST_TEST(a.max_time_held_out <= 0.380);  // reached 37.56%
  // One fit for both keeps the multipliers within a tenth of 1.
  BOOST_TEST(a.in_sample.attention == 1.0, tt::tolerance(0.10)); // 1.082
  BOOST_TEST(a.in_sample.other == 1.0, tt::tolerance(0.10));     // 1.053
}

// Wan2.2's per-token time MLP priced as the code runs it by default (fp32 on CUDA cores) cannot
// fit the published A100 T2V-A14B 480P 8-GPU row: 32,760 tokens x 2 x 5120 x (256 + 7 x 5120) =
// 12,108,850,790,400 FLOP a forward (validation/published_multi.hpp), 80 forwards at 19.5e12
// FLOP/s = 49.68 s on every rank, against 24.6 s for the published part that 4 -> 8 GPUs does not
// shorten (2 x 119.9 - 215.2). Hence the rows' TF32.
BOOST_AUTO_TEST_CASE(fp32_time_mlp_exceeds_the_published_serial_part) {
  const published_run& p4 = published_multi_gpu_runs[33];
  const published_run& p8 = published_multi_gpu_runs[34];
  BOOST_TEST((p8.tf32_matmul == setting::yes));
  const double flops = 32'760.0 * 2 * 5120 * (256 + 7 * 5120);
  BOOST_TEST(flops == 12'108'850'790'400.0);
  const double fp32_s = 80 * flops / 19.5e12;
  BOOST_TEST(fp32_s > 2 * p8.total_time_s - p4.total_time_s);
}

BOOST_AUTO_TEST_CASE(every_multi_gpu_row_runs_its_layout) {
  const accuracy_report a = evaluate_published_multi_gpu();
  for (const accuracy_row& r : a.rows) {
    const published_run& p = *r.run;
    BOOST_TEST_CONTEXT(p.gpu << " " << p.model_id << " " << p.task << " " << p.height << "p, " << p.gpus << " GPUs") {
      const run_plan plan = make_run_plan(request_of(p, find_model(p.model_id), find_device(p.device_id)));
      BOOST_TEST(plan.layout().world_size() == p.gpus);
      BOOST_TEST(plan.collective_count > 0U);
      BOOST_TEST(r.communication_s > 0.0);
      // The official code turns the offload off on several GPUs; only the TI2V-5B rows ask for it.
      BOOST_TEST((plan.request.exec.offload == offload_policy::model) == (p.model_id == "wan2.2-ti2v-5b"));
      // No row is off by more than half (the worst, the 4090 1.3B ring row, is -42% raw), and
      // each fits its device.
      BOOST_TEST(std::abs(relative_error(r.raw_time_s, p.total_time_s)) <= 0.45);
      BOOST_TEST(std::abs(relative_error(r.peak_gb, p.peak_memory_gb)) <= 0.24);
      BOOST_TEST(r.peak_gb * 1e9 <= static_cast<double>(find_device(p.device_id).memory_capacity));
    }
  }
}

// The third-party rows (validation/third_party_multi.hpp) run with their layouts; the official
// code's run by Morphic (8 x H100, TF32 off) lands within 15% like the official rows.
BOOST_AUTO_TEST_CASE(third_party_rows_run) {
  for (const third_party_run& t : third_party_multi_gpu_runs) {
    run_request q = request_of(t.run, find_model(t.run.model_id), find_device(t.run.device_id));
    if (t.fused) q.exec.mode = exec_model::fused;
    const run_report a = analyze(q);
    BOOST_TEST(a.plan.layout().world_size() == t.run.gpus);
    BOOST_TEST(a.time.time_s > 0.0);
    if (t.engine == "official") BOOST_TEST(std::abs(relative_error(a.time.time_s, t.run.total_time_s)) <= 0.15);
  }
}

// --parallel-vae (fused): on 8 H100s the decode of 14B 1280x720x81 runs on a 14-row slice of the
// 90 latent rows (test/static/parallel.cpp), so the busiest rank's decode takes about 14/90 =
// 0.156 of rank 0's whole decode: a little less, as the middle block's per-frame attention
// (quadratic in the rows) only sees the slice; measured 0.505 of 3.469 s (0.146). Plus one
// all-gather of 119,439,360 B slices; its decode memory is the slice's live set plus the
// 955,514,880-byte gathered video, below the whole decode's (3.45 against 15.99 GB).
BOOST_AUTO_TEST_CASE(parallel_vae_decode_per_rank) {
  run_request q = request720(run_execution{.mode = exec_model::fused});
  q.layout = parallel_layout{.ulysses = 8};
  const run_report whole = analyze(q);
  q.layout.parallel_vae = true;
  const run_report sliced = analyze(q);
  const double t_whole = whole.time.find(stage_id::vae_decode)->compute_s;
  const double t_slice = sliced.time.find(stage_id::vae_decode)->compute_s;
  BOOST_TEST(t_slice >= t_whole * (14.0 / 90.0) * (14.0 / 90.0));
  BOOST_TEST(t_slice <= t_whole * 14.0 / 90.0);
  BOOST_TEST(sliced.time.find(stage_id::vae_decode)->communication_s > 0.0);
  BOOST_TEST(whole.time.find(stage_id::vae_decode)->communication_s == 0.0);
  const count m_whole = whole.memory.find(stage_id::vae_decode)->peak_activation_bytes;
  const count m_slice = sliced.memory.find(stage_id::vae_decode)->peak_activation_bytes;
  BOOST_TEST(m_slice > 955'514'880ULL);
  BOOST_TEST(m_slice < m_whole);
  // The DiT stages do not change.
  BOOST_TEST(sliced.time.find(stage_id::dit)->time_s == whole.time.find(stage_id::dit)->time_s);
}

// The shapes of the published curves (docs/accuracy.md, "Where the model and a published row
// disagree"): what the model reproduces, as a test; what it does not is stated there.
BOOST_AUTO_TEST_CASE(scaling_shapes) {
  const accuracy_report a = evaluate_published_multi_gpu();
  const auto raw = [&](std::size_t i) { return a.rows[i].raw_time_s; };
  // RTX 4090 1.3B (rows 0-2: 2, 4, 8 GPUs): published 188.5 -> 120.8 -> 112.3 s, x1.56 then x1.08.
  // The model flattens too, less: x1.78 then x1.44 (ring K/V and FSDP gathers through host memory,
  // and the ring's 7 fp32 merges of partial outputs per block, layers/ring_merge.hpp).
  BOOST_TEST(raw(0) / raw(1) > 1.6);
  BOOST_TEST(raw(1) / raw(2) < 1.6);
  BOOST_TEST(raw(1) / raw(2) < raw(0) / raw(1) - 0.2);
  // On the one published 8 x RTX 4090 topology (NVIDIA/nccl-tests issue 307: four GPUs behind each
  // PCIe switch, whose 24 GB/s uplink their host-staged traffic shares; `pcie4-no-p2p-switch`)
  // the curve flattens as published: 176.0 -> 121.3 -> 126.1 s, x1.45 then x0.96 (published
  // x1.56 then x1.08), the three rows within 13%. The table keeps the RTX 4090's default box,
  // one root port per GPU, since the Wan team's box is not published (docs/accuracy.md item 3).
  const auto switched = [](std::size_t i) {
    run_request q = request_of(published_multi_gpu_runs[i], find_model(published_multi_gpu_runs[i].model_id),
                               find_device(published_multi_gpu_runs[i].device_id));
    q.interconnect = &pcie4_no_p2p_switch;
    return analyze(q).time.time_s;
  };
  const double s2 = switched(0), s4 = switched(1), s8 = switched(2);
  BOOST_TEST(s2 / s4 < 1.6);
  BOOST_TEST(s4 / s8 < 1.1);
  for (const auto& [t, i] : {std::pair{s2, 0}, std::pair{s4, 1}, std::pair{s8, 2}}) {
    BOOST_TEST(std::abs(relative_error(t, published_multi_gpu_runs[i].total_time_s)) <= 0.13);
  }
  // Wan2.2 A14B 4 -> 8 GPUs: the H20 scales better than the H800/H100 (published x1.80 / x1.89 /
  // x1.76 / x1.87 against x1.78 / x1.86 / x1.75 / x1.83; rows 25-32 and 41-48, pairs 4 and 8).
  // The H20 keeps the full NVLink 4 that the H800 lost (nvlink4 against nvlink4-h800), while its
  // compute is 0.15 of the H800's, so the same all-to-alls weigh less on it: x1.844 / 1.906 /
  // 1.818 / 1.889 against x1.811 / 1.895 / 1.792 / 1.883. (With an H100's full NVLink the two
  // were level, x1.840 / 1.909 / 1.821 / 1.896.)
  for (std::size_t k = 0; k < 4; ++k) {
    const std::size_t h20 = 25 + 2 * k, h800 = 41 + 2 * k;
    BOOST_TEST_CONTEXT(a.rows[h20].run->model_id << " " << a.rows[h20].run->height << "p") {
      BOOST_TEST(published_multi_gpu_runs[h20].device_id == "h20");
      BOOST_TEST(published_multi_gpu_runs[h800].device_id == "h800-sxm");
      BOOST_TEST(raw(h20) / raw(h20 + 1) > raw(h800) / raw(h800 + 1));
    }
  }
  // Wan2.1 14B 1 -> 8 GPUs (rows 3-8 and 15-20, with the single-GPU rows' times): the H20 scales
  // better too, published x7.07 / x7.06 against x6.38 / x6.25. The model has the order, with a
  // smaller gap: its 4 -> 8 ratios are x1.971 / x1.948 on the H20 against x1.955 / x1.936 on the H800.
  for (std::size_t k = 0; k < 2; ++k) {
    const std::size_t h20 = 4 + 3 * k, h800 = 16 + 3 * k;
    BOOST_TEST(published_multi_gpu_runs[h800].device_id == "h800-sxm");
    BOOST_TEST(raw(h20) / raw(h20 + 1) > raw(h800) / raw(h800 + 1));
  }
}

BOOST_AUTO_TEST_SUITE_END()
