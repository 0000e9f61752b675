// Runtime tier: the SVG charts (io/svg.hpp) are well-formed, self-contained documents whose
// marks match their inputs. The inputs are built by hand, so the counts below are known.
#include <boost/test/unit_test.hpp>

#include <wanmeter.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/io/svg.hpp>
#include <wanmeter/run/analyze.hpp>

#include <string>
#include <vector>

using namespace wanmeter;

namespace {
std::size_t occurrences(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}
void well_formed(const std::string& s) {
  BOOST_TEST(s.rfind("<?xml", 0) == 0U);
  BOOST_TEST(occurrences(s, "<svg ") == 1U);
  BOOST_TEST(s.size() >= 7U);
  BOOST_TEST(s.substr(s.size() - 7) == "</svg>\n");
  BOOST_TEST(occurrences(s, "<text") == occurrences(s, "</text>"));
  BOOST_TEST(occurrences(s, "<title>") == occurrences(s, "</title>"));
  // Self-contained: no scripts, no external references, no NaN or infinity in coordinates.
  BOOST_TEST(occurrences(s, "<script") == 0U);
  BOOST_TEST(occurrences(s, "href") == 0U);
  BOOST_TEST(occurrences(s, "nan") == 0U);
  BOOST_TEST(occurrences(s, "inf") == 0U);
}
} // namespace

BOOST_AUTO_TEST_SUITE(svg_tests)

BOOST_AUTO_TEST_CASE(roofline_chart) {
  std::vector<roofline_point> pts(3);
  // A tensor-bound GEMM, a memory-bound norm with an id that needs escaping, and a pure copy
  // (no FLOPs: not drawable on log axes).
  pts[0] = {"dit.blocks.*.ffn.0", category::mlp_proj, kernel_class::gemm, 40, 1.0e13, 1.0e9, 0.0126, 0.0101};
  pts[1] = {"a<b&c", category::other, kernel_class::elementwise, 1, 1.0e9, 1.0e9, 0.00035, 0.0003};
  pts[2] = {"copy", category::other, kernel_class::elementwise, 1, 0.0, 1.0e9, 0.00035, 0.0003};
  const std::string s = svg_roofline(h100_sxm, pts, "dit on h100-sxm");
  well_formed(s);
  // 2 drawable points + 5 legend marks.
  BOOST_TEST(occurrences(s, "<circle") == 7U);
  BOOST_TEST(occurrences(s, "a&lt;b&amp;c") == 1U);
  BOOST_TEST(occurrences(s, "a<b") == 0U);
  BOOST_TEST(occurrences(s, "2 of 3 kernels shown") == 1U);
  // Three roofs (BF16, TF32, FP32); the BF16 roof is labelled with its peak, 989.4 TFLOP/s.
  BOOST_TEST(occurrences(s, "<polyline") == 3U);
  BOOST_TEST(occurrences(s, "BF16 989.4 T") == 1U);
  BOOST_TEST(occurrences(s, "HBM 3.35 TB/s") == 1U);
}

BOOST_AUTO_TEST_CASE(stage_chart) {
  const std::vector<stage_bar> bars{{"text_encoder", 2.0, 1.0}, {"dit", 6.0, 4.0}, {"transfers", 2.0, 1.0}};
  const std::string s = svg_stage_times(bars, "h100-sxm");
  well_formed(s);
  BOOST_TEST(occurrences(s, "<rect") == 4U); // background + 3 bars
  // Shares of the 10 s total: 20%, 60%, 20%.
  BOOST_TEST(occurrences(s, "6 s (60%)") == 1U);
  BOOST_TEST(occurrences(s, "2 s (20%)") == 2U);
  BOOST_TEST(occurrences(s, "total 10 s") == 1U);
}

BOOST_AUTO_TEST_CASE(charts_of_a_real_run) {
  run_request q{};
  q.model = find_model("wan2.1-t2v-1.3b");
  q.w = q.model.defaults.w;
  q.exec = official_single_gpu(false, true);
  q.device = &rtx_4090;
  const run_report r = analyze(q);
  const std::string bars = svg_stage_times(r.time, "wan2.1-t2v-1.3b on rtx-4090");
  well_formed(bars);
  // text_encoder on the host, dit, vae_decode, transfers: background + 4 bars.
  BOOST_TEST(occurrences(bars, "text_encoder (cpu)") >= 1U);
  BOOST_TEST(occurrences(bars, "<rect") == 5U);
  BOOST_TEST(occurrences(bars, ">transfers<") == 1U);
  const std::vector<roofline_point>& pts = r.points;
  BOOST_TEST(!pts.empty());
  bool any_dit = false, any_t5 = false;
  for (const roofline_point& pt : pts) {
    any_dit = any_dit || pt.id.rfind("dit.blocks.*.", 0) == 0;
    any_t5 = any_t5 || pt.id.rfind("text_encoder", 0) == 0;
  }
  BOOST_TEST(any_dit);
  BOOST_TEST(!any_t5); // the host stage has no device roofline
  // The 30 blocks of the 1.3B are one point per leaf kernel: calls = 30 repetitions per forward.
  bool core = false;
  for (const roofline_point& p : pts) {
    if (p.id != "dit.blocks.*.self_attn.attn_core") continue;
    core = true;
    BOOST_TEST(p.calls == 30U);
    BOOST_TEST((p.kernel == kernel_class::attention));
    // 832x480x81: 21 x 30 x 52 = 32,760 tokens; 4 x 12 heads x 32,760^2 x 128 tensor FLOPs
    // = 6,593,848,934,400, plus the softmax's vector work (at most a few percent).
    BOOST_TEST(p.flops >= 6'593'848'934'400.0);
    BOOST_TEST(p.flops < 1.05 * 6'593'848'934'400.0);
  }
  BOOST_TEST(core);
  well_formed(svg_roofline(rtx_4090, pts, "wan2.1-t2v-1.3b"));
}

BOOST_AUTO_TEST_SUITE_END()
