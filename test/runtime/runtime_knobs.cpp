// Runtime tier: the runtime-knob path gives exactly the compile-time results, and bad knobs are
// rejected with the documented errors.
#include <boost/test/unit_test.hpp>

#include <wanmeter.hpp>

#include <array>
#include <map>
#include <string>

using namespace wanmeter;

namespace {
// A spread of workloads: the profiles, odd sizes, batch > 1, no guidance, one frame.
constexpr std::array<workload, 8> spread{{
    profile_ci_tiny,
    profile_480p,
    profile_512p,
    profile_720p,
    workload{.batch = 3, .frames = 17, .height = 336, .width = 592, .steps = 7},
    workload{.frames = 1, .height = 1024, .width = 1024, .steps = 50, .guidance_scale = 1.0},
    workload{.frames = 121, .height = 720, .width = 720, .steps = 30, .guidance_scale = 3.5},
    workload{.batch = 2, .frames = 33, .height = 16, .width = 16, .steps = 1000},
}};

template <std::size_t... I>
constexpr auto compile_time_runs(const wan_dit_arch& a, std::index_sequence<I...>) {
  return std::array<dit_run_cost, sizeof...(I)>{dit_run(a, spread[I])...};
}
constexpr auto ct14 = compile_time_runs(wan2_1_t2v_14b, std::make_index_sequence<spread.size()>{});
constexpr auto ct13 = compile_time_runs(wan2_1_t2v_1_3b, std::make_index_sequence<spread.size()>{});

// Launders a value through a volatile so the optimiser cannot fold the runtime path.
template <class T>
T at_runtime(const T& v) {
  volatile bool keep = true;
  T copy = v;
  if (!keep) copy = T{};
  return copy;
}

void require_equal(const metrics& a, const metrics& b) {
  BOOST_TEST(a.tensor_flops == b.tensor_flops);
  BOOST_TEST(a.vector_flops == b.vector_flops);
  BOOST_TEST(a.sfu_ops == b.sfu_ops);
  BOOST_TEST(a.bytes_read == b.bytes_read);
  BOOST_TEST(a.bytes_written == b.bytes_written);
  BOOST_TEST(a.weight_bytes == b.weight_bytes);
  BOOST_TEST(a.activation_bytes == b.activation_bytes);
  BOOST_TEST(a.parameters == b.parameters);
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}
} // namespace

// Forwards of each `spread` workload, by hand: steps x 2 with guidance, x 1 at scale exactly 1.
constexpr std::array<count, spread.size()> spread_forwards{1 * 2, 50 * 2, 50 * 2, 50 * 2, 7 * 2, 50 * 1, 30 * 2, 1000 * 2};

BOOST_AUTO_TEST_CASE(runtime_path_equals_compile_time) {
  // The same functions evaluated by the compiler and by the processor agree on every field (a
  // check of constant evaluation); the values themselves are pinned by hand below.
  for (std::size_t i = 0; i < spread.size(); ++i) {
    const workload w = at_runtime(spread[i]);
    const dit_run_cost r14 = dit_run(at_runtime(wan2_1_t2v_14b), w);
    const dit_run_cost r13 = dit_run(at_runtime(wan2_1_t2v_1_3b), w);
    BOOST_TEST_CONTEXT("workload " << i) {
      require_equal(r14.per_forward, ct14[i].per_forward);
      require_equal(r14.total, ct14[i].total);
      BOOST_TEST(r14.forwards == ct14[i].forwards);
      BOOST_TEST(r14.forwards == spread_forwards[i]);
      BOOST_TEST(r13.forwards == spread_forwards[i]);
      require_equal(r13.total, ct13[i].total);
    }
  }
  // The 720p figure of the issue, through the runtime path (test/static/dit_flops.cpp).
  BOOST_TEST(dit_run(at_runtime(wan2_1_t2v_14b), at_runtime(profile_720p)).per_forward.tensor_flops ==
             6'523'436'592'005'120ULL);
  static_assert(ct14[3].per_forward.tensor_flops == 6'523'436'592'005'120ULL);
  // Parameters do not depend on the workload: 14,288,491,584 (14B) and 1,418,996,800 (1.3B),
  // the official counts (reference section 1.2), on both paths.
  for (std::size_t i = 0; i < spread.size(); ++i) {
    BOOST_TEST(dit_run(at_runtime(wan2_1_t2v_14b), at_runtime(spread[i])).per_forward.parameters == 14'288'491'584ULL);
    BOOST_TEST(ct14[i].per_forward.parameters == 14'288'491'584ULL);
    BOOST_TEST(ct13[i].per_forward.parameters == 1'418'996'800ULL);
  }
}

BOOST_AUTO_TEST_CASE(lookup_by_id) {
  BOOST_TEST((find_model("wan2.1-t2v-14b").arch == wan2_1_t2v_14b));
  BOOST_TEST((find_model("wan2.1-t2v-1.3b").arch == wan2_1_t2v_1_3b));
  BOOST_TEST((find_profile("wan2-1-720p").w == profile_720p));
  const std::string m = message_of([] { (void)find_model("wan2.1-t2v-13b"); });
  BOOST_TEST(m.find("invalid model = wan2.1-t2v-13b") != std::string::npos);
  BOOST_TEST(m.find("wan2.1-t2v-1.3b") != std::string::npos); // lists the valid ids
  const std::string p = message_of([] { (void)find_profile("720p"); });
  BOOST_TEST(p.find("wan2-1-720p") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_knobs_are_rejected_with_the_rule) {
  struct bad {
    workload w;
    const char* knob;
    const char* rule_text;
  };
  const std::array<bad, 12> cases{{
      {workload{.frames = 80}, "frames", "frames must be 4n+1"},
      {workload{.frames = 0}, "frames", "frames must be 4n+1"},
      {workload{.frames = 4097}, "frames", "at most 4093"},
      {workload{.height = 721}, "height", "multiple of 16"},
      {workload{.height = 0}, "height", "multiple of 16"},
      {workload{.height = 16400}, "height", "at most 16384"},
      {workload{.width = 1288}, "width", "multiple of 16"},
      {workload{.batch = 0}, "batch", "between 1 and 1024"},
      {workload{.batch = 1025}, "batch", "between 1 and 1024"},
      {workload{.steps = 0}, "steps", "between 1 and 1000"},
      {workload{.steps = 5000}, "steps", "between 1 and 1000"},
      {workload{.guidance_scale = -2.0}, "guidance_scale", ">= 0"},
  }};
  for (const bad& c : cases) {
    BOOST_TEST_CONTEXT("knob " << c.knob) {
      try {
        (void)dit_run(wan2_1_t2v_14b, at_runtime(c.w));
        BOOST_ERROR("no exception");
      } catch (const invalid_input& e) {
        BOOST_TEST(e.knob() == c.knob);
        BOOST_TEST(std::string(e.what()).find(c.rule_text) != std::string::npos, e.what());
      }
    }
  }
  // The Wan2.2 VAE needs multiples of 32.
  const std::string m = message_of([] { (void)dit_run(wan2_2_ti2v_5b, at_runtime(workload{.height = 720})); });
  BOOST_TEST(m.find("multiple of 32") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(overflow_is_an_error_not_a_wrap) {
  // Inside every range, but 4 L^2 D exceeds 64 bits: rejected, never wrapped.
  const workload huge{.batch = 1024, .frames = 4093, .height = 16384, .width = 16384};
  BOOST_CHECK_THROW((void)dit_run(wan2_1_t2v_14b, at_runtime(huge)), overflow_error);
  // Boundary, both sides: 1000 steps x 2 forwards of the 14B model. At 1280x720 with batch b the
  // run is b * 1000 * 2 * 6,523,436,592,005,120 FLOPs; UINT64_MAX = 18,446,744,073,709,551,615,
  // so b = 1 fits (1.3e19) and b = 2 (2.6e19) does not.
  const workload fits{.batch = 1, .steps = 1000};
  const workload over{.batch = 2, .steps = 1000};
  BOOST_TEST(dit_run(wan2_1_t2v_14b, at_runtime(fits)).total.tensor_flops == 2000ULL * 6'523'436'592'005'120ULL);
  BOOST_CHECK_THROW((void)dit_run(wan2_1_t2v_14b, at_runtime(over)), overflow_error);
  BOOST_CHECK_THROW((void)checked_mul(1ULL << 32, 1ULL << 32), overflow_error);
  BOOST_CHECK_THROW((void)checked_add(~0ULL, 1), overflow_error);
  BOOST_TEST(checked_mul(1ULL << 31, 1ULL << 32) == (1ULL << 63));
}

BOOST_AUTO_TEST_CASE(visitor_ids_are_the_official_module_paths) {
  std::map<std::string, std::string> kinds;
  std::size_t count = 0;
  visit(make_wan_dit(wan2_1_t2v_14b, at_runtime(profile_ci_tiny)),
        [&](const node_path& p, const node_info& info, const metrics&) {
          kinds[p.str("dit")] = std::string(info.kind);
          ++count;
        });
  BOOST_TEST(kinds.size() == count); // ids unique
  BOOST_TEST(kinds.at("dit") == "wan_model");
  BOOST_TEST(kinds.at("dit.blocks") == "module_list");
  BOOST_TEST(kinds.at("dit.blocks.12.self_attn.q") == "linear");
  BOOST_TEST(kinds.at("dit.blocks.39.cross_attn.attn_core") == "attention_core");
  BOOST_TEST(kinds.at("dit.blocks.0.ffn.1") == "gelu_tanh");
  BOOST_TEST(kinds.at("dit.head.head") == "linear");
  BOOST_TEST(kinds.at("dit.text_embedding.2") == "linear");
  BOOST_TEST(kinds.count("dit.blocks.40") == 0U);
  BOOST_TEST(kinds.count("dit.img_emb") == 0U); // T2V has no image projection
}

BOOST_AUTO_TEST_CASE(cost_model_equals_tree_at_run_time) {
  // 2,000 runtime workloads across the legal grid: the compile-time polynomial and the tree
  // agree on every field.
  std::size_t checked = 0;
  for (count f = 1; f <= 161; f += 8) {
    for (count h = 16; h <= 1280; h += 144) {
      for (count wd = 16; wd <= 1920; wd += 208) {
        const workload w = at_runtime(workload{.batch = 1 + (f % 3), .frames = f, .height = h, .width = wd});
        const metrics a = dit_cost_model<wan2_1_t2v_14b>::forward(w);
        const metrics b = dit_forward_cost(wan2_1_t2v_14b, w);
        if (!(a == b)) {
          BOOST_ERROR("mismatch at frames " << f << " height " << h << " width " << wd);
        }
        ++checked;
      }
    }
  }
  BOOST_TEST(checked == 21U * 9U * 10U);
  // Both paths reject the same bad input and the same overflow.
  BOOST_CHECK_THROW((void)dit_cost_model<wan2_1_t2v_14b>::forward(at_runtime(workload{.frames = 80})), invalid_input);
  BOOST_CHECK_THROW((void)dit_cost_model<wan2_1_t2v_14b>::run(at_runtime(workload{.batch = 2, .steps = 1000})),
                    overflow_error);
}
