// Second compile-time baseline for examples/profile_720p.cpp: the same headers and the same
// runtime part (printing a report as summary.md or report.json), but of an empty report, so no
// constant evaluation. profile_720p minus this TU is the cost of building the report at compile
// time; this TU minus compile_time_include_only.cpp is the cost of compiling the two writers.
#include "../examples/report_example.hpp"

#include <wanmeter/report/wan.hpp>

namespace {
constexpr wanmeter::static_report<0> empty_report{};
} // namespace

int main(int argc, char** argv) { return example::print_report(empty_report.view(), argc, argv); }
