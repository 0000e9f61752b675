// Static tier: the CLIP ViT-H/14 visual tower as Wan2.1 I2V runs it (`CLIPModel.visual`,
// `use_31_block=True`; Wan2.1 `wan/modules/clip.py`).
//
// Parameters of the modules that run (hand count; confirmed against the official module by
// verify/verify_flops.py):
//   patch_embedding 3 * 14^2 * 1280 (no bias)                         =     752,640
//   cls_embedding 1280; pos_embedding 257 * 1280 = 328,960; pre_norm 2 * 1280 = 2,560
//   per block  norm1, norm2 2 * 2560; to_qkv 1280 * 3840 + 3840 = 4,919,040;
//              proj 1280^2 + 1280 = 1,639,680; mlp.0 1280 * 5120 + 5120 = 6,558,720;
//              mlp.2 5120 * 1280 + 1280 = 6,554,880                   =  19,677,440
//   total      752,640 + 1,280 + 328,960 + 2,560 + 31 * 19,677,440    = 611,086,080
//   (+ the unused transformer.31, post_norm and head: 632,076,800 for the whole visual tower)
//
// Tensor FLOPs per image (S = 257, D = 1280, M = 5120, 16 heads x 80):
//   patch_embedding  2 * 256 * 1280 * 3 * 196                         =     385,351,680
//   to_qkv 2 * 257 * 1280 * 3840 = 2,526,412,800; proj 2 * 257 * 1280^2 = 842,137,600
//   mlp    2 * 2 * 257 * 1280 * 5120                                   =   6,737,100,800
//   core   4 * 16 * 257^2 * 80                                         =     338,170,880
//   block                                                              =  10,443,822,080
//   31 blocks + patch                                                  = 324,143,836,160
#include <wanmeter/models/clip/vision.hpp>

namespace {
using namespace wanmeter;

constexpr clip_image_encoder clip = make_clip_vision();
constexpr metrics total = cost_of(clip);

static_assert(clip_vit_h_14.tokens() == 257);
static_assert(total.parameters == 611'086'080ULL);
static_assert(total.parameters + 19'677'440ULL + 2'560ULL + 1'310'720ULL == 632'076'800ULL);
static_assert(cost_of(clip.visual.transformer.node).parameters == 19'677'440ULL);
static_assert(clip.visual.patch_embedding.cost().parameters == 752'640ULL);
static_assert(total.weight_bytes == 2ULL * 611'086'080ULL); // fp16

static_assert(clip.visual.patch_embedding.cost().tensor_flops == 385'351'680ULL);
static_assert(clip.visual.transformer.node.attn.attn_core.cost().tensor_flops == 338'170'880ULL);
static_assert(cost_of(clip.visual.transformer.node).tensor_flops == 10'443'822'080ULL);
static_assert(total.tensor_flops == 324'143'836'160ULL);
static_assert(clip.visual.transformer.n == 31); // use_31_block

// FLF2V encodes first and last frame in one call of 2 images: twice the work, same weights.
constexpr metrics two = clip_vision_cost(clip_vit_h_14, 2);
static_assert(two.tensor_flops == 2ULL * 324'143'836'160ULL && two.parameters == total.parameters);

// Monotonic in the number of blocks run.
constexpr count flops_with(count blocks) {
  clip_vision_arch a = clip_vit_h_14;
  a.layers_run = blocks;
  return clip_vision_cost(a).tensor_flops;
}
static_assert(flops_with(1) < flops_with(31) && flops_with(31) < flops_with(32));
} // namespace
