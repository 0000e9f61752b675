// Compile-fail tier: 80 frames is not 4n+1; must fail naming the rule
// (wanmeter::compile_time_error::frames_must_be_4n_plus_1).
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::workload{.frames = 80});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
