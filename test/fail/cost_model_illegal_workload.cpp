// Compile-fail tier: the compile-time cost table (dit_cost_model) validates its workload exactly
// as make_geometry does; a width of 16400 (1025 patches) must fail naming width_exceeds_1024_patches.
#include <wanmeter/models/wan/dit_cost_model.hpp>

constexpr auto m = wanmeter::dit_cost_model<wanmeter::wan2_1_t2v_1_3b>::forward(
    wanmeter::workload{.frames = 1, .height = 16, .width = 16400});
int main() { return static_cast<int>(m.tensor_flops & 1U); }
