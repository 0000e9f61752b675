// Static tier: attention kernels sdpa / sage2, block-sparse density, step caching and the
// distilled preset (perf/efficiency.hpp, perf/roofline.hpp, layers/attention_core.hpp,
// models/wan/pipeline.hpp, run/levers.hpp). Expected values worked by hand in the comments.
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/layers/attention_core.hpp>
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/perf/efficiency.hpp>
#include <wanmeter/perf/roofline.hpp>
#include <wanmeter/run/levers.hpp>

namespace {
using namespace wanmeter;

// --- attention kernels ------------------------------------------------------------------------
// SDPA's flash backend is FA2: FA2's factor on Hopper (370 / 989.4 TFLOPS), not FA3's.
static_assert(efficiency_for(kernel_class::attention, h100_sxm, attention_kernel::sdpa).compute == 0.374);
static_assert(efficiency_for(kernel_class::attention, a100_80gb_sxm, attention_kernel::sdpa).compute == 0.70);
static_assert(efficiency_for(kernel_class::attention, h20, attention_kernel::sdpa).compute == 0.70);
// SageAttention2: 0.90 on Ada (3 x FA2's 132 TFLOPS of 440.4), 0.61 on Hopper (1,200 of 1,978.9).
static_assert(efficiency_for(kernel_class::attention, rtx_4090, attention_kernel::sage2).compute == 0.90);
static_assert(efficiency_for(kernel_class::attention, h100_sxm, attention_kernel::sage2).compute == 0.61);
// Its rate: the harmonic mean of the int8 (Q K^T) and fp8 (P V) rates, each half of the FLOPs.
//   RTX 4090: 2 x 660.6 x 330.3 / 990.9 = 440.4 TFLOP/s (440,401,920,000,000)
//   A100 (no FP8: fp16 P V): 2 x 623.7 x 311.9 / 935.6 = 415.8 TFLOP/s
//   H100: int8 = fp8 = 1,978.9 -> 1,978.9
constexpr bool near(count a, count b) { return (a > b ? a - b : b - a) <= 1'000'000; } // within 1 MFLOP/s
static_assert(near(sage2_tensor_rate(rtx_4090), 440'401'920'000'000));
static_assert(near(sage2_tensor_rate(a100_80gb_sxm), 415'825'920'000'000));
static_assert(near(sage2_tensor_rate(h100_sxm), 1'978'859'520'000'000));
static_assert(lossy(attention_kernel::sage2) && !lossy(attention_kernel::sdpa) &&
              !lossy(attention_kernel::flash_attention_3));
// Block-sparse kernels keep 0.85 of the dense kernel's factor: FA3 on Hopper 0.655 x 0.85.
static_assert(efficiency_for(kernel_class::attention, h100_sxm, attention_kernel::flash_attention_3, true).compute ==
              0.655 * 0.85);

// --- block-sparse attention ---------------------------------------------------------------------
// Wan2.1 14B at 720p: L = 75,600 -> ceil(75,600 / 128) = 591 query blocks x ceil(75,600 / 64) =
// 1,182 key blocks = 698,562 blocks; F = 0.25 keeps ceil(174,640.5) = 174,641.
static_assert(kept_blocks(0.25, 75'600, 75'600) == 174'641);
static_assert(kept_blocks(1.0, 75'600, 75'600) == 698'562);
static_assert(kept_blocks(1e-12, 75'600, 75'600) == 1);
// The core's FLOPs count whole kept blocks: 4 x 40 heads x 174,641 x 128 x 64 x 128 =
// 29,299,897,794,560 (dense: 4 x 40 x 75,600^2 x 128 = 117,050,572,800,000; ratio 0.2503).
constexpr attention_core self_core{.batch = 1, .heads = 40, .q_len = 75'600, .kv_len = 75'600, .head_dim = 128,
                                   .act = dtype::bf16, .input = dtype::bf16, .mode = exec_model::fused};
constexpr attention_core sparse_core = [] {
  attention_core c = self_core;
  c.kept = kept_blocks(0.25, 75'600, 75'600);
  return c;
}();
static_assert(self_core.cost().tensor_flops == 117'050'572'800'000);
static_assert(sparse_core.cost().tensor_flops == 29'299'897'794'560);
static_assert(sparse_core.cost().sfu_ops == 40ULL * 174'641 * 8192);
static_assert(describe(sparse_core).sparse && !describe(self_core).sparse);

// --- step caching -------------------------------------------------------------------------------
// floor(f x steps), keeping the first and the last step: 50 at 0.5 -> 25; 4 at 0.9 -> floor(3.6) = 3,
// capped at 4 - 2 = 2; 2 steps keep 1; 1 step keeps it.
static_assert(cached_steps(50, 0.5) == 25);
static_assert(cached_steps(4, 0.9) == 2);
static_assert(cached_steps(40, 0.999) == 38);
static_assert(cached_steps(2, 0.9) == 1);
static_assert(cached_steps(1, 0.5) == 0);
static_assert(cached_steps(50, 0.0) == 0);
// wan2.2-t2v-a14b at its defaults: 26 high-noise + 14 low-noise steps, CFG (2 forwards per step).
// At 0.5: floor(13) = 13 and floor(7) = 7 steps skipped -> 13 x 2 = 26 and 7 x 2 = 14 calls;
// 20 steps, 40 forwards skipped.
constexpr pipeline_plan a14b_half = plan_pipeline((*try_find_model("wan2.2-t2v-a14b")), (*try_find_model("wan2.2-t2v-a14b")).defaults.w,
                                                  pipeline_options{.cache_skip = 0.5});
static_assert(a14b_half.dit_high_noise_calls == 26 && a14b_half.dit_low_noise_calls == 14);
static_assert(a14b_half.skipped_steps == 20 && a14b_half.skipped_forwards == 40);
// wan2.1-t2v-14b: 50 steps, CFG: 25 skipped -> 50 calls (of 100).
constexpr pipeline_plan t2v_half = plan_pipeline((*try_find_model("wan2.1-t2v-14b")), (*try_find_model("wan2.1-t2v-14b")).defaults.w,
                                                 pipeline_options{.cache_skip = 0.5});
static_assert(t2v_half.dit_calls == 50 && t2v_half.skipped_forwards == 50);

// --- the distilled preset -----------------------------------------------------------------------
// 4 steps, guidance 1 (one forward per step); A14B: 2 steps per expert, so 2 + 2 calls and one
// text-encoder call (no negative prompt).
constexpr run_request distilled_a14b = apply_distilled(run_request{.model = (*try_find_model("wan2.2-t2v-a14b")),
                                                                   .w = (*try_find_model("wan2.2-t2v-a14b")).defaults.w});
constexpr pipeline_plan a14b_4 = plan_pipeline(distilled_a14b.model, distilled_a14b.w, distilled_a14b.options);
static_assert(a14b_4.dit_high_noise_calls == 2 && a14b_4.dit_low_noise_calls == 2 && a14b_4.text_encoder_calls == 1);
// One expert: 4 calls.
constexpr run_request distilled_t2v = apply_distilled(run_request{.model = (*try_find_model("wan2.1-t2v-14b")),
                                                                  .w = (*try_find_model("wan2.1-t2v-14b")).defaults.w});
static_assert(plan_pipeline(distilled_t2v.model, distilled_t2v.w, distilled_t2v.options).dit_calls == 4);
static_assert(distilled_t2v.options.high_noise_steps == 0);

// --- lossy levers -------------------------------------------------------------------------------
static_assert(lossy_levers(run_request{}) == 0);
static_assert(lossy_levers(distilled_t2v) == 1U << 5);
constexpr run_request mixed = [] {
  run_request q{};
  q.exec.dit_quant = weight_quant::fp8;
  q.exec.attention_density = 0.5;
  q.options.cache_skip = 0.3;
  return q;
}();
// dit_weights (bit 0) | sparse_attention (bit 3) | cache_skip (bit 4) = 0b11001.
static_assert(lossy_levers(mixed) == 0b11001U);
static_assert(lossy(mixed) && !lossy(run_request{}));
} // namespace
