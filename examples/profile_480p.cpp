// The report of Wan2.1 T2V-1.3B (the 480P model) on profile wan2-1-480p (832x480, 81 frames,
// 50 steps), computed at compile time. Prints summary.md, or report.json with `--json`.
#include "report_example.hpp"

#include <wanmeter/report/static_report.hpp>

namespace {
constexpr auto report = wanmeter::make_static_report<"wan2.1-t2v-1.3b", "wan2-1-480p">();

// 832x480x81: 21 latent frames of 60 x 104 -> 30 x 52 = 1,560 tokens per frame, L = 32,760;
// 50 steps x 2 = 100 forwards; the DiT stage has 21 + 30 x 31 = 951 modules.
static_assert(report.core.header.geometry.dit_seq_len == 32'760);
static_assert(report.core.stage("dit").calls == 100);
static_assert(report.core.stage("dit").module_count == 951);
static_assert(report.core.stage_count == 3); // text_encoder, dit, vae_decode
// A scheduler-style budget: the whole 480p run of the 1.3B model stays under 30 PFLOP.
static_assert(report.core.totals.tensor_flops < 30'000'000'000'000'000ULL);
} // namespace

int main(int argc, char** argv) { return example::print_report(report.view(), argc, argv); }
