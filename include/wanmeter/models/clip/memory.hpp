#pragma once
// Device memory of the CLIP image encoder of the Wan2.1 image pipelines: the weights the
// pipeline loads and the live activations of one visual-tower call.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/dtype.hpp>
#include <wanmeter/models/clip/vision.hpp>

namespace wanmeter {

/// Parameters of the CLIP model the Wan2.1 image pipelines load (open-clip
/// `clip_xlm_roberta_vit_h_14` of `wan/modules/clip.py`), of which only the visual tower runs:
///   visual: patch conv 752,640 + cls 1,280 + pos 257 x 1280 = 328,960 + pre_norm 2,560
///           + 32 blocks x 19,677,440 + post_norm 2,560 + head 1280 x 1024 = 632,076,800
///   text (XLM-R large, vocab 250,002, 514 positions, 1 type, dim 1024, 24 layers, ffn 4096):
///           embeddings 256,002,048 + 1,024 + 526,336, norm 2,048, 24 x 12,596,224,
///           head 2 x 1024 x 1024 (no bias) = 560,937,984
///   log_scale 1                                                       total 1,193,014,785
inline constexpr count clip_loaded_parameters = 1'193'014'785;

/// Bytes of the loaded CLIP model (fp16): 2,386,029,570.
inline constexpr count clip_loaded_weight_bytes = clip_loaded_parameters * 2;

/// Live activation bytes of one CLIP visual call on `images` images (fp16): S = 257 tokens per
/// image, max(attention: x, y, qkv 3D, out D -> 6 S D |act|; MLP: x, y, hidden and GELU 2M ->
/// (2 D + 2 M) S |act|). Worked example, one image of ViT-H/14 (D = 1280, M = 5120):
/// MLP 257 x 12,800 x 2 = 6,579,200 B.
[[nodiscard]] constexpr count clip_activation_bytes(const clip_vision_arch& a = clip_vit_h_14, count images = 1,
                                                    dtype act = dtype::fp16) {
  const count rows = mul(images, a.tokens());
  const count attention = mul(rows, 6, a.dim, bytes_of(act));
  const count mlp = mul(rows, add(mul(2, a.dim), mul(2, a.mlp_dim())), bytes_of(act));
  return attention > mlp ? attention : mlp;
}

} // namespace wanmeter
