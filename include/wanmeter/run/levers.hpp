#pragma once
// The speed levers practitioners turn besides the layout, as plain fields a planner iterates:
// weight formats (core/weight_format.hpp `weight_quant_names`), attention kernels
// (perf/efficiency.hpp `attention_kernel_names`), the attention density, step caching and the
// few-step distilled preset; and which of them change the output (`lossy_levers`).
//
// The distilled preset is what the few-step distilled Wan models run (LightX2V's
// `Wan2.1-*-StepDistill-CfgDistill` checkpoints and LoRAs, Wan2.2-Lightning): 4 sampling steps,
// guidance 1 (CFG distilled away: one forward per step) and, on the Wan2.2 A14B models, 2 steps
// on the high-noise expert and 2 on the low-noise one (LightX2V's Wan2.2 distill configs:
// `denoising_step_list` [1000, 750, 500, 250] with `boundary_step_index` 2; Wan2.2-Lightning's
// 4-step schedule at shift 5 crosses the 0.875 boundary after the same 2 steps).
//
// Example: wan2.2-t2v-a14b with `apply_distilled`: 4 steps, dit_high_noise 2 calls,
// dit_low_noise 2 calls (against 52 + 28 at the defaults).

#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/enum_names.hpp>
#include <wanmeter/core/weight_format.hpp>
#include <wanmeter/perf/efficiency.hpp>
#include <wanmeter/run/request.hpp>

#include <string_view>

namespace wanmeter {

/// The dense DiT weight storages (`--weight-dtype fp32|bf16`); the quantised formats are
/// `weight_quant_names` less `none`. A planner iterates both tables.
inline constexpr enum_names<dtype, 2> dense_weight_names{{{{dtype::fp32, "fp32"}, {dtype::bf16, "bf16"}}}};

struct distilled_preset {
  count steps = 4;
  double guidance_scale = 1.0;
  count high_noise_steps = 2; ///< two-expert models only
};

inline constexpr distilled_preset few_step_distilled{};

/// `q` with the distilled preset applied (steps, guidance, the two-expert split) and marked
/// distilled.
[[nodiscard]] constexpr run_request apply_distilled(run_request q, const distilled_preset& d = few_step_distilled) {
  q.w.steps = d.steps;
  q.w.guidance_scale = d.guidance_scale;
  q.options.high_noise_steps = q.model.defaults.boundary > 0.0 ? d.high_noise_steps : 0;
  q.options.distilled = true;
  return q;
}

/// The levers that change the output, one bit each.
enum class lossy_lever : unsigned char { dit_weights, t5_weights, attention_kernel, sparse_attention, cache_skip, distilled };

inline constexpr enum_names<lossy_lever, 6> lossy_lever_names{{{{lossy_lever::dit_weights, "dit_weights"},
                                                                {lossy_lever::t5_weights, "t5_weights"},
                                                                {lossy_lever::attention_kernel, "attention_kernel"},
                                                                {lossy_lever::sparse_attention, "sparse_attention"},
                                                                {lossy_lever::cache_skip, "cache_skip"},
                                                                {lossy_lever::distilled, "distilled"}}}};

[[nodiscard]] constexpr std::string_view name_of(lossy_lever l) { return lossy_lever_names.name(l); }

/// Bit `1 << lossy_lever` set for each lever of `q` that changes the output (0: lossless).
/// Example: `--weight-dtype fp8 --cache-skip 0.3` -> dit_weights | cache_skip = 0b10001.
[[nodiscard]] constexpr unsigned lossy_levers(const run_request& q) {
  const auto bit = [](lossy_lever l) { return 1U << static_cast<unsigned>(l); };
  unsigned m = 0;
  if (lossy(q.exec.dit_quant)) m |= bit(lossy_lever::dit_weights);
  if (lossy(q.exec.t5_quant)) m |= bit(lossy_lever::t5_weights);
  if (lossy(q.exec.roofline.attention)) m |= bit(lossy_lever::attention_kernel);
  if (q.exec.attention_density < 1.0) m |= bit(lossy_lever::sparse_attention);
  if (q.options.cache_skip > 0.0) m |= bit(lossy_lever::cache_skip);
  if (q.options.distilled) m |= bit(lossy_lever::distilled);
  return m;
}

/// True when any lever of `q` changes the output.
[[nodiscard]] constexpr bool lossy(const run_request& q) { return lossy_levers(q) != 0; }

} // namespace wanmeter
