// A run analysed at run time (run/analyze.hpp) and its plan at compile time (run/plan.hpp): the
// snippets in those headers' comments, compiled. Prints the headline of Wan2.1 T2V-14B on its
// defaults (1280x720, 81 frames, 50 steps, guidance 5) on an H100 SXM.
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/run/analyze.hpp>
#include <wanmeter/run/plan.hpp>
#include <wanmeter/run/request.hpp>

#include <cstdio>

namespace {
using namespace wanmeter;

// The plan is a constant: 50 steps x 2 forwards (guidance 5 != 1) = 100 DiT calls; the fp32 DiT
// holds 14,288,491,584 parameters x 4 B = 57,153,966,336 B.
constexpr run_plan p = make_run_plan(run_request{.model = *try_find_model("wan2.1-t2v-14b")});
static_assert(p.stage(stage_id::dit)->calls == 100);
static_assert(p.weights.dit == 57'153'966'336);
static_assert(p.stage(stage_id::vae_encode) == nullptr); // text-to-video: nothing to encode
} // namespace

int main() {
  const run_request q{.model = find_model("wan2.1-t2v-14b"),
                      .w = find_profile("wan2-1-720p").w,
                      .profile_id = "wan2-1-720p",
                      .device = &find_device("h100-sxm")};
  const run_report r = analyze(q);
  std::printf("%s on %s: %.1f s, peak %.2f GB, %zu module rows, %zu roofline points\n", r.request().model.id.data(),
              r.request().device->id.data(), r.time.time_s, static_cast<double>(r.memory.peak_bytes) / 1e9,
              r.rows.modules.size(), r.points.size());
  return r.time.time_s > 0.0 && r.memory.fits ? 0 : 1;
}
