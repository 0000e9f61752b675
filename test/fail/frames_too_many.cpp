// Compile-fail tier: 4097 frames is 4n+1 but 1025 latent frames, one more than the RoPE
// table holds; must fail naming frames_must_be_at_most_4093 (4093 compiles: in_range_control.cpp).
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_1_3b, wanmeter::workload{.frames = 4097, .height = 16, .width = 16});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
