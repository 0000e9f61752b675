#pragma once
// The sampling schedule of the official pipelines, as far as it decides what runs: the shifted
// flow-matching timesteps of FlowUniPCMultistepScheduler and, for the Wan2.2 A14B models, which
// expert runs at each step.
//
// FlowUniPC with use_dynamic_shifting=False (Wan-Video/Wan2.2 wan/utils/fm_solvers_unipc.py):
//   sigma_max = float32(0.999) (1 - 1/1000 from the training schedule), sigma_min = 0
//   sigma_i   = sigma_max + i * (sigma_min - sigma_max) / steps      i = 0 .. steps-1 (numpy linspace)
//   s_i       = shift * sigma_i / (1 + (shift - 1) * sigma_i)
//   t_i       = int64(s_i * 1000)                                     (truncation)
// The A14B loop uses the high-noise expert iff t_i >= boundary * 1000.
//
// Worked examples (tested): T2V-A14B (shift 12, boundary 0.875, 40 steps): t = 999 ... 877 for
// 26 high-noise steps, then 865 ... for 14 low-noise steps. I2V-A14B (shift 5, boundary 0.900, 40
// steps): 15 high-noise steps then 25 low-noise steps.

#include <wanmeter/core/checked.hpp>

namespace wanmeter {

/// float32(0.999), as torch/numpy hold the scheduler's sigma_max.
inline constexpr double flow_sigma_max = static_cast<double>(0.999f);
inline constexpr count num_train_timesteps = 1000;

/// t_i of step i of `steps` with the given shift (both as the official scheduler computes them).
[[nodiscard]] constexpr count flow_timestep(count i, count steps, double shift) {
  const double step = (0.0 - flow_sigma_max) / static_cast<double>(steps);
  const double sigma = static_cast<double>(i) * step + flow_sigma_max;
  const double shifted = shift * sigma / (1.0 + (shift - 1.0) * sigma);
  return static_cast<count>(shifted * static_cast<double>(num_train_timesteps));
}

/// Steps that run the high-noise expert: those with t_i >= boundary * 1000. The timesteps
/// decrease, so these are the first ones.
[[nodiscard]] constexpr count high_noise_steps(count steps, double shift, double boundary) {
  const double threshold = boundary * static_cast<double>(num_train_timesteps);
  count n = 0;
  for (count i = 0; i < steps; ++i) {
    if (static_cast<double>(flow_timestep(i, steps, shift)) >= threshold) ++n;
  }
  return n;
}

} // namespace wanmeter
