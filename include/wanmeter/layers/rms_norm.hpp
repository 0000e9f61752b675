#pragma once
// RMSNorm(dim) with a learned weight over `rows` rows (Wan's `norm_q` / `norm_k`, over all
// `dim` channels, not per head).
//
// Per element: square 1, add 1, normalise 1, weight 1 = 4 vector FLOPs; per row 1 rsqrt.
//   vector_flops = 4 * rows * dim + rows,   sfu_ops = rows,   parameters = dim
//   eager bytes per element (WanRMSNorm: `_norm(x.float()).type_as(x) * weight`, input bf16 from
//   the Linear, fp32 math): x.float() r2 w4, pow r4 w4, mean r4, x*rsqrt r4 w4, type_as r4 w2,
//   * weight (fp32 promotes) r2 w4 -> read 20, written 18 (|input| = 2, |act| = 4).
//   fused: in the attention prologue, 0.
//
// Worked example: `blocks.0.self_attn.norm_q` of Wan2.1 T2V-14B at 720p: 4 * 75,600 * 5120 +
// 75,600 = 1,548,363,600 vector FLOPs, 5,120 parameters.

#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct rms_norm {
  static constexpr std::string_view kind = "rms_norm";
  count rows = 0;
  count dim = 0;
  dtype act = dtype::fp32;
  dtype weight = dtype::fp32;
  dtype input = dtype::bf16;
  exec_model mode = exec_model::eager;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    const count n = mul(rows, dim);
    metrics m = detail::elementwise_cost({.elements = n, .ops = 4, .sfu = 0, .inputs = 1, .act = act});
    m.vector_flops = add(m.vector_flops, rows);
    m.sfu_ops = rows;
    m.parameters = dim;
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    if (mode == exec_model::fused) {
      m.bytes_read = m.bytes_written = 0;
      m.activation_bytes = mul(n, bytes_of(input));
      return m;
    }
    const count i = bytes_of(input);
    const count a = bytes_of(act);
    const bool cast = input != act;
    // .float() (if cast), pow, mean, x * rsqrt, .type_as (if cast), * weight
    const count per_read = (cast ? i : 0) + a + a + a + (cast ? a : 0) + i;
    const count per_written = (cast ? a : 0) + a + a + (cast ? i : 0) + a;
    m.bytes_read = add(mul(n, per_read), m.weight_bytes);
    m.bytes_written = mul(n, per_written);
    m.activation_bytes = mul(n, a);
    return m;
  }
};

} // namespace wanmeter
