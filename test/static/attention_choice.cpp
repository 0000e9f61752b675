// Static tier: what `--attention auto` stands for, per model family and GPU (perf/efficiency.hpp,
// resolve_attention). Expected kernels from the official setups: Wan2.1 requirements.txt installs
// flash_attn (FA2) only; the Wan2.2 README's efficiency table ran FA3 on Hopper.
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/perf/efficiency.hpp>

namespace {
using namespace wanmeter;
constexpr attention_kernel fa2 = attention_kernel::flash_attention_2;
constexpr attention_kernel fa3 = attention_kernel::flash_attention_3;
constexpr attention_kernel automatic = attention_kernel::automatic;

// Wan2.1: FA2 everywhere, Hopper included.
static_assert(resolve_attention(automatic, wan_version::v2_1, h100_sxm) == fa2);
static_assert(resolve_attention(automatic, wan_version::v2_1, h20) == fa2);
static_assert(resolve_attention(automatic, wan_version::v2_1, a100_80gb_sxm) == fa2);
static_assert(resolve_attention(automatic, wan_version::v2_1, rtx_4090) == fa2);
// Wan2.2: FA3 on Hopper (H100, H800, H200, H20), FA2 elsewhere.
static_assert(resolve_attention(automatic, wan_version::v2_2, h100_sxm) == fa3);
static_assert(resolve_attention(automatic, wan_version::v2_2, h800_sxm) == fa3);
static_assert(resolve_attention(automatic, wan_version::v2_2, h200_sxm) == fa3);
static_assert(resolve_attention(automatic, wan_version::v2_2, h20) == fa3);
static_assert(resolve_attention(automatic, wan_version::v2_2, a100_80gb_sxm) == fa2);
static_assert(resolve_attention(automatic, wan_version::v2_2, rtx_4090) == fa2);
static_assert(resolve_attention(automatic, wan_version::v2_2, b200) == fa2);
// An explicit choice is kept.
static_assert(resolve_attention(fa3, wan_version::v2_1, h100_sxm) == fa3);
static_assert(resolve_attention(fa2, wan_version::v2_2, h100_sxm) == fa2);
// The resolved kernel sets the factor: Wan2.1 on an H100 gets FA2's 0.374, not FA3's 0.655.
static_assert(efficiency_for(kernel_class::attention, h100_sxm,
                             resolve_attention(automatic, wan_version::v2_1, h100_sxm)).compute == 0.374);
static_assert(efficiency_for(kernel_class::attention, h100_sxm,
                             resolve_attention(automatic, wan_version::v2_2, h100_sxm)).compute == 0.655);
} // namespace
