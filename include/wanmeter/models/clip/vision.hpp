#pragma once
// The CLIP ViT-H/14 visual tower as Wan2.1 runs it (`CLIPModel.visual`, Wan-Video/Wan2.1
// `wan/modules/clip.py`), as a tree of constexpr layer structs. Ids follow the official module
// paths from the CLIP model: `visual.patch_embedding`, `visual.cls_embedding`,
// `visual.pos_embedding`, `visual.pre_norm`, `visual.transformer.7.norm1`,
// `visual.transformer.7.attn.to_qkv`, `visual.transformer.7.attn.proj`,
// `visual.transformer.7.mlp.0` / `.1` (GELU) / `.2` / `.3` (Dropout); pseudo-nodes
// `visual.transformer.7.attn.attn_core` (flash attention), `.residual_attn`, `.residual_mlp`.
//
// Only what runs is in the tree: blocks 0..30 (`use_31_block`); `transformer.31`, `post_norm`
// and `head` (19,677,440 + 2,560 + 1,310,720 parameters) are loaded but never executed, and the
// XLM-R text tower is not used at all.
//
// One call on `images` images (S = 257 tokens, D = 1280, M = 5120, n = 16, d = 80):
//   patch_embedding   2 * 256 * 1280 * 3 * 14^2              =    385,351,680
//   per block         to_qkv 6 S D^2 + proj 2 S D^2 + mlp 4 S D M + core 4 n S^2 d
//                   = 2,526,412,800 + 842,137,600 + 6,737,100,800 + 338,170,880
//                   = 10,443,822,080
//   31 blocks + patch                                         = 324,143,836,160 per image
//
// Parameters run: 752,640 + 1,280 + 328,960 + 2,560 + 31 x 19,677,440 = 611,086,080.

#include <wanmeter/core/instrument.hpp>
#include <wanmeter/core/sequential.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/activations.hpp>
#include <wanmeter/layers/attention_core.hpp>
#include <wanmeter/layers/conv2d.hpp>
#include <wanmeter/layers/identity.hpp>
#include <wanmeter/layers/layer_norm.hpp>
#include <wanmeter/layers/learned_token.hpp>
#include <wanmeter/layers/linear.hpp>
#include <wanmeter/layers/position_embedding.hpp>
#include <wanmeter/layers/residual.hpp>
#include <wanmeter/layers/uniform_dtype.hpp>
#include <wanmeter/models/clip/arch.hpp>

namespace wanmeter {

/// CLIP `SelfAttention`: fused to_qkv, the attention core, proj (all with bias).
struct clip_self_attention {
  static constexpr std::string_view kind = "clip_self_attention";
  linear to_qkv;
  attention_core attn_core;
  linear proj;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"to_qkv", to_qkv}, named{"attn_core", attn_core}, named{"proj", proj});
  }
};

/// CLIP `AttentionBlock` (pre-norm): x + attn(norm1(x)), then x + mlp(norm2(x)).
struct clip_block {
  static constexpr std::string_view kind = "clip_attention_block";
  layer_norm norm1;
  clip_self_attention attn;
  residual residual_attn;
  layer_norm norm2;
  sequential<linear, gelu_erf, linear, identity> mlp;
  residual residual_mlp;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"norm1", norm1}, named{"attn", attn}, named{"residual_attn", residual_attn},
                       named{"norm2", norm2}, named{"mlp", mlp}, named{"residual_mlp", residual_mlp});
  }
};

/// `VisionTransformer.forward(x, use_31_block=True)`.
struct clip_vision_transformer {
  static constexpr std::string_view kind = "clip_vision_transformer";
  conv2d patch_embedding;
  learned_token cls_embedding;
  position_embedding pos_embedding;
  layer_norm pre_norm;
  repeated_node<clip_block> transformer;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"patch_embedding", patch_embedding}, named{"cls_embedding", cls_embedding},
                       named{"pos_embedding", pos_embedding}, named{"pre_norm", pre_norm},
                       named{"transformer", transformer});
  }
};

/// The CLIP model as the image-encoder stage: only `visual` runs.
struct clip_image_encoder {
  static constexpr std::string_view kind = "clip_image_encoder";
  clip_vision_transformer visual;

  [[nodiscard]] constexpr auto children() const { return children_of(named{"visual", visual}); }
};

/// The image-encoder tree for one `CLIPModel.visual` call on `images` images (1 for I2V; FLF2V
/// passes first and last frame together: 2), everything in `act` (fp16 in the official code).
[[nodiscard]] constexpr clip_image_encoder make_clip_vision(const clip_vision_arch& a = clip_vit_h_14,
                                                            count images = 1, dtype act = dtype::fp16) {
  count_event(event::build_image_encoder);
  const count S = a.tokens();
  const count D = a.dim;
  const count M = a.mlp_dim();
  const count rows = checked_mul(images, S);
  // Every Linear of the tower has a bias and runs in `act`.
  const auto lin = [&](linear l) {
    l.bias = true;
    l.act = act;
    l.weight = act;
    return uniform_dtype(l);
  };
  const auto norm = [&] {
    return uniform_dtype(layer_norm{.rows = rows, .dim = D, .affine = true, .act = act, .weight = act});
  };
  const auto res = [&] { return uniform_dtype(residual{.rows = rows, .dim = D, .act = act}); };

  clip_block blk{};
  blk.norm1 = norm();
  blk.attn = clip_self_attention{
      .to_qkv = lin({.rows = rows, .in = D, .out = checked_mul(3, D), .category_ = category::attention_proj}),
      .attn_core = uniform_dtype(attention_core{.batch = images, .heads = a.num_heads, .q_len = S, .kv_len = S,
                                                .head_dim = a.head_dim(), .act = act}),
      .proj = lin({.rows = rows, .in = D, .out = D, .category_ = category::attention_proj})};
  blk.residual_attn = res();
  blk.norm2 = norm();
  blk.mlp = {lin({.rows = rows, .in = D, .out = M, .category_ = category::mlp_proj}),
             gelu_erf{.elements = checked_mul(rows, M), .act = act},
             lin({.rows = rows, .in = M, .out = D, .category_ = category::mlp_proj}), identity{}};
  blk.residual_mlp = res();

  clip_image_encoder c{};
  c.visual.patch_embedding = conv2d{.images = images,
                                    .in_channels = a.in_channels,
                                    .out_channels = D,
                                    .in_height = a.image_size,
                                    .in_width = a.image_size,
                                    .kh = a.patch_size,
                                    .kw = a.patch_size,
                                    .sh = a.patch_size,
                                    .sw = a.patch_size,
                                    .bias = false,
                                    .act = act,
                                    .weight = act};
  c.visual.cls_embedding =
      learned_token{.batch = images, .seq_len = a.patches(), .dim = D, .act = act, .weight = act};
  c.visual.pos_embedding = position_embedding{.batch = images, .positions = S, .dim = D, .act = act, .weight = act};
  c.visual.pre_norm = norm();
  c.visual.transformer = repeated_node<clip_block>{blk, a.layers_run};
  return c;
}

/// Cost of one image-encoder call (the fold over `make_clip_vision`).
[[nodiscard]] constexpr metrics clip_vision_cost(const clip_vision_arch& a = clip_vit_h_14, count images = 1,
                                                 dtype act = dtype::fp16) {
  return cost_of(make_clip_vision(a, images, act));
}

} // namespace wanmeter
