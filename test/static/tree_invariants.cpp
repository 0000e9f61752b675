// Static tier: the whole DiT tree as `visit` reports it, checked against numbers worked out by
// hand from the official module tree (Wan-Video/Wan2.1 `wan/modules/model.py`), never against
// another computation of the library:
//   * the node and leaf counts of the official module tree;
//   * the ids and kinds at official module paths;
//   * tensor FLOPs of one forward at the root, at `blocks`, at one block and at its children,
//     from the per-module formulas (B = 1 sample of L tokens, D = dim, F = ffn_dim, Lt = 512
//     text tokens, Li = 257 CLIP tokens; 2 FLOPs per multiply-add):
//       patch_embedding 2 L (4 in_dim) D;  text_embedding 2 Lt (4096 D + D^2);
//       time_embedding 2 (256 D + D^2);    time_projection 2 (6 D^2);  head 2 L D (4 out_dim);
//       img_emb (I2V) 2 Li (1280^2 + 1280 D);
//       self_attn 8 L D^2 + 4 L^2 D;  cross_attn 4 L D^2 + 4 Lt D^2 + 4 L Lt D
//         (+ I2V 4 Li D^2 + 4 L Li D);  ffn 4 L D F;
//   * parameters at the root: the official element counts (torch's `numel` sum).
// A wrong sum over children, a block counted the wrong number of times or a lost module changes
// one of these numbers.
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/profiles.hpp>

#include "test_tools.hpp"

namespace {
using namespace wanmeter;
using test::kind_at;
using test::metrics_at;
using test::node_counts;

constexpr node_path root{};
constexpr node_path blocks = node_path{} / "blocks";

// --- Wan2.1 T2V-14B on wan2-1-ci-tiny (256x256, 5 frames): L = 2 x 16 x 16 = 512 ----------------
// D = 5120, D^2 = 26,214,400, F = 13,824, 40 blocks.
constexpr wan_model t14 = make_wan_dit(wan2_1_t2v_14b, profile_ci_tiny);

// Node count. Per block: the block 1; its leaves modulation, norm1, modulate_sa, residual_sa,
// norm3, residual_ca, norm2, modulate_ffn, residual_ffn 9; self_attn 1 + 8 (q k v o norm_q norm_k
// rope attn_core); cross_attn 1 + 7 (q k v o norm_q norm_k attn_core); ffn 1 + 3 -> 31. Outside
// the blocks: root 1, patch_embedding 1, text_embedding 1 + 3, time_sinusoidal 1,
// time_embedding 1 + 3, time_projection 1 + 2, blocks 1, head 1 + 4, unpatchify 1 -> 21.
// 14B: 21 + 40 * 31 = 1,261.
static_assert(node_counts(t14).nodes == 1'261);
// Leaves outside the blocks: patch 1 + text 3 + sinusoidal 1 + time 3 + projection 2 + head 4 +
// unpatchify 1 = 15; per block 9 + 8 + 7 + 3 = 27: 15 + 40 * 27 = 1,095.
static_assert(node_counts(t14).leaves == 1'095);

// Ids and kinds at official module paths, first and last block.
static_assert(kind_at(t14, blocks / 39 / "self_attn" / "q") == "linear");
static_assert(kind_at(t14, blocks / 0 / "self_attn" / "attn_core") == "attention_core");
static_assert(kind_at(t14, blocks / 0 / "cross_attn" / "k_img").empty()); // T2V: no image context
static_assert(kind_at(t14, blocks / 40).empty());                         // blocks.0 .. blocks.39
static_assert(kind_at(t14, node_path{} / "head" / "head") == "linear");

// One block: self_attn 8 x 512 x 26,214,400 = 107,374,182,400 + 4 x 512^2 x 5120 = 5,368,709,120
// -> 112,742,891,520; cross_attn 4 x 512 x D^2 = 53,687,091,200 (q, o) + 53,687,091,200 (k, v on
// the 512 text tokens) + 4 x 512 x 512 x 5120 = 5,368,709,120 -> 112,742,891,520; ffn
// 4 x 512 x 5120 x 13,824 = 144,955,146,240. Block: 370,440,929,280.
static_assert(metrics_at(t14, blocks / 0 / "self_attn" / "attn_core").tensor_flops == 5'368'709'120ULL);
static_assert(metrics_at(t14, blocks / 0 / "self_attn").tensor_flops == 112'742'891'520ULL);
static_assert(metrics_at(t14, blocks / 0 / "cross_attn").tensor_flops == 112'742'891'520ULL);
static_assert(metrics_at(t14, blocks / 0 / "ffn").tensor_flops == 144'955'146'240ULL);
static_assert(metrics_at(t14, blocks / 17).tensor_flops == 370'440'929'280ULL);
// 40 blocks: 14,817,637,171,200.
static_assert(metrics_at(t14, blocks).tensor_flops == 14'817'637'171'200ULL);
// Outside the blocks: patch 2 x 512 x 64 x 5120 = 335,544,320; text 2 x 512 x (4096 x 5120 + D^2)
// = 48,318,382,080; time 2 x (256 x 5120 + D^2) = 55,050,240; projection 12 x D^2 = 314,572,800;
// head 2 x 512 x 5120 x 64 = 335,544,320.
static_assert(metrics_at(t14, node_path{} / "patch_embedding").tensor_flops == 335'544'320ULL);
static_assert(metrics_at(t14, node_path{} / "text_embedding").tensor_flops == 48'318'382'080ULL);
static_assert(metrics_at(t14, node_path{} / "time_embedding").tensor_flops == 55'050'240ULL);
static_assert(metrics_at(t14, node_path{} / "time_projection").tensor_flops == 314'572'800ULL);
static_assert(metrics_at(t14, node_path{} / "head").tensor_flops == 335'544'320ULL);
// Root: 335,544,320 + 48,318,382,080 + 55,050,240 + 314,572,800 + 14,817,637,171,200 +
// 335,544,320 = 14,866,996,264,960.
static_assert(metrics_at(t14, root).tensor_flops == 14'866'996'264'960ULL);
// Parameters: per block 8 D^2 + 2 F D + F + 21 D = 209,715,200 + 141,557,760 + 13,824 + 107,520
// = 351,394,304 (q k v o of both attentions with bias, norms over D, affine norm3, FFN with
// biases, modulation 6 D); outside 232,719,424 (patch 332,800, text 47,196,160, time
// 27,535,360, projection 157,317,120, head modulation 10,240, head 327,744). Total
// 232,719,424 + 40 x 351,394,304 = 14,288,491,584, the official count of the checkpoint.
static_assert(metrics_at(t14, root).parameters == 14'288'491'584ULL);
static_assert(metrics_at(t14, blocks / 0).parameters == 351'394'304ULL);

// --- I2V: a 4-block copy of Wan2.1 I2V-14B on wan2-1-ci-tiny --------------------------------------
// (4 blocks keep the walk within clang's default constant-evaluation budget; the node types are
// those of the 40-block model.)
constexpr wan_dit_arch i2v_4_blocks = [] {
  wan_dit_arch a = wan2_1_i2v_14b;
  a.num_layers = 4;
  return a;
}();
constexpr wan_model i2v = make_wan_dit(i2v_4_blocks, profile_ci_tiny);
// I2V adds k_img, v_img, norm_k_img, attn_core_img, add_img per block (31 + 5 = 36) and img_emb:
// itself 1 + proj 1 + its 5 leaves = 7 (emb_pos is FLF2V's only). 21 + 7 + 4 x 36 = 172.
static_assert(node_counts(i2v).nodes == 172);
static_assert(kind_at(i2v, blocks / 3 / "cross_attn" / "attn_core_img") == "attention_core");
// Per block the cross attention adds 4 x 257 x D^2 = 26,948,403,200 (k_img, v_img) and
// 4 x 512 x 257 x 5120 = 2,694,840,320 (core over the image tokens): 112,742,891,520 +
// 29,643,243,520 = 142,386,135,040; block 400,084,172,800.
static_assert(metrics_at(i2v, blocks / 0 / "cross_attn").tensor_flops == 142'386'135'040ULL);
static_assert(metrics_at(i2v, blocks / 3).tensor_flops == 400'084'172'800ULL);
// img_emb 2 x 257 x (1280^2 + 1280 x 5120) = 4,210,688,000; patch with in_dim 36:
// 2 x 512 x 144 x 5120 = 754,974,720. Root: 754,974,720 + 48,318,382,080 + 55,050,240 +
// 314,572,800 + 4,210,688,000 + 4 x 400,084,172,800 + 335,544,320 = 1,654,325,903,360.
static_assert(metrics_at(i2v, node_path{} / "img_emb").tensor_flops == 4'210'688'000ULL);
static_assert(metrics_at(i2v, root).tensor_flops == 1'654'325'903'360ULL);
// Parameters: outside the blocks 232,719,424 + 409,600 (20 more input channels x 4 x 5120) +
// img_emb 8,211,200 (LN 2,560 + 1,639,680 + 6,558,720 + LN 10,240) = 241,340,224; per block
// 351,394,304 + 2 (D^2 + D) + D = 403,838,464. 4 blocks: 1,856,694,080 (with 40 blocks
// 16,394,878,784, the official I2V-14B count).
static_assert(metrics_at(i2v, root).parameters == 1'856'694'080ULL);

// --- Wan2.1 T2V-1.3B on wan2-1-480p (832x480x81): L = 21 x 30 x 52 = 32,760 ---------------------
// D = 1536, D^2 = 2,359,296, F = 8960, 30 blocks. Per block: self_attn 8 L D^2 + 4 L^2 D =
// 618,324,295,680 + 6,593,848,934,400 = 7,212,173,230,080; cross_attn 4 L D^2 + 4 x 512 x D^2 +
// 4 x L x 512 x D = 309,162,147,840 + 4,831,838,208 + 103,054,049,280 = 417,048,035,328; ffn
// 4 L D F = 1,803,445,862,400; block 9,432,667,127,808.
constexpr wan_model t13 = make_wan_dit(wan2_1_t2v_1_3b, profile_480p);
static_assert(node_counts(t13).nodes == 21 + 30 * 31);
static_assert(metrics_at(t13, blocks / 0 / "self_attn").tensor_flops == 7'212'173'230'080ULL);
static_assert(metrics_at(t13, blocks / 0 / "cross_attn").tensor_flops == 417'048'035'328ULL);
static_assert(metrics_at(t13, blocks / 0 / "ffn").tensor_flops == 1'803'445'862'400ULL);
// 30 blocks: 282,980,013,834,240; root adds patch 6,440,878,080, text
// 8,858,370,048, time 5,505,024, projection 28,311,552 and head 6,440,878,080:
// 283,001,787,777,024.
static_assert(metrics_at(t13, blocks).tensor_flops == 282'980'013'834'240ULL);
static_assert(metrics_at(t13, root).tensor_flops == 283'001'787'777'024ULL);
// The official 1.3B count.
static_assert(metrics_at(t13, root).parameters == 1'418'996'800ULL);
} // namespace
