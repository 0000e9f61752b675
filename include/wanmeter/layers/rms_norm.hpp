#pragma once
// RMSNorm(dim) with a learned weight over `rows` rows (Wan's `norm_q` / `norm_k`, over all
// `dim` channels, not per head).
//
// Per element: square 1, add 1, normalise 1, weight 1 = 4 vector FLOPs; per row 1 rsqrt.
//   vector_flops = 4 * rows * dim + rows,   sfu_ops = rows,   parameters = dim
//
// Worked example: `blocks.0.self_attn.norm_q` of Wan2.1 T2V-14B at 720p: 4 * 75,600 * 5120 +
// 75,600 = 1,548,363,600 vector FLOPs, 5,120 parameters.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct rms_norm {
  static constexpr std::string_view kind = "rms_norm";
  count rows = 0;
  count dim = 0;
  dtype act = dtype::fp32;
  dtype weight = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m = detail::elementwise_cost(mul(rows, dim), 4, 0, 1, act);
    m.vector_flops = add(m.vector_flops, rows);
    m.sfu_ops = rows;
    m.parameters = dim;
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    m.bytes_read = add(m.bytes_read, m.weight_bytes);
    return m;
  }
};

} // namespace wanmeter
