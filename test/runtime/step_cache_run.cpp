// Runtime tier: step caching (--cache-skip) in an analysed run: the skipped forwards as their own
// stages (run/stage.hpp `*_skipped`) with calls, FLOPs, bytes and time; the computed forwards'
// cache work in the DiT stage; the run's time composed with them; the collectives and offload
// streams a skipped forward keeps. Expected figures are worked by hand in the comments
// (test/static/step_cache.cpp derives the per-forward costs from the official code).
#include <boost/test/unit_test.hpp>

#include <wanmeter/hw/devices.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/run/analyze.hpp>

#include <string>
#include <vector>

using namespace wanmeter;

namespace {

constexpr count LD = 75'600ULL * 5'120; // Wan2.1 14B at 1280x720x81: L D

run_report run(std::string_view model, const workload& w, double cache_skip, run_execution x = {},
               parallel_layout layout = {}) {
  run_request q{};
  q.model = find_model(model);
  q.w = w;
  q.options.cache_skip = cache_skip;
  q.exec = x;
  q.layout = layout;
  q.device = &find_device("h100-sxm");
  return analyze(q);
}

std::vector<std::string> stage_names(const run_report& r) {
  std::vector<std::string> v;
  for (const stage_row& s : r.rows.core.stage_rows()) v.emplace_back(name_of(s.id));
  return v;
}

/// The collectives of stage `id`, as "kind:module" strings.
std::vector<std::string> collectives_of(const run_report& r, stage_id id) {
  std::vector<std::string> v;
  for (const planned_collective& c : r.plan.collective_list()) {
    if (c.stage == id) v.push_back(std::string(name_of(c.kind)) + ":" + std::string(c.module));
  }
  return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(step_cache_run)

// Wan2.1 T2V-14B 1280x720x81, 50 steps x 2 at 0.5: 25 steps skipped (the first and last kept):
// dit 50 calls, dit_skipped 50 calls, each skipped forward 147,778,437,120 tensor FLOPs,
// 11,133,160,724 B read and 8,664,741,900 B written (test/static/step_cache.cpp).
BOOST_AUTO_TEST_CASE(skipped_forwards_are_a_stage) {
  const run_report r = run("wan2.1-t2v-14b", profile_720p, 0.5);
  BOOST_TEST(stage_names(r) == (std::vector<std::string>{"text_encoder", "dit", "dit_skipped", "vae_decode"}),
             boost::test_tools::per_element());
  const stage_row& dit = r.rows.core.stage("dit");
  const stage_row& skipped = r.rows.core.stage("dit_skipped");
  BOOST_TEST(dit.calls == 50U);
  BOOST_TEST(skipped.calls == 50U);
  BOOST_TEST(skipped.per_call.tensor_flops == 147'778'437'120ULL);
  BOOST_TEST(skipped.per_call.bytes_read == 11'133'160'724ULL);
  BOOST_TEST(skipped.per_call.bytes_written == 8'664'741'900ULL);
  BOOST_TEST(skipped.total.tensor_flops == 50ULL * 147'778'437'120ULL);
  // Its rows: the root and the modules a skipped forward runs, and no block.
  bool has_apply = false, has_block = false;
  for (std::size_t i = skipped.first_module; i < skipped.first_module + skipped.module_count; ++i) {
    const std::string id = r.rows.modules[i].id();
    has_apply = has_apply || id == "dit_skipped.cache_apply";
    has_block = has_block || id.rfind("dit_skipped.blocks", 0) == 0;
  }
  BOOST_TEST(has_apply);
  BOOST_TEST(!has_block);
  // The computed forward's cache work: test 122,892 + kept input 20,480 + x saved 2 L D + residual
  // stored 6 L D read; 61,452 + 20,480 + 2 L D + 4 L D written (against the run without caching).
  const run_report plain = run("wan2.1-t2v-14b", profile_720p, 0.0);
  const stage_row& p = plain.rows.core.stage("dit");
  BOOST_TEST(dit.per_call.bytes_read - p.per_call.bytes_read == 122'892ULL + 20'480ULL + 8ULL * LD);
  BOOST_TEST(dit.per_call.bytes_written - p.per_call.bytes_written == 61'452ULL + 20'480ULL + 6ULL * LD);
  BOOST_TEST(dit.per_call.tensor_flops == p.per_call.tensor_flops);
  // The model's weights are counted once in the totals: the skipped stage runs the DiT's.
  BOOST_TEST(r.rows.core.totals.weight_bytes == plain.rows.core.totals.weight_bytes);
  BOOST_TEST(r.rows.core.totals.parameters == plain.rows.core.totals.parameters);
  // Its weights: the DiT outside its 40 blocks, 14,288,491,584 - 40 x 351,394,304 = 232,719,424
  // parameters (a block: 8 (D^2 + D) + 2 D F + F + D + 4 D + 6 D + 2 D with F = 13,824).
  BOOST_TEST(skipped.per_call.parameters == 232'719'424ULL);
  BOOST_TEST(skipped.per_call.weight_bytes == 232'719'424ULL * 4);
}

// The run's time: the skipped stage's time is the sum of its leaves' times, and the run's the
// sum of its stages plus the transfers, so the skipped forwards are in it.
BOOST_AUTO_TEST_CASE(skipped_forwards_are_in_the_time) {
  const run_report r = run("wan2.1-t2v-14b", profile_720p, 0.5);
  const stage_row& skipped = r.rows.core.stage("dit_skipped");
  double leaves = 0.0;
  for (std::size_t i = skipped.first_module; i < skipped.first_module + skipped.module_count; ++i) {
    if (r.rows.modules[i].leaf) leaves += r.rows.modules[i].time.time_s;
  }
  const stage_time* t = r.time.find(stage_id::dit_skipped);
  BOOST_TEST_REQUIRE(t != nullptr);
  BOOST_TEST(t->time_s > 0.0);
  BOOST_TEST(t->time_s == leaves, boost::test_tools::tolerance(1e-9));
  double stages = 0.0;
  for (const stage_time& s : r.time.stage_list()) stages += s.time_s;
  BOOST_TEST(r.time.time_s == stages + r.time.transfers.time_s, boost::test_tools::tolerance(1e-12));
  // Per skipped forward well under 1 % of a computed one's time (no blocks), and the cached run
  // is slower than half the uncached DiT time by the skipped forwards and the cache's work.
  const stage_time* dit = r.time.find(stage_id::dit);
  BOOST_TEST(t->time_s / 50.0 < 0.01 * dit->time_s / 50.0);
  const run_report plain = run("wan2.1-t2v-14b", profile_720p, 0.0);
  BOOST_TEST(dit->time_s + t->time_s > 0.5 * plain.time.find(stage_id::dit)->time_s);
}

// Wan2.2 T2V-A14B at its defaults (26 + 14 steps) at 0.5: per expert 13 and 7 steps skipped:
// dit_high_noise 26 + dit_high_noise_skipped 26, dit_low_noise 14 + dit_low_noise_skipped 14.
BOOST_AUTO_TEST_CASE(skipped_forwards_per_expert) {
  const run_report r = run("wan2.2-t2v-a14b", workload{.frames = 5, .height = 256, .width = 256, .steps = 40}, 0.5);
  BOOST_TEST(stage_names(r) == (std::vector<std::string>{"text_encoder", "dit_high_noise", "dit_high_noise_skipped",
                                                          "dit_low_noise", "dit_low_noise_skipped", "vae_decode"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.rows.core.stage("dit_high_noise_skipped").calls == 26U);
  BOOST_TEST(r.rows.core.stage("dit_low_noise_skipped").calls == 14U);
  BOOST_TEST(r.plan.pipeline.skipped_forwards == 40U);
  BOOST_TEST(r.plan.stage(stage_id::dit_low_noise_skipped)->resident_weights_bytes ==
             r.plan.stage(stage_id::dit_low_noise)->resident_weights_bytes);
}

// Several GPUs: a skipped forward runs no block (no all-to-all, ring step or block gather); the
// head's output is still gathered over the sequence ranks, the root gathered (FSDP) and, with
// CFG parallel, the prediction gathered, once per forward of the busiest rank.
BOOST_AUTO_TEST_CASE(skipped_forwards_collectives) {
  const workload w{.frames = 5, .height = 256, .width = 256, .steps = 10};
  const run_report r = run("wan2.1-t2v-14b", w, 0.5, {}, parallel_layout{.ulysses = 4, .ring = 2, .dit_fsdp = true});
  BOOST_TEST(collectives_of(r, stage_id::dit_skipped) == (std::vector<std::string>{"all_gather:head", "all_gather:"}),
             boost::test_tools::per_element());
  for (const planned_collective& c : r.plan.collective_list()) {
    if (c.stage == stage_id::dit_skipped) BOOST_TEST(c.calls == 10U); // 5 steps x 2, one rank runs both
  }
  const run_report cfg = run("wan2.1-t2v-14b", w, 0.5, {.mode = exec_model::fused},
                             parallel_layout{.ulysses = 2, .cfg = 2});
  BOOST_TEST(collectives_of(cfg, stage_id::dit_skipped) == (std::vector<std::string>{"all_gather:head", "all_gather:"}),
             boost::test_tools::per_element());
  for (const planned_collective& c : cfg.plan.collective_list()) {
    if (c.stage == stage_id::dit_skipped) BOOST_TEST(c.calls == 5U); // 10 forwards over 2 CFG groups
  }
  // The rank runs its chunk of the tokens: the residual add over L / 8 of them.
  const stage_row& s = r.rows.core.stage("dit_skipped");
  BOOST_TEST(s.rank_per_call.bytes_read < s.per_call.bytes_read);
}

// Offload: block offload streams no block for a skipped forward; sequential offload moves the
// DiT's root (its modules outside the blocks: 232,719,424 fp32 parameters) every skipped call.
BOOST_AUTO_TEST_CASE(skipped_forwards_offload) {
  const workload w{.frames = 5, .height = 256, .width = 256, .steps = 10};
  const run_report block = run("wan2.1-t2v-14b", w, 0.5, {.offload = offload_policy::block, .resident_blocks = 20});
  for (const planned_stream& st : block.plan.stream_list()) BOOST_TEST((st.stage != stage_id::dit_skipped));
  const run_report seq = run("wan2.1-t2v-14b", w, 0.5, {.offload = offload_policy::sequential});
  bool found = false;
  for (const planned_stream& st : seq.plan.stream_list()) {
    if (st.stage != stage_id::dit_skipped) continue;
    found = true;
    BOOST_TEST(st.calls == 10U);
    BOOST_TEST(st.bytes_per_call() == 232'719'424ULL * 4);
  }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_SUITE_END()
