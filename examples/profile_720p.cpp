// The report of Wan2.1 T2V-14B on profile wan2-1-720p (1280x720, 81 frames, 50 steps), computed
// at compile time. Prints summary.md, or report.json with `--json`.
#include "report_example.hpp"

#include <wanmeter/report/static_report.hpp>

namespace {
constexpr auto report = wanmeter::make_static_report<"wan2.1-t2v-14b", "wan2-1-720p">();

// 1280x720x81: L = 21 x 45 x 80 = 75,600 tokens; one forward is 6,523,436,592,005,120 tensor
// FLOPs, 100 of them per run; the hottest leaf is block 0's self-attention core,
// 4 x 40 heads x 75,600^2 x 128 = 117,050,572,800,000 FLOPs per forward.
static_assert(report.core.header.geometry.dit_seq_len == 75'600);
static_assert(report.core.stage("dit").per_call.tensor_flops == 6'523'436'592'005'120ULL);
static_assert(report.core.stage("dit").total.tensor_flops == 100 * 6'523'436'592'005'120ULL);
// The run: 100 DiT forwards + the umT5 encoder twice (prompt and negative prompt; 24 blocks of
// 201,863,462,912 FLOPs on 512 tokens, equal to the official code under a FLOP counter, see
// verify/) + one Wan2.1 VAE decode of 81 frames at 1280x720 (639,218,375,884,800 FLOPs; the
// official code under the same FLOP counter gives the same count at the small sizes verify/ runs):
// 652,343,659,200,512,000 + 9,689,446,219,776 + 639,218,375,884,800 = 652,992,567,022,616,576.
static_assert(report.core.stage("text_encoder").calls == 2);
static_assert(report.core.stage("text_encoder").per_call.tensor_flops == 24 * 201'863'462'912ULL);
static_assert(report.core.stage("vae_decode").per_call.tensor_flops == 639'218'375'884'800ULL);
static_assert(report.core.totals.tensor_flops == 652'992'567'022'616'576ULL);
static_assert(report.core.find_stage("vae_encode") == nullptr && report.core.find_stage("image_encoder") == nullptr);
static_assert(report.modules[report.core.hot.top_leaves[0]].per_call.tensor_flops == 117'050'572'800'000ULL);
static_assert(report.core.hot.top_categories[0].cat == wanmeter::category::attention_core);
} // namespace

int main(int argc, char** argv) { return example::print_report(report.view(), argc, argv); }
