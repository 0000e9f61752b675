// Compile-fail tier: 1001 steps is above the range [1, 1000] (the schedulers have 1000
// training timesteps); must fail naming steps_must_be_between_1_and_1000.
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::workload{.steps = 1001});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
