// Uses the installed headers: the 14B forward at 720p, checked at compile time and printed.
#include <wanmeter.hpp>

#include <cstdio>

int main() {
  constexpr auto f = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, wanmeter::profile_720p);
  static_assert(f.tensor_flops == 6'523'436'592'005'120ULL);
  std::printf("consumer ok: %llu FLOPs per forward\n", static_cast<unsigned long long>(f.tensor_flops));
  return 0;
}
