// Compile-fail tier: a sample shift above 1000; the pipeline plan must fail at its shift rule
// ("the sample shift must be in (0, 1000]").
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/registry.hpp>

constexpr auto plan = wanmeter::plan_pipeline(*wanmeter::try_find_model("wan2.2-t2v-a14b"), wanmeter::workload{},
                                              wanmeter::pipeline_options{.shift = 2000.0});
int main() { return static_cast<int>(plan.dit_calls & 1U); }
