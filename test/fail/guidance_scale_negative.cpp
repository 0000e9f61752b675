// Compile-fail tier: a negative guidance scale; must fail naming
// guidance_scale_must_be_finite_and_non_negative.
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::workload{.guidance_scale = -1.0});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
