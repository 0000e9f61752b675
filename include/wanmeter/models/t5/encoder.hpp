#pragma once
// The umT5-XXL text encoder (`T5Encoder` of Wan-Video/Wan2.1 `wan/modules/t5.py`) as a tree of
// constexpr layer structs. Ids follow the official module paths: `token_embedding`,
// `blocks.3.pos_embedding`, `blocks.3.norm1`, `blocks.3.attn.q`, `blocks.3.ffn.gate.0`,
// `blocks.3.ffn.fc1`, `blocks.3.ffn.fc2`, `norm`; work that is not an nn.Module is a pseudo-node
// under its owner: `blocks.3.attn.attn_core` (the einsum attention), `blocks.3.ffn.gate_mul`
// (fc1(x) * gate(x)), `blocks.3.residual_attn`, `blocks.3.residual_ffn`. Children are listed in
// execution order.
//
// One call encodes `batch` prompts of T = 512 padded tokens (D = 4096, Da = 4096, F = 10,240,
// n = 64 heads of d = 64):
//
//   per block  attn q, k, v, o        8 T D Da         = 68,719,476,736
//              attn core (einsum)     4 n T^2 d        =  4,294,967,296
//              ffn gate.0, fc1, fc2   6 T D F          = 128,849,018,880
//              total                                   = 201,863,462,912 tensor FLOPs
//   24 blocks                                          = 4,844,723,109,888 per prompt
//
// Parameters: token_embedding 256,384 x 4096 = 1,050,148,864; per block 4 D Da + 3 D F + 2 D +
// 32 x 64 = 192,948,224; final norm 4096; total 5,680,910,336 (the official element count).

#include <wanmeter/core/instrument.hpp>
#include <wanmeter/core/sequential.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/activations.hpp>
#include <wanmeter/layers/einsum_attention.hpp>
#include <wanmeter/layers/embedding.hpp>
#include <wanmeter/layers/linear.hpp>
#include <wanmeter/layers/pointwise.hpp>
#include <wanmeter/layers/relative_position_bias.hpp>
#include <wanmeter/layers/residual.hpp>
#include <wanmeter/layers/rms_norm.hpp>
#include <wanmeter/layers/uniform_dtype.hpp>
#include <wanmeter/models/t5/arch.hpp>

namespace wanmeter {

/// `T5Attention`: q, k, v, o without bias around the eager attention core.
struct t5_attention {
  static constexpr std::string_view kind = "t5_attention";
  linear q, k, v;
  einsum_attention attn_core;
  linear o;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"q", q}, named{"k", k}, named{"v", v}, named{"attn_core", attn_core},
                       named{"o", o});
  }
};

/// `T5FeedForward`: fc2(fc1(x) * gelu_tanh(gate.0(x))), no biases.
struct t5_feed_forward {
  static constexpr std::string_view kind = "t5_feed_forward";
  linear fc1;
  sequential<linear, gelu_tanh> gate;
  pointwise gate_mul;
  linear fc2;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"fc1", fc1}, named{"gate", gate}, named{"gate_mul", gate_mul}, named{"fc2", fc2});
  }
};

/// `T5SelfAttention` (one encoder block, its own relative position bias).
struct t5_block {
  static constexpr std::string_view kind = "t5_self_attention";
  relative_position_bias pos_embedding;
  rms_norm norm1;
  t5_attention attn;
  residual residual_attn;
  rms_norm norm2;
  t5_feed_forward ffn;
  residual residual_ffn;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"pos_embedding", pos_embedding}, named{"norm1", norm1}, named{"attn", attn},
                       named{"residual_attn", residual_attn}, named{"norm2", norm2}, named{"ffn", ffn},
                       named{"residual_ffn", residual_ffn});
  }
};

/// `T5Encoder`.
struct t5_encoder {
  static constexpr std::string_view kind = "t5_encoder";
  embedding token_embedding;
  repeated_node<t5_block> blocks;
  rms_norm norm;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"token_embedding", token_embedding}, named{"blocks", blocks}, named{"norm", norm});
  }
};

/// The text-encoder tree for one call on `batch` prompts (the official pipeline encodes the
/// prompt and the negative prompt in two separate batch-1 calls).
[[nodiscard]] constexpr t5_encoder make_t5_encoder(const t5_encoder_arch& a = umt5_xxl, count batch = 1,
                                                   const t5_execution& x = {}) {
  count_event(event::build_text_encoder);
  const count T = a.text_len;
  const count rows = checked_mul(batch, T);
  const count D = a.dim;
  const count Da = a.dim_attn;
  const count F = a.dim_ffn;
  // Every Linear of umT5 is bias-free and runs in the encoder's one dtype.
  const auto lin = [&](linear l) {
    l.bias = false;
    l.act = x.act;
    l.weight = x.weight;
    l.quant = x.quant;
    l.quant_gemm = x.quant_gemm;
    return uniform_dtype(l);
  };
  const auto norm = [&] { return uniform_dtype(rms_norm{.rows = rows, .dim = D, .act = x.act, .weight = x.weight}); };
  const auto res = [&] { return uniform_dtype(residual{.rows = rows, .dim = D, .act = x.act}); };
  const category ap = category::attention_proj;
  const category mp = category::mlp_proj;

  t5_block blk{};
  blk.pos_embedding = relative_position_bias{.q_len = T, .kv_len = T, .num_buckets = a.num_buckets,
                                             .heads = a.num_heads, .act = x.act, .weight = x.weight};
  blk.norm1 = norm();
  blk.attn = t5_attention{.q = lin({.rows = rows, .in = D, .out = Da, .category_ = ap}),
                          .k = lin({.rows = rows, .in = D, .out = Da, .category_ = ap}),
                          .v = lin({.rows = rows, .in = D, .out = Da, .category_ = ap}),
                          .attn_core = einsum_attention{.batch = batch, .heads = a.num_heads, .q_len = T,
                                                        .kv_len = T, .head_dim = a.head_dim(), .act = x.act,
                                                        .softmax = x.softmax},
                          .o = lin({.rows = rows, .in = Da, .out = D, .category_ = ap})};
  blk.residual_attn = res();
  blk.norm2 = norm();
  blk.ffn = t5_feed_forward{.fc1 = lin({.rows = rows, .in = D, .out = F, .category_ = mp}),
                            .gate = {lin({.rows = rows, .in = D, .out = F, .category_ = mp}),
                                     gelu_tanh{.elements = checked_mul(rows, F), .act = x.act}},
                            .gate_mul = pointwise{.elements = checked_mul(rows, F), .ops = 1, .sfu = 0, .inputs = 2,
                                                  .act = x.act},
                            .fc2 = lin({.rows = rows, .in = F, .out = D, .category_ = mp})};
  blk.residual_ffn = res();

  t5_encoder e{};
  e.token_embedding = embedding{.rows = rows, .num = a.vocab, .dim = D, .act = x.act, .weight = x.weight};
  e.blocks = repeated_node<t5_block>{blk, a.num_layers};
  e.norm = norm();
  return e;
}

/// Cost of one text-encoder call (the fold over `make_t5_encoder`).
[[nodiscard]] constexpr metrics t5_encoder_cost(const t5_encoder_arch& a = umt5_xxl, count batch = 1,
                                                const t5_execution& x = {}) {
  return cost_of(make_t5_encoder(a, batch, x));
}

} // namespace wanmeter
