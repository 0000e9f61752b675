// Compile-fail tier: make_static_report_for<model, workload> validates its workload like every
// other path; 80 frames must fail naming frames_must_be_4n_plus_1.
#include <wanmeter/report/static_report.hpp>

constexpr auto r = wanmeter::make_static_report_for<"wan2.1-t2v-1.3b",
                                                    wanmeter::workload{.frames = 80, .height = 16, .width = 16}>();
int main() { return static_cast<int>(r.core.stage_count & 1U); }
