#pragma once
// The Wan DiT (`WanModel`) as a tree of constexpr layer structs, in the order and with the
// module names of the official code (Wan-Video/Wan2.1 `wan/modules/model.py`).
//
// One forward with B samples of L tokens each (D = dim, F = ffn_dim, N = heads, d = 128,
// Lt = 512 padded text tokens, Li = image tokens, n_t = B for Wan2.1 and B*L for Wan2.2):
//
//   patch_embedding   Conv3d(in_dim, D, 1x2x2)               2 B L (4 in_dim) D
//   text_embedding    Linear(4096, D) GELU-tanh Linear(D, D)  2 B Lt (4096 D + D^2)
//   time_embedding    Linear(256, D) SiLU Linear(D, D)        2 n_t (256 D + D^2)      (fp32)
//   time_projection   SiLU Linear(D, 6D)                      2 n_t 6 D^2              (fp32)
//   img_emb (I2V)     LN Linear(1280,1280) GELU Linear(1280,D) LN   2 B Li (1280^2 + 1280 D)
//   blocks x num_layers, each
//     self_attn q,k,v,o                                       8 B L D^2
//     self_attn attn_core                                     4 B L^2 D
//     cross_attn q,o (video) + k,v (text)                     4 B L D^2 + 4 B Lt D^2
//     cross_attn attn_core (text)                             4 B L Lt D
//     (I2V) k_img, v_img + attn_core_img                      4 B Li D^2 + 4 B L Li D
//     ffn                                                     4 B L D F
//   head              Linear(D, 4 out_dim)                    2 B L D 4 out_dim        (fp32)
//   (--cache-skip) cache before the blocks, cache_store after them (models/wan/step_cache.hpp)
//
// Per block: B [L (12 D^2 + 4 D F) + 4 L^2 D + 4 L Lt D + 4 Lt D^2]. For Wan2.1 T2V-14B at
// 1280x720x81 (L = 75,600) one forward is 6,523,436,592,005,120 FLOPs.

#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/instrument.hpp>
#include <wanmeter/core/sequential.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/layers/activations.hpp>
#include <wanmeter/layers/attention_core.hpp>
#include <wanmeter/layers/copy.hpp>
#include <wanmeter/layers/layer_norm.hpp>
#include <wanmeter/layers/linear.hpp>
#include <wanmeter/layers/modulation.hpp>
#include <wanmeter/layers/patch_conv3d.hpp>
#include <wanmeter/layers/position_embedding.hpp>
#include <wanmeter/layers/residual.hpp>
#include <wanmeter/layers/ring_merge.hpp>
#include <wanmeter/layers/rms_norm.hpp>
#include <wanmeter/layers/rope.hpp>
#include <wanmeter/layers/sinusoidal_embedding.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/models/wan/execution.hpp>
#include <wanmeter/models/wan/sequence_shard.hpp>
#include <wanmeter/models/wan/step_cache.hpp>

namespace wanmeter {

/// `WanSelfAttention`: q, k, v, o with bias, RMSNorm on q and k over all D channels, 3D RoPE,
/// and the full bidirectional attention core.
struct wan_self_attention {
  static constexpr std::string_view kind = "wan_self_attention";
  linear q, k, v, o;
  rms_norm norm_q, norm_k;
  wanmeter::rope rope;
  attention_core attn_core;
  optional_node<wanmeter::ring_merge> ring_merge; ///< ring attention only: the partial outputs merged

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"q", q}, named{"k", k}, named{"v", v}, named{"o", o}, named{"norm_q", norm_q},
                       named{"norm_k", norm_k}, named{"rope", rope}, named{"attn_core", attn_core},
                       named{"ring_merge", ring_merge});
  }
};

/// `WanT2VCrossAttention` / `WanI2VCrossAttention`: q from the video tokens, k and v from the 512
/// text tokens (recomputed in every block of every forward); the I2V variant adds k_img, v_img,
/// norm_k_img and a second core over the image tokens with the same q, summed before `o`.
struct wan_cross_attention {
  static constexpr std::string_view kind = "wan_cross_attention";
  linear q, k, v, o;
  rms_norm norm_q, norm_k;
  optional_node<linear> k_img, v_img;
  optional_node<rms_norm> norm_k_img;
  attention_core attn_core;
  optional_node<attention_core> attn_core_img;
  optional_node<residual> add_img; ///< x + img_x

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"q", q}, named{"k", k}, named{"v", v}, named{"o", o}, named{"norm_q", norm_q},
                       named{"norm_k", norm_k}, named{"k_img", k_img}, named{"v_img", v_img},
                       named{"norm_k_img", norm_k_img}, named{"attn_core", attn_core},
                       named{"attn_core_img", attn_core_img}, named{"add_img", add_img});
  }
};

using wan_ffn = sequential<linear, gelu_tanh, linear>;

/// `WanAttentionBlock`, children in execution order.
struct wan_attention_block {
  static constexpr std::string_view kind = "wan_attention_block";
  wanmeter::modulation modulation;
  layer_norm norm1;
  modulate modulate_sa;
  wan_self_attention self_attn;
  gated_residual residual_sa;
  layer_norm norm3;
  wan_cross_attention cross_attn;
  residual residual_ca;
  layer_norm norm2;
  modulate modulate_ffn;
  wan_ffn ffn;
  gated_residual residual_ffn;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"modulation", modulation}, named{"norm1", norm1}, named{"modulate_sa", modulate_sa},
                       named{"self_attn", self_attn}, named{"residual_sa", residual_sa}, named{"norm3", norm3},
                       named{"cross_attn", cross_attn}, named{"residual_ca", residual_ca}, named{"norm2", norm2},
                       named{"modulate_ffn", modulate_ffn}, named{"ffn", ffn},
                       named{"residual_ffn", residual_ffn});
  }
};

/// `Head`: modulation (2 vectors from e, not e0), LayerNorm, modulate, Linear(D, 4 out_dim).
struct wan_head {
  static constexpr std::string_view kind = "wan_head";
  wanmeter::modulation modulation;
  layer_norm norm;
  modulate modulate_out;
  linear head;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"modulation", modulation}, named{"norm", norm}, named{"modulate", modulate_out},
                       named{"head", head});
  }
};

/// `MLPProj` (Wan2.1 I2V/FLF2V `img_emb`): FLF2V adds the learned position embedding first.
struct wan_image_projection {
  static constexpr std::string_view kind = "wan_mlp_proj";
  optional_node<position_embedding> emb_pos; ///< + emb_pos [1, 514, 1280] (FLF2V)
  sequential<layer_norm, linear, gelu_erf, linear, layer_norm> proj;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"emb_pos", emb_pos}, named{"proj", proj});
  }
};

/// `WanModel`, children in registration order, with the pseudo-nodes `time_sinusoidal` (the
/// sinusoidal timestep features) and `unpatchify`; with step caching, `cache` (the test, and x
/// saved) before the blocks and `cache_store` (x - ori_x) after them.
struct wan_model {
  static constexpr std::string_view kind = "wan_model";
  patch_conv3d patch_embedding;
  sequential<linear, gelu_tanh, linear> text_embedding;
  sinusoidal_embedding time_sinusoidal;
  sequential<linear, silu, linear> time_embedding;
  sequential<silu, linear> time_projection;
  optional_node<wan_image_projection> img_emb;
  optional_node<step_cache> cache;
  repeated_node<wan_attention_block> blocks;
  optional_node<residual> cache_store;
  wan_head head;
  copy unpatchify;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"patch_embedding", patch_embedding}, named{"text_embedding", text_embedding},
                       named{"time_sinusoidal", time_sinusoidal}, named{"time_embedding", time_embedding},
                       named{"time_projection", time_projection}, named{"img_emb", img_emb},
                       named{"cache", cache}, named{"blocks", blocks}, named{"cache_store", cache_store},
                       named{"head", head}, named{"unpatchify", unpatchify});
  }
};

/// The DiT tree for one forward over the tokens of `g` (a geometry of `a.rules()`, already
/// validated) on architecture `a`; with a sequence shard `s`, the tree of one rank
/// (models/wan/sequence_shard.hpp: which ops run on the rank's tokens, which on all of them).
[[nodiscard]] constexpr wan_model make_wan_dit(const wan_dit_arch& a, const token_geometry& g,
                                               const dit_execution& x = {}, const sequence_shard& s = {}) {
  count_event(event::build_dit);
  const count B = g.batch;
  const count L = g.dit_seq_len;
  const count p = s.degree();
  const count L_pad = padded_seq_len(L, p);
  const count D = a.dim;
  const count BL = checked_mul(B, L);                      // replicated ops: every token
  const count BLl = checked_mul(B, L_pad / p);             // local ops: this rank's tokens
  const count Bt = checked_mul(B, a.text_len);
  const count Bi = checked_mul(B, a.image_tokens);
  // Time embedding rows: per sample (Wan2.1) or per token of the padded sequence (Wan2.2), on
  // every rank; the modulation that reads them runs on the local chunk.
  const count n_t = a.per_token_time() ? checked_mul(B, L_pad) : B;
  const count n_tl = a.per_token_time() ? BLl : B;
  const count N = a.num_heads;
  const count d = a.head_dim();
  const category ap = category::attention_proj;
  const category mp = category::mlp_proj;

  const exec_model mode = x.mode;
  // A Linear with bias, named by its fields; the weights' storage and the execution model are the
  // run's (`x`).
  const auto lin = [&](linear l) {
    l.bias = true;
    l.weight = x.weight;
    l.mode = mode;
    return l;
  };
  const auto rms = [&](count rows) {
    return rms_norm{.rows = rows, .dim = D, .act = x.stream, .weight = x.weight, .input = x.gemm, .mode = mode};
  };
  // q and k reach the attention core in the stream dtype (fp32 after RMSNorm and RoPE) in the
  // official code, and its output is cast back to that dtype.
  const auto core = [&](count heads, count q_len, count kv_len) {
    return attention_core{.batch = B, .heads = heads, .q_len = q_len, .kv_len = kv_len, .head_dim = d,
                          .act = x.gemm, .input = x.stream, .mode = mode};
  };
  // Self-attention on a rank: N / u heads, L_pad / r queries, all keys (the unpadded ones when
  // the padding is masked).
  auto self_core = core(N / s.ulysses, L_pad / s.ring, s.mask_padded_keys ? L : L_pad);
  if (x.attention_density < 1.0) self_core.kept = kept_blocks(x.attention_density, self_core.q_len, self_core.kv_len);
  // The projections of the attention blocks: D -> D on `rows` rows.
  // The blocks' Linears hold the quantised storage, if any (core/weight_format.hpp).
  const auto qlin = [&](linear l) {
    l = lin(l);
    l.quant = x.quant;
    l.quant_gemm = x.quant_gemm;
    return l;
  };
  const auto proj = [&](count rows, dtype input) {
    return qlin({.rows = rows, .in = D, .out = D, .category_ = ap, .act = x.gemm, .input = input});
  };
  const auto layer_norm_of = [&](count rows, bool affine, dtype act) {
    return layer_norm{.rows = rows, .dim = D, .affine = affine, .act = act, .weight = x.weight};
  };

  wan_attention_block blk{};
  blk.modulation = modulation{.rows = n_tl, .chunks = 6, .dim = D, .act = x.stream, .weight = x.weight};
  blk.norm1 = layer_norm_of(BLl, false, x.stream);
  blk.modulate_sa = modulate{.rows = BLl, .dim = D, .mod_rows = n_tl, .act = x.stream, .mode = mode};
  blk.self_attn = wan_self_attention{.q = proj(BLl, x.stream),
                                     .k = proj(BLl, x.stream),
                                     .v = proj(BLl, x.stream),
                                     .o = proj(BLl, x.stream),
                                     .norm_q = rms(BLl),
                                     .norm_k = rms(BLl),
                                     .rope = rope{.rows = BLl, .dim = D, .tensors = 2, .act = x.rope,
                                                  .input = x.stream, .mode = mode},
                                     .attn_core = self_core,
                                     // xDiT's ring: r partial outputs merged into an fp32 accumulator
                                     .ring_merge = {wanmeter::ring_merge{.merges = s.ring - 1,
                                                                         .rows = BLl,
                                                                         .dim = checked_mul(N / s.ulysses, d),
                                                                         .act = x.gemm},
                                                    s.ring > 1}};
  blk.residual_sa =
      gated_residual{.rows = BLl, .dim = D, .gate_rows = n_tl, .act = x.stream, .y = x.gemm, .mode = mode};
  blk.norm3 = layer_norm_of(BLl, a.cross_attn_norm, x.stream);
  const bool img = a.version == wan_version::v2_1 && a.has_image_context();
  blk.cross_attn = wan_cross_attention{
      .q = proj(BLl, x.stream),
      .k = proj(Bt, x.gemm),
      .v = proj(Bt, x.gemm),
      .o = proj(BLl, x.stream),
      .norm_q = rms(BLl),
      .norm_k = rms(Bt),
      .k_img = {proj(Bi, x.stream), img},
      .v_img = {proj(Bi, x.stream), img},
      .norm_k_img = {rms(Bi), img},
      .attn_core = core(N, L_pad / p, a.text_len),
      .attn_core_img = {core(N, L_pad / p, a.image_tokens), img},
      .add_img = {residual{.rows = BLl, .dim = D, .act = x.stream, .y = x.stream, .mode = mode}, img}};
  blk.residual_ca = residual{.rows = BLl, .dim = D, .act = x.stream, .y = x.gemm, .mode = mode};
  blk.norm2 = layer_norm_of(BLl, false, x.stream);
  blk.modulate_ffn = modulate{.rows = BLl, .dim = D, .mod_rows = n_tl, .act = x.stream, .mode = mode};
  blk.ffn = wan_ffn{
      qlin({.rows = BLl, .in = D, .out = a.ffn_dim, .category_ = mp, .act = x.gemm, .input = x.stream}),
      gelu_tanh{.elements = checked_mul(BLl, a.ffn_dim), .act = x.gemm, .mode = mode},
      qlin({.rows = BLl, .in = a.ffn_dim, .out = D, .category_ = mp, .act = x.gemm, .input = x.gemm})};
  blk.residual_ffn =
      gated_residual{.rows = BLl, .dim = D, .gate_rows = n_tl, .act = x.stream, .y = x.gemm, .mode = mode};

  wan_model m{};
  m.patch_embedding = patch_conv3d{.positions = BL, .in_channels = a.in_dim, .kernel_volume = a.patch_volume(),
                                   .out_channels = D, .act = x.gemm, .weight = x.weight};
  m.text_embedding = {
      lin({.rows = Bt, .in = a.text_dim, .out = D, .category_ = mp, .act = x.gemm, .input = x.gemm}),
      gelu_tanh{.elements = checked_mul(Bt, D), .act = x.gemm, .mode = mode},
      lin({.rows = Bt, .in = D, .out = D, .category_ = mp, .act = x.gemm, .input = x.gemm})};
  m.time_sinusoidal = sinusoidal_embedding{.rows = n_t, .dim = a.freq_dim, .act = dtype::fp64};
  m.time_embedding = {
      lin({.rows = n_t, .in = a.freq_dim, .out = D, .category_ = mp, .act = x.time, .input = x.time}),
      silu{.elements = checked_mul(n_t, D), .act = x.time, .mode = mode},
      lin({.rows = n_t, .in = D, .out = D, .category_ = mp, .act = x.time, .input = x.time})};
  m.time_projection = {
      silu{.elements = checked_mul(n_t, D), .act = x.time, .mode = mode},
      lin({.rows = n_t, .in = D, .out = checked_mul(6, D), .category_ = mp, .act = x.time, .input = x.time})};
  const count ci = a.image_dim;
  m.img_emb = {
      wan_image_projection{
          .emb_pos = {position_embedding{.batch = B, .positions = a.image_tokens, .dim = ci, .act = x.stream,
                                         .weight = x.weight},
                      a.image_pos_embedding},
          .proj = {layer_norm{.rows = Bi, .dim = ci, .affine = true, .act = x.stream, .weight = x.weight},
                   lin({.rows = Bi, .in = ci, .out = ci, .category_ = mp, .act = x.gemm, .input = x.stream}),
                   gelu_erf{.elements = checked_mul(Bi, ci), .act = x.gemm, .mode = mode},
                   lin({.rows = Bi, .in = ci, .out = D, .category_ = mp, .act = x.gemm, .input = x.gemm}),
                   layer_norm_of(Bi, true, x.stream)}},
      img};
  // Step caching (models/wan/step_cache.hpp): the test on e [n_t, D] (fp32), x saved in its dtype
  // before the blocks (the bf16 patch embedding, `x.gemm`), x - ori_x after them (fp32 stream).
  m.cache = {make_step_cache(n_t, BLl, D, x.time, x.gemm, true), x.step_cache};
  m.blocks = repeated_node<wan_attention_block>{blk, a.num_layers};
  m.cache_store = {residual{.rows = BLl, .dim = D, .act = x.stream, .y = x.gemm, .mode = mode}, x.step_cache};
  const count head_out = checked_mul(a.patch_volume(), a.out_dim);
  m.head = wan_head{
      .modulation = modulation{.rows = n_tl, .chunks = 2, .dim = D, .act = x.time, .weight = x.weight},
      .norm = layer_norm_of(BLl, false, x.time),
      .modulate_out = modulate{.rows = BLl, .dim = D, .mod_rows = n_tl, .act = x.time, .mode = mode},
      .head = lin({.rows = BLl, .in = D, .out = head_out, .category_ = mp, .act = x.time, .input = x.time})};
  m.unpatchify = copy{.elements = mul(BL, a.patch_volume(), a.out_dim), .in = x.time, .out = x.time};
  return m;
}

/// The DiT tree for one forward of `w` (batch B, legal frames/size) on architecture `a`.
/// Fails like `make_geometry` for an illegal workload.
[[nodiscard]] constexpr wan_model make_wan_dit(const wan_dit_arch& a, const workload& w,
                                               const dit_execution& x = {}) {
  return make_wan_dit(a, make_geometry(a.rules(), w), x);
}

/// Cost of one DiT forward (the fold over `make_wan_dit`).
[[nodiscard]] constexpr metrics dit_forward_cost(const wan_dit_arch& a, const workload& w,
                                                 const dit_execution& x = {}) {
  return cost_of(make_wan_dit(a, w, x));
}

/// The DiT part of a run: per-forward cost, forwards (steps x 2 with guidance) and the total,
/// whose work scales with the forwards and whose weights and activations do not.
struct dit_run_cost {
  metrics per_forward;
  count forwards = 0;
  metrics total;
};

[[nodiscard]] constexpr dit_run_cost dit_run(const wan_dit_arch& a, const workload& w,
                                             const dit_execution& x = {}) {
  const metrics f = dit_forward_cost(a, w, x);
  const count n = forwards_per_run(w);
  return dit_run_cost{.per_forward = f, .forwards = n, .total = scaled_work(f, n)};
}

} // namespace wanmeter
