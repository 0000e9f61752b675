#pragma once
// What one run of an official Wan pipeline executes: which stages, how many calls of each, and
// on which sizes (the official `generate.py` and `wan/text2video.py`, `image2video.py`,
// `first_last_frame2video.py`, `textimage2video.py` of Wan-Video/Wan2.1 and Wan2.2).
//
// | stage          | calls per run                                   | runs for                          |
// |----------------|-------------------------------------------------|-----------------------------------|
// | text_encoder   | B x (1 + CFG): prompt, and the negative prompt  | every model (umT5-XXL, 512 tokens) |
// |                | when the unconditional pass runs                |                                   |
// | image_encoder  | B (one call; FLF2V passes both frames in it)    | Wan2.1 I2V / FLF2V (CLIP)         |
// | vae_encode     | B: the `frames`-frame conditioning video        | I2V, FLF2V, Wan2.2 I2V-A14B       |
// |                | B: one frame                                    | TI2V-5B with an input image       |
// | dit            | steps x (1 + CFG)                               | one-expert models                 |
// | dit_high_noise | high-noise steps x (1 + CFG)                    | Wan2.2 A14B (t >= boundary)       |
// | dit_low_noise  | the other steps x (1 + CFG)                     | Wan2.2 A14B                       |
// | *_skipped      | the expert's skipped steps x (1 + CFG)          | --cache-skip (step caching)       |
// | vae_decode     | B                                               | every model                       |
//
// With step caching (--cache-skip F) each DiT stage's calls are its computed forwards, and its
// `*_skipped` stage (run/stage.hpp) the forwards whose blocks are skipped (`cached_steps` per
// expert); both pay the cache's work (models/wan/step_cache.hpp).
//
// CFG = 1 when guidance_scale != 1 (see core/workload.hpp). Each DiT forward carries the whole
// batch B; the text encoder, CLIP and the VAE run per video, as the official code does.
//
// Image-conditioned models take the output size from the input image (models/wan/image_size.hpp,
// float64 as the official code computes it): I2V, FLF2V and Wan2.2 I2V-A14B use
// `image_conditioned_size`, TI2V-5B with an image `ti2v_output_size`, both with the workload's
// area (height x width) as the maximum area. Without an image size the image is taken to have
// the workload's own size, which the formula does not always return: an 832x480 image at the
// 480P area gives 832x464, as in the official code.
//
// Worked example: wan2.2-t2v-a14b at its defaults (40 steps, shift 12, boundary 0.875, guidance
// 4/3): text_encoder 2 calls, dit_high_noise 26 x 2 = 52, dit_low_noise 14 x 2 = 28,
// vae_decode 1.

#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/models/wan/image_size.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/models/wan/sampling.hpp>

namespace wanmeter {

/// Inputs of a run besides the workload knobs.
struct pipeline_options {
  count image_width = 0;   ///< input image (0 x 0: none given)
  count image_height = 0;
  bool image_input = false; ///< TI2V-5B: image-to-video (encodes the image) instead of text-to-video
  double shift = 0.0;      ///< sample shift; 0 = the model's default
  /// Step caching (TeaCache / MagCache): the fraction of sampling steps whose DiT blocks are
  /// skipped, in [0, 1) (see `cached_steps`).
  double cache_skip = 0.0;
  /// Two-expert models: the steps that run on the high-noise expert, instead of the boundary
  /// rule (0: the rule). The few-step distilled Wan2.2 A14B models run 2 of their 4 steps there
  /// (`step_levers.hpp` `distilled_preset`).
  count high_noise_steps = 0;
  /// The DiT is a few-step distilled model (run/levers.hpp `apply_distilled`): same cost per
  /// forward, marked because it changes the output.
  bool distilled = false;
};

/// Steps of `steps` whose DiT forwards step caching skips at fraction `f`: floor(f x steps), less
/// the steps the engines always compute. TeaCache4Wan2.1 (`teacache_generate.py`) computes the
/// first step(s) (`ret_steps`) and the last (`cutoff_steps`) whatever the threshold, and MagCache
/// (`magcache_generate.py`) keeps its first `retention_ratio` of the steps: we keep the first and
/// the last step of each expert, so at most steps - 2 are skipped (steps - 1 for a 2-step expert
/// segment, none for one step). A skipped step skips the blocks of every forward of that step
/// (conditional and unconditional: both caches meet the same threshold in practice, and the
/// engines step them together).
/// Example: 50 steps at f = 0.5 -> 25; 4 steps at 0.9 -> floor(3.6) = 3 -> capped at 2.
[[nodiscard]] constexpr count cached_steps(count steps, double f) {
  if (!(f > 0.0)) return 0;
  const count skip = static_cast<count>(f * static_cast<double>(steps));
  const count keep = steps >= 3 ? 2 : (steps == 2 ? 1 : steps);
  const count most = steps - keep;
  return skip < most ? skip : most;
}

struct pipeline_plan {
  workload w{};              ///< the workload actually run (image-conditioned size resolved)
  count text_encoder_calls = 0;
  count image_encoder_calls = 0;
  count images_per_image_encoder_call = 0;
  count vae_encode_calls = 0;
  count vae_encode_frames = 0;
  count dit_calls = 0;       ///< one-expert models
  count dit_high_noise_calls = 0;
  count dit_low_noise_calls = 0;
  count high_noise_steps = 0;
  count low_noise_steps = 0;
  count vae_decode_calls = 0;
  bool two_experts = false;
  bool wan2_2_vae = false;
  double shift = 0.0;
  /// Step caching: the steps, and the DiT forwards, whose blocks are skipped (not in the calls).
  count skipped_steps = 0;
  count skipped_forwards = 0;
  /// The skipped forwards of each expert (the `*_skipped` stages; their sum is skipped_forwards).
  count dit_skipped_calls = 0;
  count dit_high_noise_skipped_calls = 0;
  count dit_low_noise_skipped_calls = 0;
  /// Step caching is on (cache_skip > 0): every forward pays the cache's work, even when the
  /// fraction skips no step.
  bool step_cache = false;

  /// Computed DiT forwards of the run, over all experts (the skipped ones not included).
  [[nodiscard]] constexpr count dit_forwards() const {
    return add(dit_calls, dit_high_noise_calls, dit_low_noise_calls);
  }
  friend constexpr bool operator==(const pipeline_plan&, const pipeline_plan&) = default;
};

namespace detail {
/// An image whose aspect ratio puts the output beyond the size limits fails as an image-size error
/// (the other rules are left to `require_legal`).
constexpr void require_legal_image_output(const geometry_rules& r, const workload& w, count iw, count ih,
                                          count area) {
  switch (check_workload(r, w)) {
  case workload_rule::height_multiple:
  case workload_rule::height_range:
  case workload_rule::width_multiple:
  case workload_rule::width_range:
    throw invalid_input("image_size", image_size_text(iw, ih),
                        "at the maximum area " + std::to_string(area) + " this image gives a " +
                            std::to_string(w.width) + "x" + std::to_string(w.height) +
                            " video, outside the model's limits (each side a multiple of " +
                            std::to_string(r.pixel_multiple_h()) + ", at most " +
                            std::to_string(r.pixel_multiple_h() * max_positions_per_axis) + " pixels)");
  default: break;
  }
}
} // namespace detail

[[nodiscard]] constexpr pipeline_plan plan_pipeline(const model_entry& m, const workload& requested,
                                                    const pipeline_options& o = {}) {
  const wan_dit_arch& a = m.arch;
  const inference_defaults& d = m.defaults;
  if (!(o.cache_skip >= 0.0 && o.cache_skip < 1.0)) {
    throw invalid_input("cache_skip", std::to_string(o.cache_skip), "the cache-skip fraction must be in [0, 1)");
  }
  pipeline_plan p{};
  p.w = requested;
  const bool image_model = d.image_input;
  const bool ti2v_image = a.type == model_type::ti2v && (o.image_input || o.image_width != 0);
  if ((o.image_width == 0) != (o.image_height == 0)) {
    throw invalid_input("image_size", std::to_string(o.image_width) + "x" + std::to_string(o.image_height),
                        "give both the width and the height of the input image, as WxH");
  }
  if (!image_model && a.type != model_type::ti2v && o.image_width != 0) {
    throw invalid_input("image_size", std::to_string(o.image_width) + "x" + std::to_string(o.image_height),
                        std::string(m.id) + " is a text-to-video model and takes no input image");
  }
  if (image_model || ti2v_image) {
    const bool given = o.image_width != 0;
    // Without an image the requested size must itself be legal; with one it only sets the area.
    if (!given) require_legal(a.rules(), requested);
    const count iw = given ? o.image_width : requested.width;
    const count ih = given ? o.image_height : requested.height;
    const count area = checked_mul(requested.height, requested.width);
    const pixel_size s = image_model ? image_conditioned_size(a.rules(), iw, ih, area)
                                     : ti2v_output_size(a.rules(), iw, ih, area);
    p.w.height = s.height;
    p.w.width = s.width;
    detail::require_legal_image_output(a.rules(), p.w, iw, ih, area);
  }
  require_legal(a.rules(), p.w);
  const count B = p.w.batch;
  const count fps = forwards_per_step(p.w);
  p.text_encoder_calls = checked_mul(B, fps);
  if (a.version == wan_version::v2_1 && a.has_image_context()) {
    p.image_encoder_calls = B;
    p.images_per_image_encoder_call = a.image_pos_embedding ? 2 : 1;
  }
  if (image_model) {
    p.vae_encode_calls = B;
    p.vae_encode_frames = p.w.frames;
  } else if (ti2v_image) {
    p.vae_encode_calls = B;
    p.vae_encode_frames = 1;
  }
  // 0 selects the model's default; anything else (negative, NaN, infinite, too large) must be a
  // legal shift.
  if (o.shift != 0.0 && !(o.shift > 0.0 && o.shift <= 1000.0)) {
    throw invalid_input("shift", std::to_string(o.shift), "the sample shift must be in (0, 1000]");
  }
  p.shift = o.shift != 0.0 ? o.shift : d.shift;
  if (d.boundary > 0.0) {
    p.two_experts = true;
    if (o.high_noise_steps > p.w.steps) {
      throw invalid_input("high_noise_steps", std::to_string(o.high_noise_steps),
                          "the high-noise expert's steps must not exceed the steps");
    }
    p.high_noise_steps = o.high_noise_steps != 0 ? o.high_noise_steps : high_noise_steps(p.w.steps, p.shift, d.boundary);
    p.low_noise_steps = p.w.steps - p.high_noise_steps;
    const count high_skipped = cached_steps(p.high_noise_steps, o.cache_skip);
    const count low_skipped = cached_steps(p.low_noise_steps, o.cache_skip);
    p.skipped_steps = add(high_skipped, low_skipped);
    p.dit_high_noise_calls = checked_mul(p.high_noise_steps - high_skipped, fps);
    p.dit_low_noise_calls = checked_mul(p.low_noise_steps - low_skipped, fps);
    p.dit_high_noise_skipped_calls = checked_mul(high_skipped, fps);
    p.dit_low_noise_skipped_calls = checked_mul(low_skipped, fps);
  } else {
    p.skipped_steps = cached_steps(p.w.steps, o.cache_skip);
    p.dit_calls = checked_mul(p.w.steps - p.skipped_steps, fps);
    p.dit_skipped_calls = checked_mul(p.skipped_steps, fps);
  }
  p.skipped_forwards = checked_mul(p.skipped_steps, fps);
  p.step_cache = o.cache_skip > 0.0;
  p.vae_decode_calls = B;
  p.wan2_2_vae = vae_kind_of(a) == vae_kind::wan2_2;
  return p;
}

} // namespace wanmeter
