#pragma once
// The CLIP image encoder Wan2.1 I2V / FLF2V use (`clip_xlm_roberta_vit_h_14` of
// Wan-Video/Wan2.1 `wan/modules/clip.py`): only its ViT-H/14 visual tower runs.
//
// image 224 x 224, patch 14 (16 x 16 = 256 patches + 1 class token = 257 tokens), width 1280,
// 16 heads (head dim 80), MLP ratio 4 (5120, exact GELU), pre-LN (eps 1e-5), 32 blocks of which
// `CLIPModel.visual` runs the first 31 (`use_31_block=True`), patch conv without bias (pre_norm).
// The model is held and run in fp16 (`clip_dtype = torch.float16`, autocast fp16).

#include <wanmeter/core/dtype.hpp>

namespace wanmeter {

struct clip_vision_arch {
  count image_size = 224;
  count patch_size = 14;
  count in_channels = 3;
  count dim = 1280;
  count mlp_ratio = 4;
  count num_heads = 16;
  count num_layers = 32;
  count layers_run = 31; ///< use_31_block: the last block, post_norm and head never run
  friend constexpr bool operator==(const clip_vision_arch&, const clip_vision_arch&) = default;

  [[nodiscard]] constexpr count grid() const { return image_size / patch_size; }
  [[nodiscard]] constexpr count patches() const { return grid() * grid(); }
  [[nodiscard]] constexpr count tokens() const { return patches() + 1; } ///< + class token
  [[nodiscard]] constexpr count mlp_dim() const { return dim * mlp_ratio; }
  [[nodiscard]] constexpr count head_dim() const { return dim / num_heads; }
};

inline constexpr clip_vision_arch clip_vit_h_14{};

} // namespace wanmeter
