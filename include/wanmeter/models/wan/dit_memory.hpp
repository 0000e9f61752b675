#pragma once
// Peak activation memory of one DiT forward: the largest set of tensors alive at once, on top of
// the weights, following the official code's liveness (Python keeps a tensor alive while a local
// variable or an argument of a running call refers to it).
//
// Let E = B * L * D elements, |s| the stream dtype (fp32), |g| the GEMM dtype (bf16), |r| the RoPE
// dtype (fp64), n_t the time rows (B for Wan2.1, B*L for Wan2.2).
//
// Alive through the whole forward ("persistent"):
//   x, the residual stream                      E |s|
//   context (text + image tokens), bf16          B (512 + Li) D |g|
//   e and e0 of the time MLP (fp32)              n_t 7 D * 4
//   Wan2.2: each block's `modulation + e0`       n_t 6 D * 4     (the chunks are views of it)
// The largest phase inside a block (eager):
//   self-attention while RoPE rotates k: the block input y = modulate(norm1(x)) E |s|, q and k
//   after RMSNorm 2 E |s|, v E |g|, q already rotated E |s|, and two float64 buffers of k
//   (the cast copy and the complex product) 2 E |r|        -> 34 E bytes for the official dtypes
//   FFN: y E |s|, hidden and its GELU 2 B L F |g|            -> 14.8 E bytes at 14B
// Fused (one bf16 stream, RoPE in registers): y, q, k, v and the output 5 E |g|, or y and one
// hidden B L F |g| (GELU in the epilogue), whichever is larger.
//
// Step caching (models/wan/step_cache.hpp) keeps, through the whole DiT stage, the residual of
// each branch (TeaCache keeps an even and an odd one: 2 E |s|) and the kept modulated input of
// each (2 n_t D * 4); a computed forward also holds ori_x (E |g|) through the blocks. A skipped
// forward holds x (E |g|), the context, e and e0, the caches, and at its head the fp32 copy of
// x and the norm's output (2 E * 4).
//
// Worked example: Wan2.1 T2V-14B at 1280x720x81 (E = 387,072,000): eager peak = x 1.55 GB +
// context 5.2 MB + 34 E = 13.16 GB -> 14.71 GB; the official peak, 69.1 GB with 57.15 GB of
// fp32 weights, leaves 11.9 GB for activations and allocator slack, so this is an upper bound
// within 3 GB (4% of the device total).

#include <wanmeter/models/wan/dit.hpp>

namespace wanmeter {

struct dit_memory {
  count persistent = 0;  ///< alive through the forward
  count block_peak = 0;  ///< the largest phase inside a block
  count peak = 0;        ///< persistent + block_peak
};

/// The live activations of one forward over the tokens of `g` (already validated).
[[nodiscard]] constexpr dit_memory dit_activation_memory(const wan_dit_arch& a, const token_geometry& g,
                                                         const dit_execution& x = {}) {
  const count B = g.batch;
  const count E = mul(B, g.dit_seq_len, a.dim);
  const count H = mul(B, g.dit_seq_len, a.ffn_dim);
  const count s = bytes_of(x.stream);
  const count gm = bytes_of(x.gemm);
  const count n_t = a.per_token_time() ? mul(B, g.dit_seq_len) : B;
  dit_memory m{};
  m.persistent = add(mul(E, s), mul(B, add(a.text_len, a.image_tokens), a.dim, gm), mul(n_t, 7, a.dim, 4));
  if (a.per_token_time()) m.persistent = add(m.persistent, mul(n_t, 6, a.dim, 4));
  if (x.step_cache) m.persistent = add(m.persistent, mul(2, E, s), mul(2, n_t, a.dim, 4), mul(E, gm));
  if (x.mode == exec_model::eager) {
    const count attention = mul(E, add(mul(4, s), gm, mul(2, bytes_of(x.rope))));
    const count ffn = add(mul(E, s), mul(2, H, gm));
    m.block_peak = attention > ffn ? attention : ffn;
  } else {
    const count attention = mul(5, E, gm);
    const count ffn = add(mul(E, gm), mul(H, gm));
    m.block_peak = attention > ffn ? attention : ffn;
  }
  m.peak = add(m.persistent, m.block_peak);
  return m;
}

/// The live activations of one forward step caching skips (models/wan/skipped_forward.hpp), over
/// the tokens of `g` (see the header comment).
[[nodiscard]] constexpr dit_memory dit_skipped_activation_memory(const wan_dit_arch& a, const token_geometry& g,
                                                                 const dit_execution& x = {}) {
  const count B = g.batch;
  const count E = mul(B, g.dit_seq_len, a.dim);
  const count gm = bytes_of(x.gemm);
  const count n_t = a.per_token_time() ? mul(B, g.dit_seq_len) : B;
  dit_memory m{};
  m.persistent = add(mul(E, gm), mul(B, add(a.text_len, a.image_tokens), a.dim, gm), mul(n_t, 7, a.dim, 4),
                     mul(2, E, bytes_of(x.stream)), mul(2, n_t, a.dim, 4));
  m.block_peak = mul(2, E, 4);
  m.peak = add(m.persistent, m.block_peak);
  return m;
}

/// The live activations of one forward of workload `w` (validated here).
[[nodiscard]] constexpr dit_memory dit_activation_memory(const wan_dit_arch& a, const workload& w,
                                                         const dit_execution& x = {}) {
  return dit_activation_memory(a, make_geometry(a.rules(), w), x);
}

} // namespace wanmeter
