#pragma once
// Scaled dot-product attention core softmax(Q K^T / sqrt(d)) V, per head, without projections
// (pseudo-node `attn_core`; flash-attention in the official code).
//
//   tensor_flops = 4 * batch * heads * q_len * kv_len * head_dim   (QK^T 2*Lq*Lk*d + PV 2*Lq*Lk*d)
//   vector_flops = 5 * batch * heads * q_len * kv_len              (scale, running max, subtract,
//                  + batch * heads * q_len * head_dim               exp, sum per score; 1/sum per out)
//   sfu_ops      = batch * heads * q_len * kv_len                   (one exp per score)
//   bytes        = FlashAttention I/O: Q, K, V read once, O written once (scores stay on chip;
//                  the K/V re-reads per query tile are served by L2 and are not counted):
//                  read (q_len + 2 kv_len) * heads * head_dim * |act|, write q_len * heads * head_dim * |act|
//
// Worked example: `blocks.0.self_attn.attn_core` of Wan2.1 T2V-14B at 720p (40 heads, d 128,
// Lq = Lk = 75,600): 4 * 40 * 75,600^2 * 128 = 117,050,572,800,000 FLOPs; the cross-attention
// core (Lk = 512 text tokens): 4 * 40 * 75,600 * 512 * 128 = 792,723,456,000 FLOPs.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct attention_core {
  static constexpr std::string_view kind = "attention_core";
  count batch = 1;
  count heads = 0;
  count q_len = 0;
  count kv_len = 0;
  count head_dim = 0;
  dtype act = dtype::bf16;

  [[nodiscard]] constexpr category cat() const { return category::attention_core; }
  [[nodiscard]] constexpr metrics cost() const {
    const count scores = mul(batch, heads, q_len, kv_len);
    const count dim = mul(heads, head_dim);
    metrics m{};
    m.tensor_flops = mul(4, scores, head_dim);
    m.vector_flops = add(mul(5, scores), mul(batch, q_len, dim));
    m.sfu_ops = scores;
    m.bytes_read = mul(batch, add(q_len, mul(2, kv_len)), dim, bytes_of(act));
    m.bytes_written = mul(batch, q_len, dim, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
