// Control for the compile-fail tier: the same expressions with a legal workload compile, so the
// failures above come from the rules and not from a broken include or harness.
#include <wanmeter/models/wan/dit.hpp>

constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::workload{.frames = 81});
static_assert(cost.tensor_flops > 0);
int main() { return 0; }
