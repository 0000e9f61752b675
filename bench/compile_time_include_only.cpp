// Compile-time baseline for examples/profile_720p.cpp: the same headers, nothing evaluated and
// no runtime code. `bench/compile_time.sh` prints profile_720p's compile time as a ratio to this
// translation unit's (same compiler, same flags, same run).
#include "../examples/report_example.hpp"

#include <wanmeter/report/static_report.hpp>

int main() { return 0; }
