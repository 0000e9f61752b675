// Compile-fail tier: 1000 px is not a multiple of 16 for the Wan2.1 VAE; must fail naming
// width_must_be_a_multiple_of_the_vae_stride_times_patch.
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::workload{.width = 1000});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
