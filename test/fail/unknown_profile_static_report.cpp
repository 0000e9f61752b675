// Compile-fail tier: an unknown workload profile id given to a compile-time report; must fail at
// the consteval lookup, whose diagnostic quotes its rule: `"unknown profile id"`.
#include <wanmeter/report/static_report.hpp>

constexpr auto r = wanmeter::make_static_report<"wan2.1-t2v-1.3b", "wan2-1-4k">();
int main() { return static_cast<int>(r.core.stage_count & 1U); }
