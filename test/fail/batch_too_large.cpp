// Compile-fail tier: batch 1025 is above the range [1, 1024]; must fail naming
// batch_must_be_between_1_and_1024.
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_1_3b, wanmeter::workload{.batch = 1025, .frames = 1, .height = 16, .width = 16});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
