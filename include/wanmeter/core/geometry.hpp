#pragma once
// Token geometry: pixels -> VAE latents -> DiT tokens. The only place this mapping lives.
//
//   latent_frames    = (F - 1) / st + 1              (causal VAE: frame 0 alone, then st per latent)
//   latent_height    = H / ss,  latent_width = W / ss
//   tokens_per_frame = (latent_height / ph) * (latent_width / pw)
//   dit_seq_len      = (latent_frames / pt) * tokens_per_frame      (tokens of one sample)
//   padded_seq_len(L, p) = ceil(L / p) * p           (sequence parallel over p devices)
//
// with the VAE strides (st, ss) = (4, 8) for the Wan2.1 VAE, (4, 16) for the Wan2.2 VAE, and the
// DiT patch (pt, ph, pw) = (1, 2, 2).
//
// Rules (enforced, each with its own error):
//   * batch in [1, 1024]; steps in [1, 1000] (the schedulers have 1000 training timesteps);
//   * frames = st*n + 1, i.e. 4n+1: 1, 5, ..., 81, 121, ...; at most 1024 latent frames (the
//     RoPE table has 1024 positions per axis), i.e. frames <= 4093;
//   * height and width multiples of ss*ph (16 for the Wan2.1 VAE, 32 for Wan2.2), at least that
//     multiple and at most 1024 patches (16384 px for Wan2.1, 32768 px for Wan2.2);
//   * guidance_scale finite and >= 0.
//
// Worked examples (Wan2.1 VAE): 1280x720x81 -> 21 x 90 x 160 latents, 3,600 tokens per frame,
// L = 75,600; 832x480x81 -> 21 x 60 x 104, 1,560, L = 32,760. Wan2.2 VAE 1280x704x121 ->
// 31 x 44 x 80, 880, L = 27,280.
//
// At compile time an illegal workload is a compile error naming the rule
// (`wanmeter::compile_time_error::frames_must_be_4n_plus_1`); at run time it throws
// `wanmeter::invalid_input` with the knob, the value and the rule.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/instrument.hpp>
#include <wanmeter/core/workload.hpp>

#include <string>
#include <type_traits>

namespace wanmeter {

/// The strides that map pixels to tokens; comes from the architecture (VAE + patch).
struct geometry_rules {
  count vae_temporal_stride = 4;
  count vae_spatial_stride = 8;
  count patch_t = 1;
  count patch_h = 2;
  count patch_w = 2;

  /// Pixels per token along height (16 for the Wan2.1 VAE with a 2x2 patch).
  [[nodiscard]] constexpr count pixel_multiple_h() const { return vae_spatial_stride * patch_h; }
  [[nodiscard]] constexpr count pixel_multiple_w() const { return vae_spatial_stride * patch_w; }
  friend constexpr bool operator==(const geometry_rules&, const geometry_rules&) = default;
};

inline constexpr count max_batch = 1024;
inline constexpr count max_steps = 1000;
inline constexpr count max_positions_per_axis = 1024; ///< RoPE table length per axis

struct token_geometry {
  count batch = 0;
  count frames = 0;
  count height = 0;
  count width = 0;
  count latent_frames = 0;
  count latent_height = 0;
  count latent_width = 0;
  count tokens_per_frame = 0;
  count dit_seq_len = 0; ///< tokens of one sample, unpadded (L)

  /// Tokens processed by one forward over the whole batch: batch x L.
  [[nodiscard]] constexpr count batch_tokens() const { return checked_mul(batch, dit_seq_len); }
  friend constexpr bool operator==(const token_geometry&, const token_geometry&) = default;
};

/// Sequence length padded for a sequence-parallel degree p >= 1: ceil(L/p)*p.
[[nodiscard]] constexpr count padded_seq_len(count seq_len, count p) {
  return checked_mul(ceil_div(seq_len, p), p);
}

/// Which rule a workload breaks.
enum class workload_rule : unsigned char {
  ok,
  batch_range,
  steps_range,
  frames_4n_plus_1,
  frames_range,
  height_multiple,
  height_range,
  width_multiple,
  width_range,
  guidance_scale_range,
};

namespace compile_time_error {
// Reaching one of these during constant evaluation is a compile error that names the rule.
inline void batch_must_be_between_1_and_1024() {}
inline void steps_must_be_between_1_and_1000() {}
inline void frames_must_be_4n_plus_1() {}
inline void frames_must_be_at_most_4093() {}
inline void height_must_be_a_multiple_of_the_vae_stride_times_patch() {}
inline void height_exceeds_1024_patches() {}
inline void width_must_be_a_multiple_of_the_vae_stride_times_patch() {}
inline void width_exceeds_1024_patches() {}
inline void guidance_scale_must_be_finite_and_non_negative() {}
} // namespace compile_time_error

/// The first rule `w` breaks under `r`, or `workload_rule::ok`.
[[nodiscard]] constexpr workload_rule check_workload(const geometry_rules& r, const workload& w) {
  const count st = r.vae_temporal_stride;
  const count mh = r.pixel_multiple_h();
  const count mw = r.pixel_multiple_w();
  if (w.batch < 1 || w.batch > max_batch) return workload_rule::batch_range;
  if (w.steps < 1 || w.steps > max_steps) return workload_rule::steps_range;
  if (w.frames < 1 || (w.frames - 1) % st != 0) return workload_rule::frames_4n_plus_1;
  if ((w.frames - 1) / st + 1 > max_positions_per_axis * r.patch_t) return workload_rule::frames_range;
  if (w.height < mh || w.height % mh != 0) return workload_rule::height_multiple;
  if (w.height / mh > max_positions_per_axis) return workload_rule::height_range;
  if (w.width < mw || w.width % mw != 0) return workload_rule::width_multiple;
  if (w.width / mw > max_positions_per_axis) return workload_rule::width_range;
  // NaN fails both comparisons; +inf fails the upper bound.
  if (!(w.guidance_scale >= 0.0 && w.guidance_scale <= 1.0e30)) return workload_rule::guidance_scale_range;
  return workload_rule::ok;
}

/// True when `w` is legal under `r` (usable in `requires` clauses and static_assert).
[[nodiscard]] constexpr bool is_legal(const geometry_rules& r, const workload& w) {
  return check_workload(r, w) == workload_rule::ok;
}

namespace detail {
[[noreturn]] inline void throw_workload_error(workload_rule rule, const geometry_rules& r,
                                              const workload& w) {
  const auto n = [](count v) { return std::to_string(v); };
  const count st = r.vae_temporal_stride;
  const count max_frames = (max_positions_per_axis * r.patch_t - 1) * st + 1;
  switch (rule) {
  case workload_rule::batch_range:
    throw invalid_input("batch", n(w.batch), "batch must be between 1 and " + n(max_batch));
  case workload_rule::steps_range:
    throw invalid_input("steps", n(w.steps), "steps must be between 1 and " + n(max_steps));
  case workload_rule::frames_4n_plus_1:
    throw invalid_input("frames", n(w.frames),
                        "frames must be " + n(st) + "n+1 (1, " + n(1 + st) + ", " + n(1 + 2 * st) +
                            ", ..., 81, ...) for this VAE's temporal stride " + n(st));
  case workload_rule::frames_range:
    throw invalid_input("frames", n(w.frames), "frames must be at most " + n(max_frames) + " (" +
                                                   n(max_positions_per_axis) + " latent frames)");
  case workload_rule::height_multiple:
    throw invalid_input("height", n(w.height),
                        "height must be a positive multiple of " + n(r.pixel_multiple_h()) +
                            " (VAE stride " + n(r.vae_spatial_stride) + " x patch " + n(r.patch_h) + ")");
  case workload_rule::height_range:
    throw invalid_input("height", n(w.height),
                        "height must be at most " + n(r.pixel_multiple_h() * max_positions_per_axis) +
                            " (1024 patches)");
  case workload_rule::width_multiple:
    throw invalid_input("width", n(w.width),
                        "width must be a positive multiple of " + n(r.pixel_multiple_w()) +
                            " (VAE stride " + n(r.vae_spatial_stride) + " x patch " + n(r.patch_w) + ")");
  case workload_rule::width_range:
    throw invalid_input("width", n(w.width),
                        "width must be at most " + n(r.pixel_multiple_w() * max_positions_per_axis) +
                            " (1024 patches)");
  case workload_rule::guidance_scale_range:
    throw invalid_input("guidance_scale", std::to_string(w.guidance_scale),
                        "guidance_scale must be a finite number >= 0 (1 disables the unconditional pass)");
  case workload_rule::ok: break;
  }
  throw invalid_input("workload", "?", "unknown rule");
}
} // namespace detail

/// Fails (compile error in constant evaluation, `invalid_input` at run time) unless `w` is legal.
constexpr void require_legal(const geometry_rules& r, const workload& w) {
  count_event(event::validate_workload);
  const workload_rule rule = check_workload(r, w);
  if (rule == workload_rule::ok) return;
  if (std::is_constant_evaluated()) {
    switch (rule) {
    case workload_rule::batch_range: compile_time_error::batch_must_be_between_1_and_1024(); break;
    case workload_rule::steps_range: compile_time_error::steps_must_be_between_1_and_1000(); break;
    case workload_rule::frames_4n_plus_1: compile_time_error::frames_must_be_4n_plus_1(); break;
    case workload_rule::frames_range: compile_time_error::frames_must_be_at_most_4093(); break;
    case workload_rule::height_multiple:
      compile_time_error::height_must_be_a_multiple_of_the_vae_stride_times_patch();
      break;
    case workload_rule::height_range: compile_time_error::height_exceeds_1024_patches(); break;
    case workload_rule::width_multiple:
      compile_time_error::width_must_be_a_multiple_of_the_vae_stride_times_patch();
      break;
    case workload_rule::width_range: compile_time_error::width_exceeds_1024_patches(); break;
    case workload_rule::guidance_scale_range:
      compile_time_error::guidance_scale_must_be_finite_and_non_negative();
      break;
    case workload_rule::ok: break;
    }
  }
  detail::throw_workload_error(rule, r, w);
}

/// The token geometry of `w` under `r` for a workload that already passed `require_legal(r, w)`:
/// no check here (a run validates once, in its plan, and builds every tree from the result).
[[nodiscard]] constexpr token_geometry geometry_of_legal(const geometry_rules& r, const workload& w) {
  token_geometry g{};
  g.batch = w.batch;
  g.frames = w.frames;
  g.height = w.height;
  g.width = w.width;
  g.latent_frames = (w.frames - 1) / r.vae_temporal_stride + 1;
  g.latent_height = w.height / r.vae_spatial_stride;
  g.latent_width = w.width / r.vae_spatial_stride;
  g.tokens_per_frame = checked_mul(g.latent_height / r.patch_h, g.latent_width / r.patch_w);
  g.dit_seq_len = checked_mul(ceil_div(g.latent_frames, r.patch_t), g.tokens_per_frame);
  return g;
}

/// The token geometry of a legal workload (fails like `require_legal` otherwise).
[[nodiscard]] constexpr token_geometry make_geometry(const geometry_rules& r, const workload& w) {
  require_legal(r, w);
  return geometry_of_legal(r, w);
}

} // namespace wanmeter
