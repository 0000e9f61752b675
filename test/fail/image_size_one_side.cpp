// Compile-fail tier: an input image with a width but no height for an image-to-video model; the
// pipeline plan must fail at its image_size rule ("give both the width and the height").
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/registry.hpp>

constexpr auto plan = wanmeter::plan_pipeline(*wanmeter::try_find_model("wan2.1-i2v-14b-480p"), wanmeter::workload{},
                                              wanmeter::pipeline_options{.image_width = 640});
int main() { return static_cast<int>(plan.dit_calls & 1U); }
