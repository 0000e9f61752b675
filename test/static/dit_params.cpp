// Static tier: parameters summed over the tree equal the official element counts (the sum of
// `numel()` over each released checkpoint's state dict), and weight bytes = parameters x dtype size.
//
// Per block: self-attn 4 (D^2 + D) + 2D; norm3 2D; cross-attn 4 (D^2 + D) + 2D; FFN 2 D F + F + D;
// modulation 6D. 14B: 104,888,320 + 10,240 + 104,888,320 + 141,576,704 + 30,720 = 351,394,304.
// Non-block: patch in*4*D + D; text 4096 D + D + D^2 + D; time 256 D + D + D^2 + D;
// time_projection 6 D^2 + 6 D; head D * 64 + 64 + 2D.
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/profiles.hpp>

namespace {
using namespace wanmeter;

constexpr count params(const wan_dit_arch& a, workload w = profile_ci_tiny) {
  return dit_forward_cost(a, w).parameters;
}

static_assert(cost_of(make_wan_dit(wan2_1_t2v_14b, profile_ci_tiny).blocks.node).parameters == 351'394'304ULL);
static_assert(cost_of(make_wan_dit(wan2_1_t2v_1_3b, profile_ci_tiny).blocks.node).parameters == 46'440'704ULL);
static_assert(cost_of(make_wan_dit(wan2_1_t2v_14b, profile_ci_tiny).time_projection).parameters ==
              157'317'120ULL); // 6 * 5120^2 + 6 * 5120

static_assert(params(wan2_1_t2v_14b) == 14'288'491'584ULL);
static_assert(params(wan2_1_t2v_1_3b) == 1'418'996'800ULL);
static_assert(params(wan2_1_i2v_14b) == 16'394'878'784ULL);
static_assert(params(wan2_1_flf2v_14b) == 16'395'536'704ULL);
static_assert(params(wan2_2_t2v_a14b) == 14'288'491'584ULL);
static_assert(params(wan2_2_i2v_a14b) == 14'288'901'184ULL);
static_assert(params(wan2_2_ti2v_5b, workload{.frames = 121, .height = 704, .width = 1280}) == 4'999'787'712ULL);

// Parameters do not depend on the workload.
static_assert(params(wan2_1_t2v_14b, profile_720p) == 14'288'491'584ULL);

// Weight bytes: fp32 checkpoints (official) 4 B/param; bf16 (convert_model_dtype) 2 B/param.
static_assert(dit_forward_cost(wan2_1_t2v_14b, profile_ci_tiny).weight_bytes == 4ULL * 14'288'491'584ULL);
static_assert(dit_forward_cost(wan2_1_t2v_14b, profile_ci_tiny, dit_execution{.weight = dtype::bf16}).weight_bytes ==
              2ULL * 14'288'491'584ULL);
static_assert(dit_forward_cost(wan2_1_t2v_1_3b, profile_ci_tiny, dit_execution{.weight = dtype::fp8}).weight_bytes ==
              1'418'996'800ULL);
} // namespace
