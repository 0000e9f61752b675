// The report of Wan2.1 T2V-14B on profile wan2-1-ci-tiny (256x256, 5 frames, 1 step), computed
// entirely at compile time: every module row of the text encoder, the DiT and the VAE decode, the
// stages, totals and hotspots are constants.
// Prints summary.md, or report.json with `--json`.
#include "report_example.hpp"

#include <wanmeter/report/static_report.hpp>

namespace {
constexpr auto report = wanmeter::make_static_report<"wan2.1-t2v-14b", "wan2-1-ci-tiny">();

// Facts the compiler checks: latents (5-1)/4+1 = 2 frames of 32 x 32, so L = 2 x 16 x 16 = 512
// tokens; 1 step x 2 (classifier-free guidance) forwards; 21 + 40 x 31 modules.
static_assert(report.core.header.geometry.dit_seq_len == 512);
static_assert(report.core.stage("dit").calls == 2);
static_assert(report.core.stage("dit").module_count == 1261);
static_assert(report.modules[report.core.stage("dit").first_module].per_call ==
              wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::profile_ci_tiny));
} // namespace

int main(int argc, char** argv) { return example::print_report(report.view(), argc, argv); }
