// Compile-fail tier: 720 px is a multiple of 16 (legal for the Wan2.1 VAE, see
// in_range_control.cpp) but not of 32, the rule of the Wan2.2 VAE (stride 16 x patch 2) of
// TI2V-5B; must fail naming height_must_be_a_multiple_of_the_vae_stride_times_patch.
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_2_ti2v_5b, wanmeter::workload{.frames = 121, .height = 720, .width = 1280});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
