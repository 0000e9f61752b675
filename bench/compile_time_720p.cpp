// Compile-time benchmark: the full 720p forward of the 14B model, evaluated and checked by the
// compiler. `bench/compile_time.sh` times this translation unit (g++ -O0, -fsyntax-only and -c).
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/profiles.hpp>

constexpr wanmeter::metrics forward =
    wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::profile_720p);
static_assert(forward.tensor_flops == 6'523'436'592'005'120ULL);
static_assert(forward.parameters == 14'288'491'584ULL);

int main() { return forward.tensor_flops == 0 ? 1 : 0; }
