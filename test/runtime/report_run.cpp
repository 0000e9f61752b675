// Runtime tier: run reports (report/run.hpp): execution, memory, time per module / stage / run,
// hotspots by time, and their JSON. Expected figures are derived by hand from the official
// parameter counts and the device datasheets quoted in each case.
#include <boost/test/unit_test.hpp>

#include <wanmeter/hw/devices.hpp>
#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/report/run.hpp>

#include <boost/json/parse.hpp>

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

run_report tiny_14b(const device_spec* d, run_execution x = {.offload = true}) {
  run_request q{};
  q.model = find_model("wan2.1-t2v-14b");
  q.w = profile_ci_tiny;
  q.profile_id = "wan2-1-ci-tiny";
  q.exec = x;
  q.device = d;
  return analyze_run(q);
}

/// Every parent's time equals the sum of its children's; stage = root; run = stages + transfers.
void check_time_sums(const run_report& r) {
  const auto& rows = r.rows.modules;
  const auto& mt = r.info.module_times;
  BOOST_TEST_REQUIRE(mt.size() == rows.size());
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < rows.size(); ++i) index[rows[i].id()] = i;
  std::vector<double> sum(rows.size(), 0.0), lower(rows.size(), 0.0);
  std::vector<bool> parent(rows.size(), false);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    BOOST_TEST(mt[i].lower_bound_s <= mt[i].time_s * (1 + 1e-12));
    if (!rows[i].has_parent()) continue;
    const std::size_t p = index.at(rows[i].parent_id());
    sum[p] += mt[i].time_s;
    lower[p] += mt[i].lower_bound_s;
    parent[p] = true;
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!parent[i]) continue;
    BOOST_TEST(close(sum[i], mt[i].time_s), rows[i].id());
    BOOST_TEST(close(lower[i], mt[i].lower_bound_s), rows[i].id());
  }
  double run = r.info.time.transfers.time_s;
  double run_lower = r.info.time.transfers.time_lower_bound_s;
  for (const stage_row& s : r.rows.core.stage_rows()) {
    const stage_time* st = r.info.time.find(s.name);
    BOOST_TEST_REQUIRE(st != nullptr);
    BOOST_TEST(st->time_s == mt[s.first_module].time_s);
    BOOST_TEST(st->time_lower_bound_s == mt[s.first_module].lower_bound_s);
    run += st->time_s;
    run_lower += st->time_lower_bound_s;
  }
  BOOST_TEST(close(run, r.info.time.time_s));
  BOOST_TEST(close(run_lower, r.info.time.time_lower_bound_s));
}

} // namespace

BOOST_AUTO_TEST_SUITE(report_run)

BOOST_AUTO_TEST_CASE(memory_offload_and_resident) {
  // Offload: the DiT stage holds the fp32 DiT and the fp32 VAE.
  const run_report off = tiny_14b(nullptr);
  const stage_memory* dit = off.info.memory.find("dit");
  BOOST_TEST_REQUIRE(dit != nullptr);
  BOOST_TEST(dit->weights_bytes == 4 * dit_14b_params);
  BOOST_TEST(dit->resident_weights_bytes == 4 * dit_14b_params + 4 * vae_2_1_params);
  BOOST_TEST(dit->peak_bytes == dit->resident_weights_bytes + dit->peak_activation_bytes);
  // Wan2.1 T2V keeps its DiT on the device from init: the text encoder stage holds T5 + VAE + DiT.
  const stage_memory* t5 = off.info.memory.find("text_encoder");
  BOOST_TEST_REQUIRE(t5 != nullptr);
  BOOST_TEST(t5->resident_weights_bytes == 2 * t5_params + 4 * vae_2_1_params + 4 * dit_14b_params);
  BOOST_TEST(!off.info.memory.has_device);
  // No offload: every stage holds every model.
  const run_report all = tiny_14b(nullptr, run_execution{.offload = false});
  for (std::size_t i = 0; i < all.info.memory.stage_count; ++i) {
    BOOST_TEST(all.info.memory.stages[i].resident_weights_bytes ==
               4 * dit_14b_params + 2 * t5_params + 4 * vae_2_1_params);
  }
  // bf16 DiT weights halve the DiT's bytes.
  const run_report bf16 = tiny_14b(nullptr, run_execution{.dit_weight = dtype::bf16, .offload = true});
  BOOST_TEST(bf16.info.memory.find("dit")->weights_bytes == 2 * dit_14b_params);
}

BOOST_AUTO_TEST_CASE(device_fit_and_transfers) {
  const run_report r = tiny_14b(&find_device("h100-sxm"));
  // 80 GiB HBM3 (H100 SXM5 datasheet).
  BOOST_TEST(r.info.memory.device_bytes == count{80} << 30);
  BOOST_TEST(r.info.memory.fits == (r.info.memory.peak_bytes <= (count{80} << 30)));
  // Offload moves the bf16 T5 and the fp32 DiT in and out once each, over PCIe 5.0 x16
  // (64e9 B/s per direction), from pageable memory (0.40 of the link).
  const count moved = 2 * t5_params + 4 * dit_14b_params; // 68,515,787,008 B
  BOOST_TEST(r.info.time.transfers.h2d_bytes == moved);
  BOOST_TEST(r.info.time.transfers.d2h_bytes == moved);
  BOOST_TEST(close(r.info.time.transfers.time_lower_bound_s, 2 * 68'515'787'008.0 / 64e9));
  BOOST_TEST(close(r.info.time.transfers.time_s, 2 * 68'515'787'008.0 / 64e9 / 0.40));
  check_time_sums(r);
  // A 24 GiB RTX 4090 cannot hold the 57 GB fp32 DiT.
  const run_report small = tiny_14b(&find_device("rtx-4090"));
  BOOST_TEST(!small.info.memory.fits);
  // No offload: nothing moves.
  const run_report resident = tiny_14b(&find_device("h100-sxm"), run_execution{.offload = false});
  BOOST_TEST(resident.info.time.transfers.h2d_bytes == 0U);
  BOOST_TEST(resident.info.time.transfers.time_s == 0.0);
  check_time_sums(resident);
}

BOOST_AUTO_TEST_CASE(attention_core_time_720p) {
  // Wan2.1 T2V-14B 1280x720x81 on an H100 SXM: one self-attention core is
  // 4 x 40 heads x 75,600^2 x 128 = 117,050,572,800,000 tensor FLOP at 989.42976e12 FLOP/s
  // = 0.118301 s, tensor bound; 100 forwards -> 11.8301 s.
  run_request q{};
  q.model = find_model("wan2.1-t2v-14b");
  q.w = profile_720p;
  q.device = &find_device("h100-sxm");
  const run_report r = analyze_run(q);
  check_time_sums(r);
  bool found = false;
  for (std::size_t i = 0; i < r.rows.modules.size(); ++i) {
    if (r.rows.modules[i].id() != "dit.blocks.0.self_attn.attn_core") continue;
    found = true;
    BOOST_TEST(close(r.info.module_times[i].lower_bound_s, 100 * 117'050'572'800'000.0 / 989'429'760'000'000.0));
    BOOST_TEST(name_of(r.info.module_times[i].bound_by) == "tensor");
  }
  BOOST_TEST(found);
  // Hotspots by time: the first leaf is the slowest of all leaves.
  const double top = r.info.module_times[r.rows.core.top_leaves[0]].time_s;
  for (std::size_t i = 0; i < r.rows.modules.size(); ++i) {
    if (r.rows.modules[i].leaf) BOOST_TEST(r.info.module_times[i].time_s <= top);
  }
  BOOST_TEST(r.info.top_leaf_time_s[0] == top);
  for (std::size_t i = 1; i < r.rows.core.top_category_count; ++i) {
    BOOST_TEST(r.info.top_category_time_s[i - 1] >= r.info.top_category_time_s[i]);
  }
}

BOOST_AUTO_TEST_CASE(text_encoder_on_host) {
  // --t5-cpu: the text encoder's modules are host bound; its time is FLOPs / 2e12 / 0.5.
  const run_report r = tiny_14b(&find_device("a100-80gb-sxm"), run_execution{.offload = true, .t5_cpu = true});
  check_time_sums(r);
  const stage_row& t5 = r.rows.core.stage("text_encoder");
  const double flops = static_cast<double>(t5.total.tensor_flops) + static_cast<double>(t5.total.vector_flops);
  BOOST_TEST(close(r.info.time.find("text_encoder")->time_lower_bound_s, flops / 2e12, 1e-9));
  BOOST_TEST(close(r.info.time.find("text_encoder")->time_s, flops / 2e12 / 0.5, 1e-9));
  BOOST_TEST(name_of(r.info.module_times[t5.first_module].bound_by) == "host");
  // Only the DiT moves (the T5 stays on the host).
  BOOST_TEST(r.info.time.transfers.h2d_bytes == 4 * dit_14b_params);
}

BOOST_AUTO_TEST_CASE(json_writers_agree) {
  for (const device_spec* d : {static_cast<const device_spec*>(nullptr), &find_device("h100-sxm")}) {
    for (const char* id : {"wan2.1-t2v-14b", "wan2.1-flf2v-14b", "wan2.2-t2v-a14b", "wan2.2-ti2v-5b"}) {
      run_request q{};
      q.model = find_model(id);
      q.w = profile_ci_tiny;
      q.w.height = 256;
      q.device = d;
      q.exec.offload = true;
      const run_report r = analyze_run(q);
      const std::string direct = to_json_text(r.view());
      BOOST_TEST(direct == pretty_json(to_json(r.view())), id);
      const boost::json::value v = boost::json::parse(direct);
      BOOST_TEST(v.as_object().contains("memory"));
      BOOST_TEST(v.as_object().at("device").is_null() == (d == nullptr));
      BOOST_TEST(v.as_object().contains("time_s") == (d != nullptr));
      const std::string md = to_summary_markdown(r.view());
      BOOST_TEST((md.find("![roofline](roofline.svg)") != std::string::npos) == (d != nullptr));
      BOOST_TEST(md.find("## Execution and memory") != std::string::npos);
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
  BOOST_TEST(analyze_run(q).info.plan.high_noise_steps == 26U);
  q.options.shift = 5.0;
  const run_report r = analyze_run(q);
  BOOST_TEST(r.info.plan.high_noise_steps == 17U);
  BOOST_TEST(r.rows.core.stage("dit_high_noise").calls == 17U * 2U);
  BOOST_TEST(r.rows.core.stage("dit_low_noise").calls == 23U * 2U);
}

BOOST_AUTO_TEST_SUITE_END()
