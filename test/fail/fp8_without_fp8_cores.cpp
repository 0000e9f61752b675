// Compile-fail tier: FP8 GEMMs on a device without FP8 tensor cores (A100); must fail naming
// throw_no_fp8 (bf16 on the same device compiles: in_range_control.cpp).
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/perf/roofline.hpp>

constexpr auto rate = wanmeter::tensor_rate(wanmeter::a100_80gb_sxm, wanmeter::dtype::fp8, false);
int main() { return static_cast<int>(rate & 1U); }
