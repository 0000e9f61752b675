// Runtime tier: analysed runs (run/analyze.hpp): execution, memory, time per module / stage / run,
// hotspots by time, and their JSON. Expected figures are derived by hand from the official
// parameter counts and the device datasheets quoted in each case; sums are recomputed here from
// the leaf rows, never read back from the code's own totals.
#include <boost/test/unit_test.hpp>

#include <wanmeter/hw/devices.hpp>
#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/run/analyze.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

using namespace wanmeter;

namespace {

// Official parameter counts (reference section 1.2): Wan2.1 14B DiT, umT5-XXL encoder, Wan2.1 VAE.
constexpr count dit_14b_params = 14'288'491'584;
constexpr count t5_params = 5'680'910'336;
constexpr count vae_2_1_params = 126'892'531; // encoder + decoder

bool close(double a, double b, double rel = 1e-9) {
  return std::abs(a - b) <= rel * std::max({std::abs(a), std::abs(b), 1e-300});
}

run_report run_14b(const workload& w, std::string_view profile, const device_spec* d, run_execution x) {
  run_request q{};
  q.model = find_model("wan2.1-t2v-14b");
  q.w = w;
  q.profile_id = profile;
  q.exec = x;
  q.device = d;
  return analyze(q);
}
run_report tiny_14b(const device_spec* d, run_execution x = {.offload = offload_policy::model}) {
  return run_14b(profile_ci_tiny, "wan2-1-ci-tiny", d, x);
}
run_report run_720p(const device_spec* d, run_execution x = {.offload = offload_policy::model}) {
  return run_14b(profile_720p, "wan2-1-720p", d, x);
}

/// Every parent's time equals the sum of its children's (summed here over the rows); every
/// stage's time is the sum of its own leaves' times (summed here, not its root row); the run's
/// time is the sum of all leaves plus `transfer_s` / `transfer_lower_s` (derived by the caller).
void check_time_sums(const run_report& r, double transfer_s, double transfer_lower_s) {
  const auto& rows = r.rows.modules;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < rows.size(); ++i) index[rows[i].id()] = i;
  std::vector<double> sum(rows.size(), 0.0), lower(rows.size(), 0.0);
  std::vector<bool> parent(rows.size(), false);
  std::map<stage_id, double> stage_leaves, stage_leaves_lower;
  double leaves = 0.0, leaves_lower = 0.0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const module_time& t = rows[i].time;
    BOOST_TEST(t.lower_bound_s <= t.time_s * (1 + 1e-12));
    BOOST_TEST(t.lower_bound_s >= 0.0, rows[i].id());
    if (rows[i].leaf) {
      stage_leaves[rows[i].stage] += t.time_s;
      stage_leaves_lower[rows[i].stage] += t.lower_bound_s;
      leaves += t.time_s;
      leaves_lower += t.lower_bound_s;
    }
    if (!rows[i].has_parent()) continue;
    const std::size_t p = index.at(rows[i].parent_id());
    sum[p] += t.time_s;
    lower[p] += t.lower_bound_s;
    parent[p] = true;
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!parent[i]) continue;
    BOOST_TEST(close(sum[i], rows[i].time.time_s), rows[i].id());
    BOOST_TEST(close(lower[i], rows[i].time.lower_bound_s), rows[i].id());
  }
  BOOST_TEST(r.time.stage_count == r.rows.core.stage_count);
  for (const stage_row& s : r.rows.core.stage_rows()) {
    const stage_time* st = r.time.find(s.id);
    BOOST_TEST_REQUIRE(st != nullptr);
    BOOST_TEST(close(st->time_s, stage_leaves.at(s.id)), s.name());
    BOOST_TEST(close(st->time_lower_bound_s, stage_leaves_lower.at(s.id)), s.name());
  }
  BOOST_TEST(close(r.time.transfers.time_s, transfer_s, 1e-12));
  BOOST_TEST(close(r.time.transfers.time_lower_bound_s, transfer_lower_s, 1e-12));
  BOOST_TEST(close(r.time.time_s, leaves + transfer_s));
  BOOST_TEST(close(r.time.time_lower_bound_s, leaves_lower + transfer_lower_s));
}

// Offload of the 14B T2V on a PCIe 5.0 x16 device (64e9 B/s per direction), pageable memory
// (0.40 of the link): the bf16 T5 2 x 5,680,910,336 = 11,361,820,672 B and the fp32 DiT
// 4 x 14,288,491,584 = 57,153,966,336 B, each in and out once: 68,515,787,008 B each way.
constexpr double moved_14b = 68'515'787'008.0;
constexpr double offload_lower_pcie5 = 2 * moved_14b / 64e9; // 2.14112 s
constexpr double offload_pcie5 = offload_lower_pcie5 / 0.40; // 5.35280 s

} // namespace

BOOST_AUTO_TEST_SUITE(report_run)

BOOST_AUTO_TEST_CASE(memory_offload_and_resident) {
  // Offload: the DiT stage holds the fp32 DiT and the fp32 VAE.
  const run_report off = tiny_14b(nullptr);
  const stage_memory* dit = off.memory.find(stage_id::dit);
  BOOST_TEST_REQUIRE(dit != nullptr);
  BOOST_TEST(dit->weights_bytes == 4 * dit_14b_params);
  BOOST_TEST(dit->resident_weights_bytes == 4 * dit_14b_params + 4 * vae_2_1_params);
  // Wan2.1 T2V keeps its DiT on the device from init: the text encoder stage holds T5 + VAE + DiT.
  const stage_memory* t5 = off.memory.find(stage_id::text_encoder);
  BOOST_TEST_REQUIRE(t5 != nullptr);
  BOOST_TEST(t5->resident_weights_bytes == 2 * t5_params + 4 * vae_2_1_params + 4 * dit_14b_params);
  BOOST_TEST(!off.memory.has_device);
  BOOST_TEST(!off.memory.fits);
  // No offload: every stage holds every model.
  const run_report all = tiny_14b(nullptr, run_execution{.offload = offload_policy::none});
  BOOST_TEST(all.memory.stage_count == 3U);
  for (const stage_memory& s : all.memory.stage_list()) {
    BOOST_TEST(s.resident_weights_bytes == 4 * dit_14b_params + 2 * t5_params + 4 * vae_2_1_params);
  }
  // bf16 DiT weights halve the DiT's bytes.
  const run_report bf16 = tiny_14b(nullptr, run_execution{.dit_weight = dtype::bf16, .offload = offload_policy::model});
  BOOST_TEST(bf16.memory.find(stage_id::dit)->weights_bytes == 2 * dit_14b_params);
}

BOOST_AUTO_TEST_CASE(memory_of_the_720p_run) {
  // Wan2.1 T2V-14B 1280x720x81, offload, on an H100 SXM (derivations as in
  // test/static/memory_footprint.cpp, here through analyze()):
  //   text_encoder  DiT 57,153,966,336 + T5 11,361,820,672 + VAE 507,570,124
  //                 + umT5 activations 255,852,544 = 69,279,209,676
  //   dit           E = 75,600 x 5120 = 387,072,000: x 4E 1,548,288,000 + context 512 x 5120 x 2
  //                 5,242,880 + e, e0 7 x 5120 x 4 143,360 + eager block 34E 13,160,448,000
  //                 = 14,714,122,240 activations; + DiT + VAE 57,661,536,460 = 72,375,658,700
  //   vae_decode    VAE 507,570,124 + cache 8,716,492,800 + phase 6,379,324,416 + video
  //                 895,795,200 = 16,499,182,540
  // The run peaks in the DiT stage at 72,375,658,700 B (published: 69.1 GB).
  const run_report r = run_720p(&find_device("h100-sxm"));
  BOOST_TEST_REQUIRE(r.memory.stage_count == 3U);
  BOOST_TEST(r.memory.find(stage_id::text_encoder)->peak_bytes == 69'279'209'676ULL);
  BOOST_TEST(r.memory.find(stage_id::dit)->peak_activation_bytes == 14'714'122'240ULL);
  BOOST_TEST(r.memory.find(stage_id::dit)->peak_bytes == 72'375'658'700ULL);
  BOOST_TEST(r.memory.find(stage_id::vae_decode)->peak_bytes == 16'499'182'540ULL);
  BOOST_TEST(r.memory.peak_bytes == 72'375'658'700ULL);
  BOOST_TEST((r.memory.stages[r.memory.peak_stage].stage == stage_id::dit));
  BOOST_TEST(r.memory.weights_bytes == 57'661'536'460ULL);
  // 80 GiB = 85,899,345,920 B (H100 SXM5 datasheet) holds 72.4 GB ...
  BOOST_TEST(r.memory.device_bytes == 85'899'345'920ULL);
  BOOST_TEST(r.memory.fits);
  // ... 40 GiB = 42,949,672,960 B (A100 40GB) does not.
  BOOST_TEST(!run_720p(&find_device("a100-40gb-sxm")).memory.fits);
  // Without offload the decode peaks with every model resident: DiT + T5 + VAE 69,023,357,132 +
  // decode activations 15,991,612,416 = 85,014,969,548 B, still under 80 GiB.
  const run_report all = run_720p(&find_device("h100-sxm"), run_execution{});
  BOOST_TEST(all.memory.peak_bytes == 85'014'969'548ULL);
  BOOST_TEST((all.memory.stages[all.memory.peak_stage].stage == stage_id::vae_decode));
  BOOST_TEST(all.memory.fits);
}

BOOST_AUTO_TEST_CASE(device_fit_and_transfers) {
  const run_report r = tiny_14b(&find_device("h100-sxm"));
  // 80 GiB HBM3 (H100 SXM5 datasheet).
  BOOST_TEST(r.memory.device_bytes == count{80} << 30);
  // The tiny run holds at most the DiT + T5 + VAE weights (68.9 GB) plus small activations.
  BOOST_TEST(r.memory.fits);
  // Offload moves the bf16 T5 and the fp32 DiT in and out once each.
  const count moved = 2 * t5_params + 4 * dit_14b_params; // 68,515,787,008 B
  BOOST_TEST(r.time.transfers.h2d_bytes == moved);
  BOOST_TEST(r.time.transfers.d2h_bytes == moved);
  check_time_sums(r, offload_pcie5, offload_lower_pcie5);
  // A 24 GiB RTX 4090 (25,769,803,776 B) cannot hold the 57,153,966,336 B fp32 DiT.
  const run_report small = tiny_14b(&find_device("rtx-4090"));
  BOOST_TEST(small.memory.device_bytes == 25'769'803'776ULL);
  BOOST_TEST(!small.memory.fits);
  // No offload: nothing moves.
  const run_report resident = tiny_14b(&find_device("h100-sxm"), run_execution{.offload = offload_policy::none});
  BOOST_TEST(resident.time.transfers.h2d_bytes == 0U);
  check_time_sums(resident, 0.0, 0.0);
}

BOOST_AUTO_TEST_CASE(attention_core_time_720p) {
  // Wan2.1 T2V-14B 1280x720x81 on an H100 SXM: one self-attention core is
  // 4 x 40 heads x 75,600^2 x 128 = 117,050,572,800,000 tensor FLOP at 989,429,760,000,000 FLOP/s
  // (bf16 dense, hw/devices.hpp) = 0.1183010 s, tensor bound; FA3 on Hopper reaches 0.655 of it
  // (perf/efficiency.hpp): 0.1806123 s. 100 forwards -> 11.83010 s and 18.06123 s. FA3 is asked
  // for: `auto` runs what Wan2.1's official install has, FA2 (attention_kernel_of_auto below).
  const run_report r = run_720p(&find_device("h100-sxm"),
                                run_execution{.offload = offload_policy::model, .roofline = {.attention = attention_kernel::flash_attention_3}});
  check_time_sums(r, offload_pcie5, offload_lower_pcie5);
  constexpr double core_lower = 100 * 117'050'572'800'000.0 / 989'429'760'000'000.0;
  bool found = false;
  for (const module_row& m : r.rows.modules) {
    if (m.id() != "dit.blocks.0.self_attn.attn_core") continue;
    found = true;
    BOOST_TEST(close(m.time.lower_bound_s, core_lower));
    BOOST_TEST(close(m.time.time_s, core_lower / 0.655));
    BOOST_TEST(name_of(m.time.bound_by) == "tensor");
  }
  BOOST_TEST(found);
  // The DiT stage: 40 such cores per forward are part of its lower bound (4,000 x 0.1183 s).
  BOOST_TEST(r.time.find(stage_id::dit)->time_lower_bound_s > 40 * core_lower);
  // Hotspots by time: the slowest leaf (found here by a scan of every leaf) ranks first; the 40
  // equal self-attention cores tie and are ordered by id as text: 0, 1, 10, 11, ..., 17.
  BOOST_TEST((r.rows.core.hot.ranked_by == hotspot_key::time));
  double slowest = 0.0;
  for (const module_row& m : r.rows.modules) {
    if (m.leaf) slowest = std::max(slowest, m.time.time_s);
  }
  BOOST_TEST_REQUIRE(r.rows.core.hot.top_leaf_count == 10U);
  const std::vector<std::string> expected{"0", "1", "10", "11", "12", "13", "14", "15", "16", "17"};
  for (std::size_t i = 0; i < 10; ++i) {
    const module_row& m = r.rows.modules[r.rows.core.hot.top_leaves[i]];
    BOOST_TEST(m.id() == "dit.blocks." + expected[i] + ".self_attn.attn_core");
    BOOST_TEST(m.time.time_s == slowest);
  }
  // Categories by time, summed here over the leaves of each category.
  std::map<category, double> by_cat;
  for (const module_row& m : r.rows.modules) {
    if (m.leaf) by_cat[m.cat] += m.time.time_s;
  }
  BOOST_TEST_REQUIRE(r.rows.core.hot.top_category_count == 5U);
  BOOST_TEST((r.rows.core.hot.top_categories[0].cat == category::attention_core));
  for (std::size_t i = 0; i < 5; ++i) {
    const category_row& c = r.rows.core.hot.top_categories[i];
    BOOST_TEST(close(c.time_s, by_cat[c.cat]), name_of(c.cat));
    if (i > 0) BOOST_TEST(r.rows.core.hot.top_categories[i - 1].time_s >= c.time_s);
  }
  // The self-attention cores alone: 40 x 18.06123 s = 722.449 s.
  BOOST_TEST(r.rows.core.hot.top_categories[0].time_s > 40 * core_lower / 0.655);
}

BOOST_AUTO_TEST_CASE(text_encoder_on_host) {
  // --t5-cpu: the text encoder's modules are host bound; its time is FLOPs / 2e12 / 0.5. The
  // tensor FLOPs of one umT5-XXL prompt of 512 tokens, per layer: q, k, v, o 4 x 2 x 512 x 4096^2
  // = 68,719,476,736 + gated FFN 3 x 2 x 512 x 4096 x 10240 = 128,849,018,880 + scores and
  // values 2 x 2 x 64 x 512^2 x 64 = 4,294,967,296 -> 201,863,462,912; 24 layers.
  const run_report r = tiny_14b(&find_device("a100-80gb-sxm"), run_execution{.offload = offload_policy::model, .t5_cpu = true});
  // Only the DiT moves (the T5 stays on the host): 2 x 57,153,966,336 B over PCIe 4.0 x16 (32e9 B/s).
  constexpr double lower = 2 * 57'153'966'336.0 / 32e9;
  check_time_sums(r, lower / 0.40, lower);
  const stage_row& t5 = r.rows.core.stage("text_encoder");
  BOOST_TEST(t5.per_call.tensor_flops == 24ULL * 201'863'462'912ULL);
  BOOST_TEST(t5.calls == 2U); // one prompt and one negative prompt
  const double flops = static_cast<double>(t5.total.tensor_flops) + static_cast<double>(t5.total.vector_flops);
  // The vector work is below 1% of the tensor work.
  BOOST_TEST(flops < 1.01 * 2 * 24 * 201'863'462'912.0);
  BOOST_TEST(close(r.time.find(stage_id::text_encoder)->time_lower_bound_s, flops / 2e12, 1e-9));
  BOOST_TEST(close(r.time.find(stage_id::text_encoder)->time_s, flops / 2e12 / 0.5, 1e-9));
  BOOST_TEST(r.time.find(stage_id::text_encoder)->on_host);
  BOOST_TEST(close(r.time.host_time_s, flops / 2e12 / 0.5, 1e-9));
  BOOST_TEST(name_of(r.rows.modules[t5.first_module].time.bound_by) == "host");
  BOOST_TEST(r.time.transfers.h2d_bytes == 4 * dit_14b_params);
  // A host stage leaves no roofline points.
  for (const roofline_point& p : r.points) BOOST_TEST(p.id.rfind("text_encoder", 0) != 0U, p.id);
}

BOOST_AUTO_TEST_CASE(json_and_summary_follow_the_device) {
  for (const device_spec* d : {static_cast<const device_spec*>(nullptr), &find_device("h100-sxm")}) {
    for (const char* id : {"wan2.1-t2v-14b", "wan2.1-flf2v-14b", "wan2.2-t2v-a14b", "wan2.2-ti2v-5b"}) {
      run_request q{};
      q.model = find_model(id);
      q.w = profile_ci_tiny;
      q.w.height = 256;
      q.device = d;
      q.exec.offload = offload_policy::model;
      const run_report r = analyze(q);
      const std::string text = to_json_text(r.view());
      BOOST_TEST(text.back() == '\n');
      const boost::json::value v = boost::json::parse(text);
      BOOST_TEST(v.as_object().contains("memory"));
      BOOST_TEST(v.as_object().at("device").is_null() == (d == nullptr));
      BOOST_TEST(v.as_object().contains("time_s") == (d != nullptr));
      const std::string md = to_summary_markdown(r.view());
      BOOST_TEST((md.find("![roofline](roofline.svg)") != std::string::npos) == (d != nullptr));
      BOOST_TEST(md.find("## Execution and memory") != std::string::npos);
      BOOST_TEST(r.points.empty() == (d == nullptr));
    }
  }
}

BOOST_AUTO_TEST_CASE(shift_moves_the_expert_boundary) {
  // Wan2.2 T2V-A14B, 40 steps, boundary 0.875; sigma s_i ~ 1 - i/40, shifted S s / (1 + (S - 1) s):
  // S = 12 -> s >= 0.368 -> 26 high-noise steps; S = 5 -> s >= 0.583 -> 17.
  run_request q{};
  q.model = find_model("wan2.2-t2v-a14b");
  q.w = q.model.defaults.w;
  q.w.frames = 5;
  q.w.height = 256;
  q.w.width = 256;
  BOOST_TEST(analyze(q).plan.pipeline.high_noise_steps == 26U);
  q.options.shift = 5.0;
  const run_report r = analyze(q);
  BOOST_TEST(r.plan.pipeline.high_noise_steps == 17U);
  BOOST_TEST(r.rows.core.stage("dit_high_noise").calls == 17U * 2U);
  BOOST_TEST(r.rows.core.stage("dit_low_noise").calls == 23U * 2U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(attention_kernel_of_auto) {
  // `--attention auto` follows each family's official install (perf/efficiency.hpp
  // resolve_attention): Wan2.1 installs FlashAttention 2 only; Wan2.2 runs FA3 on Hopper. The
  // kernel is what report.json's execution.attention_kernel says and what the time assumes: the
  // Wan2.1 core on an H100 at FA2's Hopper efficiency differs from the FA3 run above.
  const device_spec& h100 = find_device("h100-sxm");
  const run_report wan21 = run_720p(&h100);
  BOOST_TEST((wan21.plan.roofline.attention == attention_kernel::flash_attention_2));
  BOOST_TEST(to_json_text(wan21.view()).find("\"attention\": \"auto\", \"attention_kernel\": \"fa2\"") != std::string::npos);
  const run_report wan22 = analyze(run_request{.model = find_model("wan2.2-t2v-a14b"),
                                               .w = find_model("wan2.2-t2v-a14b").defaults.w,
                                               .device = &h100});
  BOOST_TEST((wan22.plan.roofline.attention == attention_kernel::flash_attention_3));
  const run_report a100 = analyze(run_request{.model = find_model("wan2.2-t2v-a14b"),
                                              .w = find_model("wan2.2-t2v-a14b").defaults.w,
                                              .device = &find_device("a100-80gb-sxm")});
  BOOST_TEST((a100.plan.roofline.attention == attention_kernel::flash_attention_2));
  // Without a device nothing is timed and the kernel is left as asked.
  BOOST_TEST(to_json_text(run_720p(nullptr).view()).find("\"attention_kernel\": null") != std::string::npos);
}
