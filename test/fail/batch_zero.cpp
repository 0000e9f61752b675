// Compile-fail tier: batch 0 is below the range [1, 1024]; must fail naming
// batch_must_be_between_1_and_1024 (the legal edges 1 and 1024 are in in_range_control.cpp).
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::workload{.batch = 0});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
