#pragma once
// Shared by the per-profile examples: print a report built at compile time, as summary.md
// (default) or as report.json (`--json`). Building the report is the compiler's work, in each
// profile_<id>.cpp; printing it is ordinary runtime code, compiled once in report_example.cpp for
// every example. Keeping the writers (and Boost.JSON) out of this header keeps them out of the
// examples' translation units: their -O3 code generation was about half of profile_720p.cpp's
// compile time (bench/compile_time.sh, bench/RESULTS.md).
#include <wanmeter/report/report.hpp>

namespace example {

/// Writes `r` to standard output as summary.md, or as report.json when argv[1] is `--json`;
/// returns the exit status (0, or 1 when the write fails).
int print_report(const wanmeter::report_view& r, int argc, char** argv);

} // namespace example
