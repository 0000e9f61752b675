#pragma once
// Wan DiT architectures as structural constexpr values (usable as template arguments).
//
// Every field of the official `config.json` (WanModel format) plus the constructor defaults that
// the file leaves out (`patch_size`, `qk_norm`, `cross_attn_norm`, `text_dim`, `window_size` are
// in `ignore_for_config`), plus what the pipeline around the DiT fixes: the VAE strides, the
// image-context tokens of Wan2.1 I2V/FLF2V and the Wan2.2 per-token time embedding.
//
// head_dim = dim / num_heads = 128 in every released variant.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/geometry.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace wanmeter {

enum class model_type : unsigned char { t2v, i2v, flf2v, ti2v };
enum class wan_version : unsigned char { v2_1, v2_2 };

[[nodiscard]] constexpr std::string_view name_of(model_type t) {
  switch (t) {
  case model_type::t2v: return "t2v";
  case model_type::i2v: return "i2v";
  case model_type::flf2v: return "flf2v";
  case model_type::ti2v: return "ti2v";
  }
  return "?";
}

struct wan_dit_arch {
  // --- config.json (WanModel) ---
  model_type type = model_type::t2v;
  count dim = 0;
  count ffn_dim = 0;
  count freq_dim = 256;
  count in_dim = 16;
  count out_dim = 16;
  count num_heads = 0;
  count num_layers = 0;
  count text_len = 512;
  double eps = 1e-6;
  // --- constructor defaults (absent from config.json) ---
  std::array<count, 3> patch_size{1, 2, 2};
  bool qk_norm = true;
  bool cross_attn_norm = true;
  count text_dim = 4096;
  std::array<std::int64_t, 2> window_size{-1, -1};
  // --- pipeline facts ---
  wan_version version = wan_version::v2_1;
  count vae_temporal_stride = 4;
  count vae_spatial_stride = 8;   ///< 16 for the Wan2.2 VAE (TI2V-5B)
  count image_tokens = 0;         ///< CLIP tokens in the context: 257 (I2V), 514 (FLF2V), else 0
  count image_dim = 1280;         ///< CLIP ViT-H/14 width feeding img_emb
  bool image_pos_embedding = false; ///< FLF2V's emb_pos [1, 514, 1280]

  [[nodiscard]] constexpr count head_dim() const { return dim / num_heads; }
  [[nodiscard]] constexpr count patch_volume() const { return patch_size[0] * patch_size[1] * patch_size[2]; }
  /// Wan2.2 runs the time MLP per token (n_t = batch x seq_len); Wan2.1 once per sample.
  [[nodiscard]] constexpr bool per_token_time() const { return version == wan_version::v2_2; }
  [[nodiscard]] constexpr bool has_image_context() const { return image_tokens > 0; }
  [[nodiscard]] constexpr geometry_rules rules() const {
    return geometry_rules{.vae_temporal_stride = vae_temporal_stride, .vae_spatial_stride = vae_spatial_stride,
                          .patch_t = patch_size[0], .patch_h = patch_size[1], .patch_w = patch_size[2]};
  }
  friend constexpr bool operator==(const wan_dit_arch&, const wan_dit_arch&) = default;
};

/// The VAE a pipeline encodes and decodes with: the Wan2.1 VAE (4x8x8, z 16; every model but
/// TI2V-5B, including the Wan2.2 A14B pair) or the Wan2.2 VAE (4x16x16, z 48; TI2V-5B).
enum class vae_kind : unsigned char { wan2_1, wan2_2 };

[[nodiscard]] constexpr std::string_view name_of(vae_kind k) {
  switch (k) {
  case vae_kind::wan2_1: return "wan2.1";
  case vae_kind::wan2_2: return "wan2.2";
  }
  return "?";
}

/// Which VAE runs with DiT `a`. The only home of this fact: the Wan2.2 VAE is the one whose
/// spatial stride is 16 (`vae2_2.py`: patch 2 x 2 before its three 2x downsamples), so
/// vae_kind_of(wan2_2_ti2v_5b) == vae_kind::wan2_2 and vae_kind_of(wan2_2_t2v_a14b) == wan2_1
/// (compiled in examples/header_snippets.cpp).
[[nodiscard]] constexpr vae_kind vae_kind_of(const wan_dit_arch& a) {
  return a.vae_spatial_stride == 16 ? vae_kind::wan2_2 : vae_kind::wan2_1;
}

// Built-in architectures: the `config.json` of each official checkpoint (copies in configs/, one
// per model id) plus the constructor defaults of `WanModel.__init__` (Wan-Video/Wan2.1 and
// Wan2.2 `wan/modules/model.py`) and the pipeline facts of `wan/configs/`. Parameter counts in
// the comments are the official element counts, tested in test/static/dit_params.cpp.

/// Wan2.1 T2V-14B: 14,288,491,584 parameters.
inline constexpr wan_dit_arch wan2_1_t2v_14b{.type = model_type::t2v, .dim = 5120, .ffn_dim = 13824,
                                              .num_heads = 40, .num_layers = 40};
/// Wan2.1 T2V-1.3B: 1,418,996,800 parameters.
inline constexpr wan_dit_arch wan2_1_t2v_1_3b{.type = model_type::t2v, .dim = 1536, .ffn_dim = 8960,
                                               .num_heads = 12, .num_layers = 30};
/// Wan2.1 I2V-14B (480P and 720P checkpoints share the architecture): 16,394,878,784 parameters.
inline constexpr wan_dit_arch wan2_1_i2v_14b{.type = model_type::i2v, .dim = 5120, .ffn_dim = 13824,
                                              .in_dim = 36, .num_heads = 40, .num_layers = 40,
                                              .image_tokens = 257};
/// Wan2.1 FLF2V-14B: 16,395,536,704 parameters.
inline constexpr wan_dit_arch wan2_1_flf2v_14b{.type = model_type::flf2v, .dim = 5120, .ffn_dim = 13824,
                                                .in_dim = 36, .num_heads = 40, .num_layers = 40,
                                                .image_tokens = 514, .image_pos_embedding = true};
/// Wan2.2 T2V-A14B, one expert: 14,288,491,584 parameters.
inline constexpr wan_dit_arch wan2_2_t2v_a14b{.type = model_type::t2v, .dim = 5120, .ffn_dim = 13824,
                                               .num_heads = 40, .num_layers = 40,
                                               .version = wan_version::v2_2};
/// Wan2.2 I2V-A14B, one expert: 14,288,901,184 parameters (no CLIP, 36 input channels).
inline constexpr wan_dit_arch wan2_2_i2v_a14b{.type = model_type::i2v, .dim = 5120, .ffn_dim = 13824,
                                               .in_dim = 36, .num_heads = 40, .num_layers = 40,
                                               .version = wan_version::v2_2};
/// Wan2.2 TI2V-5B: 4,999,787,712 parameters, Wan2.2 VAE (stride 4x16x16, z = 48).
inline constexpr wan_dit_arch wan2_2_ti2v_5b{.type = model_type::ti2v, .dim = 3072, .ffn_dim = 14336,
                                              .in_dim = 48, .out_dim = 48, .num_heads = 24,
                                              .num_layers = 30, .version = wan_version::v2_2,
                                              .vae_spatial_stride = 16};

} // namespace wanmeter
