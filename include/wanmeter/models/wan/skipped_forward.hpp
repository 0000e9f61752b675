#pragma once
// A DiT forward that step caching (--cache-skip) skips: TeaCache4Wan2.1's `teacache_forward`
// when the test says to reuse the cache (models/wan/step_cache.hpp). It runs every node of
// `WanModel.forward` but the blocks, and adds the stored residual where they would run:
//
//   patch_embedding, text_embedding, time_sinusoidal, time_embedding, time_projection, img_emb
//                                 as a computed forward (the same nodes)
//   cache        test + keep_input (no x saved)
//   cache_apply  x += previous_residual: x the bf16 patch embedding, the residual fp32;
//                in place, so x stays bf16: reads B L (|x| + |res|), writes B L |x| (x D)
//   head         as a computed forward's, but normalising a bf16 x: WanLayerNorm's x.float()
//                and .type_as(x), and the modulate's multiply reads bf16 (eager; fused
//                execution reads x as its computed head does)
//   unpatchify
//
// Worked example: Wan2.1 T2V-14B at 1280x720x81, B = 1 (L = 75,600, D = 5120, eager, fp32
// weights): tensor FLOPs = patch 49,545,216,000 + text 2 x 512 x (4096 x 5120 + 5120^2) =
// 48,318,382,080 + time 2 x (256 x 5120 + 5120^2 + 6 x 5120^2) = 369,623,040 + head
// 2 x 75,600 x 5120 x 64 = 49,545,216,000 -> 147,778,437,120 per skipped forward
// (test/static/step_cache.cpp derives the bytes).

#include <wanmeter/models/wan/dit.hpp>

namespace wanmeter {

/// The skipped forward's tree, children in the order of `wan_model`.
struct wan_skipped_forward {
  static constexpr std::string_view kind = "wan_skipped_forward";
  patch_conv3d patch_embedding;
  sequential<linear, gelu_tanh, linear> text_embedding;
  sinusoidal_embedding time_sinusoidal;
  sequential<linear, silu, linear> time_embedding;
  sequential<silu, linear> time_projection;
  optional_node<wan_image_projection> img_emb;
  step_cache cache;
  residual cache_apply;
  wan_head head;
  copy unpatchify;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"patch_embedding", patch_embedding}, named{"text_embedding", text_embedding},
                       named{"time_sinusoidal", time_sinusoidal}, named{"time_embedding", time_embedding},
                       named{"time_projection", time_projection}, named{"img_emb", img_emb},
                       named{"cache", cache}, named{"cache_apply", cache_apply}, named{"head", head},
                       named{"unpatchify", unpatchify});
  }
};

/// The skipped forward of the computed forward `m` (a tree of `make_wan_dit` with
/// `x.step_cache`, the whole model's or one rank's) under execution `x`.
[[nodiscard]] constexpr wan_skipped_forward make_wan_skipped_forward(const wan_model& m, const dit_execution& x) {
  wan_skipped_forward s{.patch_embedding = m.patch_embedding,
                        .text_embedding = m.text_embedding,
                        .time_sinusoidal = m.time_sinusoidal,
                        .time_embedding = m.time_embedding,
                        .time_projection = m.time_projection,
                        .img_emb = m.img_emb,
                        .cache = m.cache.node,
                        .cache_apply = m.cache_store.node,
                        .head = m.head,
                        .unpatchify = m.unpatchify};
  s.cache.save_x.present = false;
  // x += previous_residual: x (the patch embedding's dtype) is read and written, the residual read.
  s.cache_apply.act = x.gemm;
  s.cache_apply.y = x.stream;
  if (x.mode == exec_model::eager) {
    s.head.norm.input = x.gemm;
    s.head.modulate_out.input = x.gemm;
  }
  return s;
}

} // namespace wanmeter
