// Runtime tier: the report's invariants, on reports built at run time and at compile time.
// Expected numbers are hand-derived (comments) or recomputed here by summing the rows; nothing is
// taken from the assembly under test.
#include <boost/test/unit_test.hpp>

#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/report/static_report.hpp>
#include <wanmeter/run/analyze.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace wanmeter;

namespace {

report build(std::string_view model, const workload& w, std::string_view profile = {}) {
  run_request q{};
  q.model = find_model(model);
  q.w = w;
  q.profile_id = profile;
  return analyze(q).rows;
}

std::vector<std::string> ids_of(const report& r) {
  std::vector<std::string> ids;
  for (const auto& m : r.modules) ids.push_back(m.id());
  return ids;
}

// Every parent's per_call and total equal the sums over its direct children (every field).
void check_parent_sums(const report& r) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < r.modules.size(); ++i) index.emplace(r.modules[i].id(), i);
  std::vector<metrics> per_call(r.modules.size()), total(r.modules.size());
  std::vector<bool> has_children(r.modules.size(), false);
  for (const auto& m : r.modules) {
    if (!m.has_parent()) continue;
    const auto it = index.find(m.parent_id());
    BOOST_REQUIRE_MESSAGE(it != index.end(), "parent of " << m.id() << " missing");
    per_call[it->second] += m.per_call;
    total[it->second] += m.total;
    has_children[it->second] = true;
  }
  std::size_t parents = 0;
  for (std::size_t i = 0; i < r.modules.size(); ++i) {
    const module_row& m = r.modules[i];
    BOOST_TEST(has_children[i] == !m.leaf, m.id());
    BOOST_TEST((m.cat == category::module) == !m.leaf, m.id());
    if (!has_children[i]) continue;
    ++parents;
    BOOST_TEST((per_call[i] == m.per_call), m.id() << ": per_call != sum of children");
    BOOST_TEST((total[i] == m.total), m.id() << ": total != sum of children");
  }
  BOOST_TEST(parents > 0U);
}

// Each stage's per_call is the sum of its own leaf rows (summed here); its total scales the work
// by the calls but not the footprints; the report's totals are the sum of the stages.
void check_stages(const report& r) {
  metrics sum{};
  std::size_t rows = 0;
  for (const stage_row& s : r.core.stage_rows()) {
    sum += s.total;
    rows += s.module_count;
    const module_row& root = r.modules.at(s.first_module);
    BOOST_TEST(root.id() == std::string(s.name()));
    BOOST_TEST(!root.has_parent());
    metrics leaves{};
    for (std::size_t i = s.first_module; i < s.first_module + s.module_count; ++i) {
      BOOST_TEST(r.modules[i].calls == s.calls);
      BOOST_TEST((r.modules[i].stage == s.id));
      BOOST_TEST((i == s.first_module || r.modules[i].id().starts_with(std::string(s.name()) + ".")), r.modules[i].id());
      if (r.modules[i].leaf) leaves += r.modules[i].per_call;
    }
    BOOST_TEST((leaves == s.per_call), s.name() << ": per_call != sum of its leaves");
    // Work scales with calls, footprints do not.
    BOOST_TEST(s.total.tensor_flops == s.per_call.tensor_flops * s.calls);
    BOOST_TEST(s.total.bytes_written == s.per_call.bytes_written * s.calls);
    BOOST_TEST(s.total.weight_bytes == s.per_call.weight_bytes);
  }
  BOOST_TEST(rows == r.modules.size());
  BOOST_TEST((sum == r.core.totals), "totals != sum of the stages");
}

// The rows of one Wan2.1 T2V block in pre-order (the official WanAttentionBlock: modulation,
// norm1, self_attn, norm3, cross_attn, norm2, ffn, with the pseudo-nodes for the modulate and
// residual steps, RoPE and the attention cores): 31 rows.
std::vector<std::string> t2v_block_rows(const std::string& b) {
  std::vector<std::string> ids{b, b + ".modulation", b + ".norm1", b + ".modulate_sa", b + ".self_attn"};
  for (const char* c : {"q", "k", "v", "o", "norm_q", "norm_k", "rope", "attn_core"}) ids.push_back(b + ".self_attn." + c);
  ids.push_back(b + ".residual_sa");
  ids.push_back(b + ".norm3");
  ids.push_back(b + ".cross_attn");
  for (const char* c : {"q", "k", "v", "o", "norm_q", "norm_k", "attn_core"}) ids.push_back(b + ".cross_attn." + c);
  for (const char* c : {"residual_ca", "norm2", "modulate_ffn", "ffn", "ffn.0", "ffn.1", "ffn.2", "residual_ffn"}) {
    ids.push_back(b + "." + c);
  }
  return ids;
}

} // namespace

BOOST_AUTO_TEST_SUITE(report_invariants)

BOOST_AUTO_TEST_CASE(dit_rows_in_official_order) {
  // Wan2.1 T2V-14B on 9 frames of 96x64, 3 steps: the DiT stage's rows in pre-order, written out
  // by hand from the official WanModel (patch_embedding, text_embedding = Sequential(Linear, GELU,
  // Linear), time_embedding = Sequential(Linear, SiLU, Linear), time_projection = Sequential(SiLU,
  // Linear), blocks, head) with the pseudo-nodes time_sinusoidal and unpatchify: 15 rows before
  // the blocks, 40 x 31 block rows, 6 after.
  const workload w{.frames = 9, .height = 64, .width = 96, .steps = 3};
  const report r = build("wan2.1-t2v-14b", w);
  std::vector<std::string> expected{"dit", "dit.patch_embedding", "dit.text_embedding", "dit.text_embedding.0",
                                    "dit.text_embedding.1", "dit.text_embedding.2", "dit.time_sinusoidal",
                                    "dit.time_embedding", "dit.time_embedding.0", "dit.time_embedding.1",
                                    "dit.time_embedding.2", "dit.time_projection", "dit.time_projection.0",
                                    "dit.time_projection.1", "dit.blocks"};
  for (int b = 0; b < 40; ++b) {
    for (const std::string& id : t2v_block_rows("dit.blocks." + std::to_string(b))) expected.push_back(id);
  }
  for (const char* id : {"dit.head", "dit.head.modulation", "dit.head.norm", "dit.head.modulate", "dit.head.head",
                         "dit.unpatchify"}) {
    expected.push_back(id);
  }
  BOOST_TEST_REQUIRE(expected.size() == 1261U);
  const stage_row& dit = r.core.stage("dit");
  BOOST_TEST_REQUIRE(dit.module_count == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) BOOST_TEST(r.modules[dit.first_module + i].id() == expected[i]);
  // Per call, by hand: 3 latent frames ((9 - 1) / 4 + 1) x (64 / 16) x (96 / 16) = 72 tokens.
  //   self_attn.q   Linear(5120 -> 5120): 2 x 72 x 5120^2 = 3,774,873,600 tensor FLOPs
  //   attn_core     4 x 40 heads x 72^2 x 128 = 106,168,320
  //   cross_attn.k  over the 512 text tokens: 2 x 512 x 5120^2 = 26,843,545,600
  //   ffn.0         Linear(5120 -> 13824): 2 x 72 x 5120 x 13824 = 10,192,158,720
  const auto row = [&](const std::string& id) -> const module_row& {
    for (std::size_t i = dit.first_module; i < dit.first_module + dit.module_count; ++i) {
      if (r.modules[i].id() == id) return r.modules[i];
    }
    throw std::out_of_range(id);
  };
  BOOST_TEST(row("dit.blocks.7.self_attn.q").per_call.tensor_flops == 3'774'873'600ULL);
  BOOST_TEST(row("dit.blocks.7.self_attn.q").kind == "linear");
  BOOST_TEST((row("dit.blocks.7.self_attn.q").cat == category::attention_proj));
  BOOST_TEST(row("dit.blocks.0.self_attn.attn_core").per_call.tensor_flops == 106'168'320ULL);
  BOOST_TEST((row("dit.blocks.0.self_attn.attn_core").cat == category::attention_core));
  BOOST_TEST(row("dit.blocks.39.cross_attn.k").per_call.tensor_flops == 26'843'545'600ULL);
  BOOST_TEST(row("dit.blocks.39.ffn.0").per_call.tensor_flops == 10'192'158'720ULL);
  BOOST_TEST((row("dit.blocks.39.ffn.0").cat == category::mlp_proj));
  // 3 steps x 2 forwards (classifier-free guidance) = 6 calls.
  BOOST_TEST(row("dit.blocks.39.ffn.0").total.tensor_flops == 6 * 10'192'158'720ULL);
  BOOST_TEST(row("dit.blocks").kind == "module_list");
  BOOST_TEST(row("dit").kind == "wan_model");
}

BOOST_AUTO_TEST_CASE(node_counts) {
  // T2V: 21 nodes outside the blocks + 31 per block (test/static/tree_invariants.cpp derives it).
  BOOST_TEST(build("wan2.1-t2v-14b", profile_ci_tiny).core.stage("dit").module_count == 21U + 40U * 31U);
  BOOST_TEST(build("wan2.1-t2v-1.3b", profile_ci_tiny).core.stage("dit").module_count == 21U + 30U * 31U);
  // I2V: + img_emb (1) with proj (1 + 5 layers) outside; + k_img, v_img, norm_k_img,
  // attn_core_img, add_img per block.
  BOOST_TEST(build("wan2.1-i2v-14b-480p", profile_ci_tiny).core.stage("dit").module_count == 21U + 7U + 40U * 36U);
  // Every row belongs to exactly one stage.
  const report r = build("wan2.1-i2v-14b-480p", profile_ci_tiny);
  std::size_t rows = 0;
  for (const stage_row& s : r.core.stage_rows()) rows += s.module_count;
  BOOST_TEST(rows == r.modules.size());
  BOOST_TEST(r.core.stage_count == 5U); // text_encoder, image_encoder, vae_encode, dit, vae_decode
}

BOOST_AUTO_TEST_CASE(ids_unique_and_stable_across_workloads) {
  const report a = build("wan2.1-t2v-14b", profile_ci_tiny, "wan2-1-ci-tiny");
  const report b = build("wan2.1-t2v-14b", workload{.batch = 2, .frames = 33, .height = 480, .width = 832, .steps = 7,
                                                    .guidance_scale = 1.0});
  const auto ia = ids_of(a);
  BOOST_TEST(std::set<std::string>(ia.begin(), ia.end()).size() == ia.size());
  BOOST_TEST(ia == ids_of(b), boost::test_tools::per_element());
  const std::set<std::string> s(ia.begin(), ia.end());
  for (const char* id : {"dit", "dit.patch_embedding", "dit.blocks", "dit.blocks.0.self_attn.q",
                         "dit.blocks.0.self_attn.attn_core", "dit.blocks.39.ffn.2", "dit.head.head",
                         "dit.blocks.17.cross_attn.attn_core", "dit.unpatchify"}) {
    BOOST_TEST(s.count(id) == 1U, id);
  }
  BOOST_TEST(s.count("dit.blocks.40") == 0U);
}

BOOST_AUTO_TEST_CASE(parents_equal_sum_of_children_and_totals_sum_of_stages) {
  for (const auto& [model, w] : std::vector<std::pair<std::string_view, workload>>{
           {"wan2.1-t2v-14b", profile_720p},
           {"wan2.1-t2v-1.3b", profile_480p},
           {"wan2.1-flf2v-14b", workload{.batch = 3, .frames = 17, .height = 336, .width = 592, .steps = 7}},
           {"wan2.2-ti2v-5b", workload{.frames = 121, .height = 704, .width = 1280, .steps = 50}}}) {
    const report r = build(model, w);
    check_parent_sums(r);
    check_stages(r);
  }
}

BOOST_AUTO_TEST_CASE(dit_calls_follow_guidance) {
  const auto calls = [](const workload& w) { return build("wan2.1-t2v-1.3b", w).core.stage("dit").calls; };
  BOOST_TEST(calls(profile_ci_tiny) == 2U);   // 1 step x 2
  BOOST_TEST(calls(profile_480p) == 100U);    // 50 steps x 2
  workload w = profile_480p;
  w.guidance_scale = 1.0;
  BOOST_TEST(calls(w) == 50U);                // 50 steps x 1
  w.steps = 7;
  w.guidance_scale = 7.5;
  BOOST_TEST(calls(w) == 14U);
  w.guidance_scale = 0.0;                     // 0 is not 1: still two forwards
  BOOST_TEST(calls(w) == 14U);
}

BOOST_AUTO_TEST_CASE(hotspots_720p) {
  const report r = build("wan2.1-t2v-14b", profile_720p, "wan2-1-720p");
  // The self-attention core dominates (4 x 40 x 75,600^2 x 128 FLOPs per forward, the same in every
  // block); the 40 ties are broken by id as text: 0, 1, 10, 11, ..., 17.
  const std::vector<std::string> expected{"0", "1", "10", "11", "12", "13", "14", "15", "16", "17"};
  BOOST_REQUIRE(r.core.hot.top_leaf_count == 10U);
  BOOST_TEST((r.core.hot.ranked_by == hotspot_key::tensor_flops));
  for (std::size_t i = 0; i < 10; ++i) {
    const module_row& m = r.modules[r.core.hot.top_leaves[i]];
    BOOST_TEST(m.id() == "dit.blocks." + expected[i] + ".self_attn.attn_core");
    BOOST_TEST(m.total.tensor_flops == 117'050'572'800'000ULL * 100);
  }
  // Per block: attention core 4 L^2 D = 1.17e14; attention projections 8 L D^2 + 4 L D^2 +
  // 4 Lt D^2 = 2.38e13; FFN 4 L D F = 2.14e13; then the patch conv, then `other` (no tensor FLOPs).
  const std::array<category, 5> order{category::attention_core, category::attention_proj, category::mlp_proj,
                                      category::conv, category::other};
  BOOST_REQUIRE(r.core.hot.top_category_count == 5U);
  metrics leaves{};
  for (std::size_t i = 0; i < 5; ++i) {
    BOOST_TEST((r.core.hot.top_categories[i].cat == order[i]));
    leaves += r.core.hot.top_categories[i].total;
  }
  BOOST_TEST((leaves == r.core.totals), "categories do not add up to the totals");
  BOOST_TEST(r.core.hot.top_categories[4].total.tensor_flops == 0U);
}

// compare_ids orders ids as their rendered text orders byte-wise, without rendering them. The
// reference here is std::string's comparison of the ids `write_id` renders; every pair of rows of
// a whole report (all stages: names that are prefixes of others, "dit" / "dit_high_noise",
// indices 0..39 whose text order is not their numeric order) plus hand-picked cases.
BOOST_AUTO_TEST_CASE(compare_ids_is_the_byte_order_of_rendered_ids) {
  const auto sign = [](int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); };
  const node_path blocks = node_path{} / "blocks";
  BOOST_TEST(compare_ids("dit", blocks / count{12} / "q", "dit", blocks / count{2} / "q") < 0); // "1" < "2"
  BOOST_TEST(compare_ids("dit", blocks / count{1}, "dit", blocks / count{1} / "q") < 0);         // a prefix first
  BOOST_TEST(compare_ids("dit", blocks / count{1} / "q", "dit", blocks / count{10}) < 0);        // '.' < '0'
  BOOST_TEST(compare_ids("dit", blocks, "dit_high_noise", blocks) < 0);                          // '.' < '_'
  BOOST_TEST(compare_ids("dit", node_path{}, "dit", node_path{}) == 0);
  BOOST_TEST(compare_ids("", blocks / count{3}, "", blocks / count{3}) == 0);
  BOOST_TEST(compare_ids("vae", node_path{} / "a", "vae", node_path{} / "ab") < 0);             // end < 'b'
  BOOST_TEST(compare_ids("vae", node_path{} / "ab", "vae", node_path{} / "a" / "b") > 0);       // 'b' > '.'

  const report r = build("wan2.2-t2v-a14b", profile_ci_tiny, "wan2-2-ci-tiny");
  std::vector<std::string> ids;
  ids.reserve(r.modules.size());
  for (const module_row& m : r.modules) ids.push_back(m.id());
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < r.modules.size(); i += 7) { // every 7th row against every row
    for (std::size_t j = 0; j < r.modules.size(); ++j) {
      const module_row& a = r.modules[i];
      const module_row& b = r.modules[j];
      if (sign(compare_ids(name_of(a.stage), a.path, name_of(b.stage), b.path)) != sign(ids[i].compare(ids[j]))) ++wrong;
    }
  }
  BOOST_TEST(wrong == 0U);
}

// The compile-time path: the same report, built by the compiler.
constexpr auto static_tiny = make_static_report<"wan2.1-t2v-14b", "wan2-1-ci-tiny">();
static_assert(static_tiny.core.stage("dit").module_count == 1261);
static_assert(static_tiny.core.stage("dit").calls == 2);
static_assert(static_tiny.core.stage("dit").total.parameters == 14'288'491'584ULL);
// The run holds the DiT, umT5-XXL (5,680,910,336) and the Wan2.1 VAE decoder (73,295,603):
// official counts, reference section 1.2.
static_assert(static_tiny.core.totals.parameters == 14'288'491'584ULL + 5'680'910'336ULL + 73'295'603ULL);
constexpr auto static_no_guidance =
    make_static_report_for<"wan2.1-t2v-1.3b", workload{.frames = 5, .height = 64, .width = 64, .steps = 4,
                                                       .guidance_scale = 1.0}>();
static_assert(static_no_guidance.core.stage("dit").calls == 4);
static_assert(static_no_guidance.core.header.profile_id.empty());

BOOST_AUTO_TEST_CASE(static_report_equals_runtime_report) {
  // The run-time report meets the same hand-derived figures as the static_asserts above ...
  const report r = build("wan2.1-t2v-14b", profile_ci_tiny, "wan2-1-ci-tiny");
  BOOST_TEST(r.core.stage("dit").module_count == 1261U);
  BOOST_TEST(r.core.stage("dit").calls == 2U);
  BOOST_TEST(r.core.stage("dit").total.parameters == 14'288'491'584ULL);
  BOOST_TEST(r.core.totals.parameters == 14'288'491'584ULL + 5'680'910'336ULL + 73'295'603ULL);
  // ... and, since both are the same code evaluated by the compiler and by the processor, every
  // row agrees bit for bit (a check of constant evaluation, not of the values).
  BOOST_TEST((static_tiny.core == r.core));
  BOOST_REQUIRE(static_tiny.modules.size() == r.modules.size());
  for (std::size_t i = 0; i < r.modules.size(); ++i) BOOST_TEST((static_tiny.modules[i] == r.modules[i]), i);
}

BOOST_AUTO_TEST_CASE(illegal_workloads_and_overflow) {
  BOOST_CHECK_THROW(build("wan2.1-t2v-14b", workload{.frames = 80}), invalid_input);
  BOOST_CHECK_THROW(build("wan2.1-t2v-14b", workload{.height = 100}), invalid_input);
  BOOST_CHECK_THROW(build("wan2.1-t2v-14b", workload{.batch = 1024}), wanmeter::overflow_error);
  BOOST_CHECK_THROW((void)find_model("wan3"), invalid_input);
}

BOOST_AUTO_TEST_SUITE_END()
