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
//                  (the K/V re-reads are about q_len / 128 passes over K and V per head; see
//                  docs/roofline.md for why they are left out)
//   eager adds the official casts around flash-attention: q and k arrive in `input` (fp32 after
//   RMSNorm/RoPE) and are cast to bf16 (read |input|, write |act| per element of q and of k),
//   and the output is cast back to q's dtype (read |act|, write |input| per output element).
//
// Worked example: `blocks.0.self_attn.attn_core` of Wan2.1 T2V-14B at 720p (40 heads, d 128,
// Lq = Lk = 75,600): 4 * 40 * 75,600^2 * 128 = 117,050,572,800,000 FLOPs; the cross-attention
// core (Lk = 512 text tokens): 4 * 40 * 75,600 * 512 * 128 = 792,723,456,000 FLOPs.

#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

/// Block-sparse attention (`--attention-density F`, radial attention / STA / VSA kernels): the
/// score matrix of each (batch, head) is tiled in `sparse_block_q` x `sparse_block_kv` blocks
/// (SpargeAttn's block-sparse Sage kernel, which radial attention calls: 128 query x 64 key
/// tokens), the kernel computes `kept` = ceil(F x blocks) whole blocks and skips the rest.
/// Example: Wan2.1 14B 720p self-attention, L = 75,600, F = 0.25: 591 x 1,182 = 698,562 blocks,
/// 174,641 kept.
inline constexpr count sparse_block_q = 128;
inline constexpr count sparse_block_kv = 64;

/// The kept blocks of a `q_len` x `kv_len` score matrix at density `density` (0 < F <= 1).
[[nodiscard]] constexpr count kept_blocks(double density, count q_len, count kv_len) {
  const count blocks = mul(ceil_div(q_len, sparse_block_q), ceil_div(kv_len, sparse_block_kv));
  const double kept = density * static_cast<double>(blocks);
  const count whole = static_cast<count>(kept);
  const count up = static_cast<double>(whole) < kept ? whole + 1 : whole;
  return up > blocks ? blocks : up;
}

struct attention_core {
  static constexpr std::string_view kind = "attention_core";
  count batch = 1;
  count heads = 0;
  count q_len = 0;
  count kv_len = 0;
  count head_dim = 0;
  dtype act = dtype::bf16;
  dtype input = dtype::bf16; ///< dtype q and k arrive in (fp32 in the official code)
  exec_model mode = exec_model::eager;
  /// Block-sparse: the kept blocks per (batch, head) (0: dense). Tensor, vector and SFU work
  /// count whole kept blocks: scores = batch x heads x kept x 128 x 64.
  count kept = 0;

  [[nodiscard]] constexpr category cat() const { return category::attention_core; }
  [[nodiscard]] constexpr bool sparse() const { return kept != 0; }
  [[nodiscard]] constexpr metrics cost() const {
    const count scores = kept != 0 ? mul(batch, heads, kept, sparse_block_q * sparse_block_kv)
                                   : mul(batch, heads, q_len, kv_len);
    const count dim = mul(heads, head_dim);
    metrics m{};
    m.tensor_flops = mul(4, scores, head_dim);
    m.vector_flops = add(mul(5, scores), mul(batch, q_len, dim));
    m.sfu_ops = scores;
    const count c = bytes_of(act);
    m.bytes_read = mul(batch, add(q_len, mul(2, kv_len)), dim, c);
    m.bytes_written = mul(batch, q_len, dim, c);
    m.activation_bytes = m.bytes_written;
    if (mode == exec_model::eager && input != act) {
      const count i = bytes_of(input);
      const count qk = mul(batch, add(q_len, kv_len), dim); // elements of q and k cast to act
      const count o = mul(batch, q_len, dim);               // output cast back to q's dtype
      m.bytes_read = add(m.bytes_read, mul(qk, i), mul(o, c));
      m.bytes_written = add(m.bytes_written, mul(qk, c), mul(o, i));
      m.activation_bytes = mul(o, i);
    }
    return m;
  }
};

} // namespace wanmeter
