#pragma once
// The stages of a Wan run, as enums: which stage (its report key) and what kind of model it runs.
//
// | stage_id        | report key       | kind           | model                               |
// |-----------------|------------------|----------------|-------------------------------------|
// | text_encoder    | text_encoder     | text_encoder   | umT5-XXL encoder                    |
// | image_encoder   | image_encoder    | image_encoder  | CLIP ViT-H/14 visual tower          |
// | vae_encode      | vae_encode       | vae_encode     | Wan2.1 or Wan2.2 VAE encoder        |
// | dit             | dit              | dit            | the DiT (one-expert models)         |
// | dit_skipped     | dit_skipped      | dit_skipped    | its forwards that step caching skips|
// | dit_high_noise  | dit_high_noise   | dit            | Wan2.2 A14B high-noise expert       |
// | dit_high_noise_skipped | (same)    | dit_skipped    | its skipped forwards                |
// | dit_low_noise   | dit_low_noise    | dit            | Wan2.2 A14B low-noise expert        |
// | dit_low_noise_skipped | (same)     | dit_skipped    | its skipped forwards                |
// | vae_decode      | vae_decode       | vae_decode     | Wan2.1 or Wan2.2 VAE decoder        |
//
// Report order is the enum order. "Is this a DiT stage" is `kind_of(id) == stage_kind::dit`,
// asked of the enum and never of a name. A `*_skipped` stage holds the forwards of a DiT stage
// whose blocks step caching (--cache-skip) skips: the embeddings, the cache's test, the cached
// residual added back and the head (models/wan/step_cache.hpp); it runs on the same expert, so
// `expert_of` maps it to its DiT stage.

#include <array>
#include <cstddef>
#include <string_view>

namespace wanmeter {

enum class stage_id : unsigned char {
  text_encoder,
  image_encoder,
  vae_encode,
  dit,
  dit_skipped,
  dit_high_noise,
  dit_high_noise_skipped,
  dit_low_noise,
  dit_low_noise_skipped,
  vae_decode
};

/// How many stages a run can have: every `stage_id` once (the one stage capacity).
inline constexpr std::size_t stage_id_count = 10;

inline constexpr std::array<stage_id, stage_id_count> all_stage_ids{
    stage_id::text_encoder,   stage_id::image_encoder,          stage_id::vae_encode,
    stage_id::dit,            stage_id::dit_skipped,            stage_id::dit_high_noise,
    stage_id::dit_high_noise_skipped, stage_id::dit_low_noise, stage_id::dit_low_noise_skipped,
    stage_id::vae_decode};

enum class stage_kind : unsigned char { text_encoder, image_encoder, vae_encode, dit, dit_skipped, vae_decode };

/// Where a stage runs.
enum class placement : unsigned char { device, host };

/// The stage's key in report.json (`stages.<name>`, the prefix of its module ids).
[[nodiscard]] constexpr std::string_view name_of(stage_id s) {
  switch (s) {
  case stage_id::text_encoder: return "text_encoder";
  case stage_id::image_encoder: return "image_encoder";
  case stage_id::vae_encode: return "vae_encode";
  case stage_id::dit: return "dit";
  case stage_id::dit_skipped: return "dit_skipped";
  case stage_id::dit_high_noise: return "dit_high_noise";
  case stage_id::dit_high_noise_skipped: return "dit_high_noise_skipped";
  case stage_id::dit_low_noise: return "dit_low_noise";
  case stage_id::dit_low_noise_skipped: return "dit_low_noise_skipped";
  case stage_id::vae_decode: return "vae_decode";
  }
  return "?";
}

[[nodiscard]] constexpr stage_kind kind_of(stage_id s) {
  switch (s) {
  case stage_id::text_encoder: return stage_kind::text_encoder;
  case stage_id::image_encoder: return stage_kind::image_encoder;
  case stage_id::vae_encode: return stage_kind::vae_encode;
  case stage_id::dit:
  case stage_id::dit_high_noise:
  case stage_id::dit_low_noise: return stage_kind::dit;
  case stage_id::dit_skipped:
  case stage_id::dit_high_noise_skipped:
  case stage_id::dit_low_noise_skipped: return stage_kind::dit_skipped;
  case stage_id::vae_decode: return stage_kind::vae_decode;
  }
  return stage_kind::dit;
}

/// A stage of computed DiT forwards (not the skipped ones).
[[nodiscard]] constexpr bool is_dit(stage_id s) { return kind_of(s) == stage_kind::dit; }

/// A stage of DiT forwards, computed or skipped by step caching.
[[nodiscard]] constexpr bool is_dit_forward(stage_id s) {
  return kind_of(s) == stage_kind::dit || kind_of(s) == stage_kind::dit_skipped;
}

/// The DiT stage whose expert runs stage `s` (`s` itself for a computed DiT stage); `s` for the
/// other stages. Example: expert_of(dit_high_noise_skipped) == dit_high_noise.
[[nodiscard]] constexpr stage_id expert_of(stage_id s) {
  switch (s) {
  case stage_id::dit_skipped: return stage_id::dit;
  case stage_id::dit_high_noise_skipped: return stage_id::dit_high_noise;
  case stage_id::dit_low_noise_skipped: return stage_id::dit_low_noise;
  default: return s;
  }
}

[[nodiscard]] constexpr std::string_view name_of(placement p) { return p == placement::host ? "host" : "device"; }

/// The stage whose report key is `name`, or false.
[[nodiscard]] constexpr bool stage_from_name(std::string_view name, stage_id& out) {
  for (const stage_id s : all_stage_ids) {
    if (name_of(s) == name) {
      out = s;
      return true;
    }
  }
  return false;
}

} // namespace wanmeter
