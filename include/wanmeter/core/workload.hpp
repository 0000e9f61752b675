#pragma once
// Workload knobs: what a user asks the model to generate.
//
// A workload is a structural literal type, so it can be a template argument
// (`forwards_of<workload{.frames = 81}> == 100` in examples/header_snippets.cpp; `tokens_of`,
// constrained by `is_legal`, in examples/static_invariants.cpp) or a runtime value from the CLI;
// both go through the same constexpr functions.
//
// Classifier-free guidance: the official sampling loop runs a conditional and a separate
// unconditional batch-1 forward per step; wanmeter counts 2 forwards per step when
// `guidance_scale != 1` and 1 forward when it is exactly 1 (the convention of diffusers, and what
// an optimised pipeline does; the official Wan code would still run both, so pass any value other
// than 1 to model it).

#include <wanmeter/core/checked.hpp>

namespace wanmeter {

struct workload {
  count batch = 1;     ///< videos per forward (the official code uses 1)
  count frames = 81;   ///< output frames, 4n+1
  count height = 720;  ///< pixels
  count width = 1280;  ///< pixels
  count steps = 50;    ///< sampling steps
  double guidance_scale = 5.0; ///< classifier-free guidance scale; 1 = no unconditional pass

  friend constexpr bool operator==(const workload&, const workload&) = default;
};

/// DiT forwards per sampling step: 2 with classifier-free guidance, 1 without.
[[nodiscard]] constexpr count forwards_per_step(const workload& w) {
  return w.guidance_scale == 1.0 ? 1 : 2;
}

/// DiT forwards in one run: steps x forwards_per_step. Example: 50 steps, scale 5 -> 100.
[[nodiscard]] constexpr count forwards_per_run(const workload& w) {
  return checked_mul(w.steps, forwards_per_step(w));
}

} // namespace wanmeter
