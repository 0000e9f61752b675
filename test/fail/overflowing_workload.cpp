// Compile-fail tier: every knob within its range, but the counts exceed 64 bits
// (batch 1024 at 16384x16384x4093: L = 1024 * 1024 * 1024 tokens; 4 L^2 D alone is ~2^82).
// Must fail naming integer_overflow_in_cost_count, never wrap.
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(
    wanmeter::wan2_1_t2v_14b, wanmeter::workload{.batch = 1024, .frames = 4093, .height = 16384, .width = 16384});
int main() { return static_cast<int>(cost.tensor_flops & 1U); }
