// Compile-fail tier: 16400 px is a multiple of 16 but 1025 patches; must fail naming
// height_exceeds_1024_patches (16384 compiles: in_range_control.cpp).
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_1_3b, wanmeter::workload{.frames = 1, .height = 16400, .width = 16});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
