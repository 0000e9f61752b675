// Runtime tier: `wanmeter plan`'s search (run/plan_search.hpp). The candidate counts are derived
// by hand from the legality rules; the Pareto front is checked by brute force; every candidate's
// lean time and memory equal an independent `analyze` of the same request; nothing-fits cases
// and their advice are checked against facts derived by hand and against fresh searches.
#include <boost/test/unit_test.hpp>

#include <wanmeter/hw/devices.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/run/analyze.hpp>
#include <wanmeter/run/plan_search.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using namespace wanmeter;

namespace {

plan_question question(std::string_view model, const workload& w, std::vector<std::string_view> devices,
                       std::vector<count> gpus) {
  plan_question q{.base = run_request{.model = find_model(model), .w = w}};
  for (const std::string_view d : devices) q.devices.push_back(&find_device(d));
  q.gpus = std::move(gpus);
  return q;
}

run_request request_of(const plan_question& q, const plan_candidate& c, const workload& w) {
  run_request r = q.base;
  r.w = w;
  r.exec = c.exec;
  r.layout = c.layout;
  r.device = c.device;
  return r;
}

bool dominates(const plan_candidate& a, const plan_candidate& b) {
  const bool all_le = a.time.time_s <= b.time.time_s && a.gpus <= b.gpus && a.peak_bytes <= b.peak_bytes;
  const bool one_lt = a.time.time_s < b.time.time_s || a.gpus < b.gpus || a.peak_bytes < b.peak_bytes;
  return all_le && one_lt;
}

bool any_fit(const plan_result& r) {
  return std::any_of(r.candidates.begin(), r.candidates.end(), [](const plan_candidate& c) { return c.fits; });
}

} // namespace

BOOST_AUTO_TEST_SUITE(plan_search_tests)

// Wan2.1 T2V-1.3B (12 heads), profile ci-tiny (guidance 5: two branches), GPU counts {1, 2}.
// Layouts: 1 GPU: one per exec mode. 2 GPUs: eager Ulysses 2 x ring 1 and 1 x 2 (12 % 2 == 0,
// ring is Wan2.1's), fused adds CFG 2 x (1 x 1): 2 and 3 bases, each x 4 FSDP choices = 8 + 12;
// 22 layouts, 10 of them with --t5-fsdp.
// Axes: plan side 8 weights (fp32, bf16 lossless; fp8, int8, q8_0, q6_k, q5_k_m, q4_k_m lossy)
// x 4 offload x 2 T5 x 2 VAE = 128; time side 3 attention (fa2, fa3, sage2 lossy) x 2 TF32 (on
// lossy) = 6. 22 x 128 x 6 = 16,896 combinations.
// Plan-side illegal: the tiled VAE everywhere (ci-tiny's 16 x 16... latent is 32 x 32: not above
// one 32-latent tile), block and sequential offload on 2 GPUs, --t5-cpu with --t5-fsdp.
//   1 GPU (2 layouts): legal 8 x 4 x 2 x 1 = 64 of 128;
//   2 GPUs without --t5-fsdp (10): 8 x 2 x 2 x 1 = 32;  with --t5-fsdp (10): 8 x 2 x 1 x 1 = 16.
//   Legal 2 x 64 + 10 x 32 + 10 x 16 = 608; illegal 22 x 128 - 608 = 2,208 -> x 6 = 13,248.
// H100 (FA3 and INT8 legal): the 608 x 6/8 = 456 lossy-weight plans are dropped lossy with all 6
// time values (2,736); the 152 lossless plans keep fa2/fa3 with TF32 off (304 candidates) and
// drop 4 lossy time values each (608). Lossy 2,736 + 608 = 3,344. 304 + 3,344 + 13,248 = 16,896.
// A100 (INT8, no FA3): time values legal 4 of 6. Lossy plans: 456 x 4 = 1,824 lossy, 456 x 2 =
// 912 illegal; lossless plans: 152 candidates (fa2, TF32 off), 152 x 3 = 456 lossy, 152 x 2 = 304
// illegal. Lossy 2,280; illegal 13,248 + 912 + 304 = 14,464. 152 + 2,280 + 14,464 = 16,896.
BOOST_AUTO_TEST_CASE(candidate_count_by_hand) {
  const plan_question h100 = question("wan2.1-t2v-1.3b", profile_ci_tiny, {"h100-sxm"}, {1, 2});
  const plan_result a = plan_search(h100);
  BOOST_TEST(a.candidates.size() == 304U);
  BOOST_TEST(a.drops.lossy == 3344U);
  BOOST_TEST(a.drops.illegal == 13248U);
  const plan_question a100 = question("wan2.1-t2v-1.3b", profile_ci_tiny, {"a100-80gb-sxm"}, {1, 2});
  const plan_result b = plan_search(a100);
  BOOST_TEST(b.candidates.size() == 152U);
  BOOST_TEST(b.drops.lossy == 2280U);
  BOOST_TEST(b.drops.illegal == 14464U);
  plan_question lossy = h100;
  lossy.allow_lossy = true;
  const plan_result c = plan_search(lossy);
  BOOST_TEST(c.candidates.size() == 608U * 6U);
  BOOST_TEST(c.drops.lossy == 0U);
  BOOST_TEST(std::count_if(c.candidates.begin(), c.candidates.end(), [](const plan_candidate& k) { return k.lossy; }) ==
             3344);
}

// Every candidate's lean time and memory equal `analyze` of the same request, exactly; `fits`
// agrees with analyze's fit (the VRAM limit is the device's memory here).
BOOST_AUTO_TEST_CASE(lean_evaluation_equals_analyze) {
  const std::vector<plan_question> qs{
      question("wan2.1-t2v-1.3b", profile_ci_tiny, {"h100-sxm", "a100-80gb-sxm"}, {1, 2}),
      question("wan2.2-t2v-a14b", workload{.frames = 5, .height = 256, .width = 256, .steps = 3}, {"h20"}, {1, 4}),
      question("wan2.1-i2v-14b-480p", workload{.frames = 9, .height = 256, .width = 256, .steps = 2}, {"rtx-4090"},
               {1, 2}),
  };
  for (const plan_question& q : qs) {
    const plan_result r = plan_search(q);
    BOOST_TEST_REQUIRE(!r.candidates.empty());
    for (std::size_t i = 0; i < r.candidates.size(); i += q.base.model.arch.version == wan_version::v2_2 ? 5 : 1) {
      const plan_candidate& c = r.candidates[i];
      const run_report a = analyze(request_of(q, c, r.w));
      BOOST_TEST(c.time.time_s == a.time.time_s);
      BOOST_TEST(c.time.time_lower_bound_s == a.time.time_lower_bound_s);
      BOOST_TEST(c.peak_bytes == a.memory.peak_bytes);
      BOOST_TEST(c.fits_vram == a.memory.fits);
    }
  }
}

// The same with step caching (--cache-skip 0.5): every candidate runs skipped-forward stages
// (Wan2.1 1.3B 6 steps: 3 skipped, dit_skipped 6 calls; Wan2.2 A14B 8 steps at shift 12: both
// experts skip), whose compute the lean evaluation shares like the DiT stages', and which add
// their own collectives on several GPUs and streams under sequential offload.
BOOST_AUTO_TEST_CASE(lean_evaluation_equals_analyze_with_step_caching) {
  std::vector<plan_question> qs{
      question("wan2.1-t2v-1.3b", workload{.frames = 5, .height = 256, .width = 256, .steps = 6}, {"h100-sxm"}, {1, 2}),
      question("wan2.2-t2v-a14b", workload{.frames = 5, .height = 256, .width = 256, .steps = 8}, {"h20"}, {1, 4}),
  };
  for (plan_question& q : qs) {
    q.base.options.cache_skip = 0.5;
    const plan_result r = plan_search(q);
    BOOST_TEST_REQUIRE(!r.candidates.empty());
    for (std::size_t i = 0; i < r.candidates.size(); i += q.base.model.arch.version == wan_version::v2_2 ? 5 : 1) {
      const plan_candidate& c = r.candidates[i];
      const run_report a = analyze(request_of(q, c, r.w));
      BOOST_TEST_REQUIRE(a.plan.pipeline.skipped_forwards > 0U);
      BOOST_TEST((a.plan.stage(stage_id::dit_skipped) != nullptr ||
                  a.plan.stage(stage_id::dit_low_noise_skipped) != nullptr));
      BOOST_TEST(c.time.time_s == a.time.time_s);
      BOOST_TEST(c.time.time_lower_bound_s == a.time.time_lower_bound_s);
      BOOST_TEST(c.peak_bytes == a.memory.peak_bytes);
      BOOST_TEST(c.fits_vram == a.memory.fits);
    }
  }
}

// The front, by brute force over every pair of fitting candidates; best is the fastest fitting.
BOOST_AUTO_TEST_CASE(front_is_the_pareto_front) {
  const plan_result r = plan_search(question("wan2.1-t2v-14b", profile_720p, {"h100-sxm"}, {1, 2, 4, 8}));
  std::size_t front = 0;
  for (const plan_candidate& c : r.candidates) {
    if (!c.fits) {
      BOOST_TEST(!c.pareto);
      continue;
    }
    bool dominated = false;
    for (const plan_candidate& d : r.candidates) dominated = dominated || (d.fits && dominates(d, c));
    BOOST_TEST(c.pareto == !dominated);
    front += c.pareto ? 1 : 0;
  }
  BOOST_TEST(front > 0U);
  BOOST_TEST_REQUIRE(r.best.has_value());
  const plan_candidate& best = r.candidates[*r.best];
  for (const plan_candidate& c : r.candidates) {
    if (c.fits) BOOST_TEST(best.time.time_s <= c.time.time_s);
  }
  BOOST_TEST(best.pareto);
}

// Host RAM: the 14B at 720p on one H100 with offload and fp32 weights keeps the T5 (5,680,910,336
// bf16 parameters: 11,361,820,672 B) and the DiT (14,288,491,584 fp32: 57,153,966,336 B) on the
// host: 68,515,787,008 B. A 1 GB host limit keeps only the runs that offload nothing.
BOOST_AUTO_TEST_CASE(host_ram_limit) {
  plan_question q = question("wan2.1-t2v-14b", profile_720p, {"h100-sxm"}, {1});
  q.host_ram_bytes = 1'000'000'000;
  const plan_result r = plan_search(q);
  bool seen = false;
  for (const plan_candidate& c : r.candidates) {
    const bool on_host = c.exec.offload != offload_policy::none || c.exec.t5_cpu;
    BOOST_TEST(c.fits_host == !on_host);
    if (!on_host) BOOST_TEST(c.host_bytes == 0U);
    // Model and block offload keep the moved models on the host (sequential also the VAE).
    const bool moves = c.exec.offload == offload_policy::model || c.exec.offload == offload_policy::block;
    if (moves && !c.exec.t5_cpu && c.exec.dit_weight == dtype::fp32) {
      BOOST_TEST(c.host_bytes == 68'515'787'008ULL);
      seen = true;
    }
  }
  BOOST_TEST(seen);
  BOOST_TEST(r.drops.over_host > 0U);
}

// Nothing fits: a 24 GiB RTX 4090 (25,769,803,776 B) with 16 GB of host RAM. The 14B DiT in bf16
// (14,288,491,584 x 2 = 28,576,983,168 B), its smallest lossless storage, fits neither: every
// lossless plan keeps the whole DiT on the device (no offload) or on the host (model, block and
// sequential offload keep the host copy). A quantised DiT (q4_k_m: about 8.9 GB) can: the lossy
// change exists. Two GPUs with FSDP hold half the DiT each and nothing on the host: more GPUs,
// preferred.
BOOST_AUTO_TEST_CASE(nothing_fits_and_the_advice) {
  plan_question q = question("wan2.1-t2v-14b", profile_ci_tiny, {"rtx-4090"}, {1});
  q.host_ram_bytes = 16'000'000'000;
  const plan_result r = plan_search(q);
  BOOST_TEST(!r.best.has_value());
  BOOST_TEST(!any_fit(r));
  BOOST_TEST(r.advice.searched);
  BOOST_TEST_REQUIRE(!r.advice.changes.empty());
  bool lossy = false;
  for (const plan_change& ch : r.advice.changes) {
    BOOST_TEST(ch.candidate.fits);
    const run_report a = analyze(request_of(q, ch.candidate, ch.w));
    BOOST_TEST(a.memory.peak_bytes <= find_device("rtx-4090").memory_capacity);
    BOOST_TEST(a.memory.host_bytes * ch.candidate.gpus <= q.host_ram_bytes);
    if (ch.kind == advice_kind::lossy) {
      lossy = true;
      BOOST_TEST(ch.candidate.lossy);
      BOOST_TEST(ch.candidate.gpus == 1U);
    }
    if (ch.kind == advice_kind::more_gpus) {
      // The smallest power of two that fits: half of it does not (1 is the count asked).
      BOOST_TEST(ch.candidate.gpus > 1U);
      if (ch.candidate.gpus > 2) {
        plan_question half = q;
        half.gpus = {ch.candidate.gpus / 2};
        BOOST_TEST(!any_fit(plan_search(half)));
      }
    }
  }
  BOOST_TEST(lossy);
  BOOST_TEST((r.advice.changes.front().kind == advice_kind::more_gpus));
}

// Fewer frames and a lower resolution: the 1.3B at 832x480x81 under a 1.5 GB limit on one RTX
// 4090. Sequential offload and the tiled decode bring the weights down to one module, but the
// DiT's activations at 32,760 tokens (the fp32 residual stream alone: 32,760 x 1,536 x 4 =
// 201 MB, several live at once) and the decoded video (81 x 480 x 832 x 3 fp32 = 388 MB) stay;
// more GPUs do not help (the decode runs on rank 0). The frames advised fit and 4 more do not
// (fresh searches).
BOOST_AUTO_TEST_CASE(fewer_frames_and_lower_resolution) {
  plan_question q = question("wan2.1-t2v-1.3b", profile_480p, {"rtx-4090"}, {1});
  q.vram_bytes = 1'500'000'000;
  const plan_result r = plan_search(q);
  BOOST_TEST(!r.best.has_value());
  const auto find = [&](advice_kind k) -> const plan_change* {
    for (const plan_change& c : r.advice.changes) {
      if (c.kind == k) return &c;
    }
    return nullptr;
  };
  const plan_change* frames = find(advice_kind::fewer_frames);
  BOOST_TEST_REQUIRE(frames != nullptr);
  BOOST_TEST(frames->w.frames < 81U);
  BOOST_TEST(frames->candidate.fits);
  plan_question at = q;
  at.base.w = frames->w;
  BOOST_TEST(any_fit(plan_search(at)));
  at.base.w.frames += 4;
  BOOST_TEST(!any_fit(plan_search(at)));
  const plan_change* res = find(advice_kind::lower_resolution);
  BOOST_TEST_REQUIRE(res != nullptr);
  BOOST_TEST(res->w.frames == 81U);
  BOOST_TEST(res->w.height % 16 == 0U);
  BOOST_TEST(res->w.height < 480U);
}

// The analyze arguments and the official command of a candidate.
BOOST_AUTO_TEST_CASE(commands_of_a_candidate) {
  const plan_question q = question("wan2.2-t2v-a14b", find_model("wan2.2-t2v-a14b").defaults.w, {"h100-sxm"}, {8});
  plan_candidate c{.device = &find_device("h100-sxm"),
                   .gpus = 8,
                   .layout = parallel_layout{.ulysses = 8, .dit_fsdp = true, .t5_fsdp = true}};
  c.choice = make_choice({{"exec", "eager"}, {"weight_format", "bf16"}, {"offload", "none"}, {"text_encoder", "gpu"},
                          {"vae", "whole"}, {"attention", "fa3"}, {"tf32", "off"}});
  const std::vector<std::string> args = analyze_args(q, c, q.base.w);
  const std::vector<std::string> expected{"--model",        "wan2.2-t2v-a14b", "--device",     "h100-sxm",
                                          "--exec",         "eager",           "--weight-dtype", "bf16",
                                          "--offload",      "none",            "--attention",  "fa3",
                                          "--ulysses-size", "8",               "--dit-fsdp",   "--t5-fsdp"};
  BOOST_TEST(args == expected, boost::test_tools::per_element());
  // The Wan2.2 README's 8-GPU command, with the options the candidate states.
  const std::optional<std::string> official = official_command(q, c, q.base.w);
  BOOST_TEST_REQUIRE(official.has_value());
  BOOST_TEST(*official == "torchrun --nproc_per_node=8 generate.py --task t2v-A14B --size 1280*720 --ckpt_dir "
                          "./Wan2.2-T2V-A14B --dit_fsdp --t5_fsdp --ulysses_size 8 --convert_model_dtype "
                          "--offload_model False");
  // Wan2.1 has no --convert_model_dtype; fused and CFG parallel are not in the official code.
  const plan_question w21 = question("wan2.1-t2v-14b", profile_720p, {"h100-sxm"}, {8});
  BOOST_TEST(!official_command(w21, c, w21.base.w).has_value());
  plan_candidate fused = c;
  fused.choice[axis_index("exec")] = make_choice({{"exec", "fused"}})[axis_index("exec")];
  BOOST_TEST(!official_command(q, fused, q.base.w).has_value());
  plan_candidate fp32 = c;
  fp32.choice[axis_index("weight_format")] = make_choice({{"weight_format", "fp32"}})[axis_index("weight_format")];
  BOOST_TEST(official_command(w21, fp32, w21.base.w).value_or("") ==
             "torchrun --nproc_per_node=8 generate.py --task t2v-14B --size 1280*720 --ckpt_dir ./Wan2.1-T2V-14B "
             "--dit_fsdp --t5_fsdp --ulysses_size 8 --offload_model False");
}

// Bad questions: the messages name the knob.
BOOST_AUTO_TEST_CASE(bad_questions) {
  plan_question q = question("wan2.1-t2v-1.3b", profile_ci_tiny, {"h100-sxm"}, {1});
  plan_question none = q;
  none.devices.clear();
  BOOST_CHECK_THROW((void)plan_search(none), invalid_input);
  plan_question zero = q;
  zero.gpus = {0};
  BOOST_CHECK_THROW((void)plan_search(zero), invalid_input);
  plan_question twice = q;
  twice.gpus = {2, 2};
  BOOST_CHECK_THROW((void)plan_search(twice), invalid_input);
  plan_question nine = q;
  nine.gpus = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  BOOST_CHECK_THROW((void)plan_search(nine), invalid_input);
  plan_question frames = q;
  frames.base.w.frames = 80;
  BOOST_CHECK_THROW((void)plan_search(frames), invalid_input);
}

BOOST_AUTO_TEST_SUITE_END()
