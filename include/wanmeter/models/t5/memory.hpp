#pragma once
// Live activations of one umT5-XXL encoder call (the text encoder of every Wan pipeline).
//
// One prompt of T = 512 tokens, bf16 (n = 64 heads, D = Da = 4096): the attention phase holds x
// and its norm 2 T D 2, q k v 3 T Da 2, and five n T^2 score buffers: the layer's position bias
// and the zero-initialised attn_bias (bf16), the einsum scores (bf16), `attn.float()` and the
// fp32 softmax (4 B each): 14 n T^2 bytes.
//   = 8,388,608 + 12,582,912 + 234,881,024 = 255,852,544 B.
// The FFN phase (x, norm, fc1, gate, GELU, product: 2 T D + 4 T F elements) is smaller.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/models/t5/encoder.hpp>

namespace wanmeter {

/// Live activation bytes of one umT5-XXL call on `batch` prompts (see the header comment).
[[nodiscard]] constexpr count t5_activation_bytes(const t5_encoder_arch& a = umt5_xxl, count batch = 1,
                                                  const t5_execution& x = {}) {
  const count T = a.text_len;
  const count g = bytes_of(x.act);
  const count s = bytes_of(x.softmax);
  const count rows = mul(batch, T);
  const count scores = mul(a.num_heads, T, T);
  // position bias [1, n, T, T] + attn_bias, einsum scores (act), float copy and softmax (fp32)
  const count score_bytes = add(mul(scores, g), mul(batch, scores, add(mul(2, g), mul(2, s))));
  const count attention = add(mul(rows, a.dim, 2, g), mul(rows, a.dim_attn, 3, g), score_bytes);
  const count ffn = add(mul(rows, a.dim, 2, g), mul(rows, a.dim_ffn, 4, g));
  return attention > ffn ? attention : ffn;
}

} // namespace wanmeter
