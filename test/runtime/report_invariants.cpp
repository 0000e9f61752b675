// Runtime tier: the report's invariants, on reports built at run time and at compile time.
// Expected numbers are hand-derived (comments) or recomputed here from the rows; nothing is
// taken from the assembly under test.
#include <boost/test/unit_test.hpp>

#include <wanmeter/report/wan.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace wanmeter;

namespace {

report build(std::string_view model, const workload& w, std::string_view profile = {}) {
  return make_report(find_model(model), w, profile);
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

void check_stages(const report& r) {
  metrics sum{};
  for (const stage_row& s : r.core.stage_rows()) {
    sum += s.total;
    const module_row& root = r.modules.at(s.first_module);
    BOOST_TEST(root.id() == std::string(s.name));
    BOOST_TEST(!root.has_parent());
    BOOST_TEST((root.per_call == s.per_call));
    // Work scales with calls, footprints do not.
    BOOST_TEST(s.total.tensor_flops == s.per_call.tensor_flops * s.calls);
    BOOST_TEST(s.total.bytes_written == s.per_call.bytes_written * s.calls);
    BOOST_TEST(s.total.weight_bytes == s.per_call.weight_bytes);
    for (std::size_t i = s.first_module; i < s.first_module + s.module_count; ++i) {
      BOOST_TEST(r.modules[i].calls == s.calls);
      BOOST_TEST(r.modules[i].id().starts_with(std::string(s.name)));
    }
  }
  BOOST_TEST((sum == r.core.totals), "totals != sum of the stages");
}

} // namespace

BOOST_AUTO_TEST_SUITE(report_invariants)

BOOST_AUTO_TEST_CASE(rows_are_the_visit_stream) {
  // The report's own traversal must yield exactly what `visit` yields, node for node.
  const std::array<std::string_view, 4> models{"wan2.1-t2v-14b", "wan2.1-i2v-14b-720p", "wan2.1-flf2v-14b",
                                               "wan2.2-ti2v-5b"};
  for (const auto id : models) {
    const model_entry& m = find_model(id);
    const workload w{.frames = 9, .height = 64, .width = 96, .steps = 3};
    const report r = make_report(m, w);
    const stage_row& dit = r.core.stage("dit");
    std::size_t i = dit.first_module;
    visit(make_wan_dit(m.arch, w), [&](const node_path& p, const node_info& info, const metrics& x) {
      BOOST_REQUIRE(i < dit.first_module + dit.module_count);
      const module_row& row = r.modules[i++];
      BOOST_TEST(row.id() == p.str("dit"));
      BOOST_TEST(row.kind == info.kind);
      BOOST_TEST((row.cat == info.cat));
      BOOST_TEST(row.leaf == info.leaf);
      BOOST_TEST((row.per_call == x), row.id());
    });
    BOOST_TEST(i == dit.first_module + dit.module_count);
  }
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
  BOOST_REQUIRE(r.core.top_leaf_count == 10U);
  for (std::size_t i = 0; i < 10; ++i) {
    const module_row& m = r.modules[r.core.top_leaves[i]];
    BOOST_TEST(m.id() == "dit.blocks." + expected[i] + ".self_attn.attn_core");
    BOOST_TEST(m.total.tensor_flops == 117'050'572'800'000ULL * 100);
  }
  // Per block: attention core 4 L^2 D = 1.17e14; attention projections 8 L D^2 + 4 L D^2 +
  // 4 Lt D^2 = 2.38e13; FFN 4 L D F = 2.14e13; then the patch conv, then `other` (no tensor FLOPs).
  const std::array<category, 5> order{category::attention_core, category::attention_proj, category::mlp_proj,
                                      category::conv, category::other};
  BOOST_REQUIRE(r.core.top_category_count == 5U);
  metrics leaves{};
  for (std::size_t i = 0; i < 5; ++i) {
    BOOST_TEST((r.core.top_categories[i].cat == order[i]));
    leaves += r.core.top_categories[i].total;
  }
  BOOST_TEST((leaves == r.core.totals), "categories do not add up to the totals");
  BOOST_TEST(r.core.top_categories[4].total.tensor_flops == 0U);
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
  const report r = build("wan2.1-t2v-14b", profile_ci_tiny, "wan2-1-ci-tiny");
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
