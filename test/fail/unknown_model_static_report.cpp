// Compile-fail tier: an unknown model id in make_static_report<"...">; must fail at the
// consteval lookup, whose diagnostic quotes its rule: `"unknown model id"`.
#include <wanmeter/report/static_report.hpp>

constexpr auto r = wanmeter::make_static_report<"wan9-t2v-14b", "wan2-1-ci-tiny">();
int main() { return static_cast<int>(r.core.stage_count & 1U); }
