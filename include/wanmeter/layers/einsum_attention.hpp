#pragma once
// Eager ("einsum") attention core with the scores materialised, as umT5's `T5Attention` runs it
// (pseudo-node `attn_core`; no 1/sqrt(d) scaling in T5):
//
//   bias   = zeros[b, n, Lq, Lk] + pos_bias, masked_fill(mask == 0, min)
//   scores = einsum('binc,bjnc->bnij', q, k) + bias
//   probs  = softmax(scores.float(), dim=-1).type_as(scores)
//   out    = einsum('bnij,bjnc->binc', probs, v)
//
//   tensor_flops = 4 * batch * heads * q_len * kv_len * head_dim   (QK^T and PV, 2 per MAC each)
//   vector_flops = 7 * batch * heads * q_len * kv_len   (+= pos_bias 1, + bias 1, softmax 5:
//                  max, subtract, exp, sum, divide)
//   sfu_ops      = batch * heads * q_len * kv_len       (one exp per score)
//   bytes        = Q, K, V read and O written once (|act|), plus per score the three materialised
//                  [b, n, Lq, Lk] tensors (bias, scores, probabilities) each written and read once
//                  in |act|, and the fp32 softmax round trip written and read once in |softmax|:
//                  per score and direction 3 |act| + |softmax| bytes.
//
// Worked example: `blocks.0.attn.attn_core` of umT5-XXL (64 heads x 64) on 512 tokens:
// 4 * 64 * 512^2 * 64 = 4,294,967,296 tensor FLOPs; 7 * 16,777,216 = 117,440,512 vector FLOPs;
// 16,777,216 SFU ops.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct einsum_attention {
  static constexpr std::string_view kind = "einsum_attention";
  count batch = 1;
  count heads = 0;
  count q_len = 0;
  count kv_len = 0;
  count head_dim = 0;
  dtype act = dtype::bf16;
  dtype softmax = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::attention_core; }
  [[nodiscard]] constexpr metrics cost() const {
    const count scores = mul(batch, heads, q_len, kv_len);
    const count dim = mul(heads, head_dim);
    const count per_score = add(mul(3, bytes_of(act)), bytes_of(softmax));
    metrics m{};
    m.tensor_flops = mul(4, scores, head_dim);
    m.vector_flops = mul(7, scores);
    m.sfu_ops = scores;
    m.bytes_read = add(mul(batch, add(q_len, mul(2, kv_len)), dim, bytes_of(act)), mul(scores, per_score));
    m.bytes_written = add(mul(batch, q_len, dim, bytes_of(act)), mul(scores, per_score));
    m.activation_bytes = mul(batch, q_len, dim, bytes_of(act));
    return m;
  }
};

} // namespace wanmeter
