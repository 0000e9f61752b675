// Control for the compile-fail tier: the same expressions with legal values compile, so the
// failures in this folder come from the rules and not from a broken include or harness. Each
// range is exercised at its legal edge, one step from the value its compile-fail file uses.
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/perf/roofline.hpp>

using wanmeter::workload;
constexpr auto cost = wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, workload{.frames = 81});
static_assert(cost.tensor_flops > 0);
// batch 1 and 1024 (batch_zero, batch_too_large), steps 1 and 1000 (steps_zero, steps_too_many)
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, workload{.batch = 1}).tensor_flops > 0);
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_1_3b,
                                         workload{.batch = 1024, .frames = 1, .height = 16, .width = 16})
                  .tensor_flops > 0);
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, workload{.steps = 1}).tensor_flops > 0);
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, workload{.steps = 1000}).tensor_flops > 0);
// 4093 frames (frames_too_many), 16384 px (height_too_large, width_too_large), 1008 px
// (width_not_multiple), guidance scale 0 (guidance_scale_negative)
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_1_3b, workload{.frames = 4093, .height = 16, .width = 16})
                  .tensor_flops > 0);
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_1_3b, workload{.frames = 1, .height = 16384, .width = 16})
                  .tensor_flops > 0);
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_1_3b, workload{.frames = 1, .height = 16, .width = 16384})
                  .tensor_flops > 0);
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, workload{.width = 1008}).tensor_flops > 0);
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_1_t2v_14b, workload{.guidance_scale = 0.0}).tensor_flops > 0);
// the Wan2.2 VAE at 1280x704 (wan2_2_vae_32px uses 720, legal for Wan2.1 above)
static_assert(wanmeter::dit_forward_cost(wanmeter::wan2_2_ti2v_5b, workload{.frames = 121, .height = 704, .width = 1280})
                  .tensor_flops > 0);
// bf16 on the A100 (fp8_without_fp8_cores), a whole input image and a shift of 1000
// (image_size_one_side, shift_out_of_range)
static_assert(wanmeter::tensor_rate(wanmeter::a100_80gb_sxm, wanmeter::dtype::bf16, false) > 0);
static_assert(wanmeter::plan_pipeline(*wanmeter::try_find_model("wan2.1-i2v-14b-480p"), workload{},
                                      wanmeter::pipeline_options{.image_width = 640, .image_height = 480})
                  .dit_calls == 100);
static_assert(wanmeter::plan_pipeline(*wanmeter::try_find_model("wan2.2-t2v-a14b"), workload{},
                                      wanmeter::pipeline_options{.shift = 1000.0})
                  .dit_forwards() == 100);
// the known ids that unknown_model_static_report / unknown_profile_static_report misspell
static_assert(wanmeter::try_find_model("wan2.1-t2v-1.3b") != nullptr);
static_assert(wanmeter::try_find_profile("wan2-1-ci-tiny") != nullptr);
int main() { return 0; }
