// Compile-fail tier: 0 steps is below the range [1, 1000]; must fail naming
// steps_must_be_between_1_and_1000.
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::workload{.steps = 0});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
