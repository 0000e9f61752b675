#pragma once
// Residual additions on the [rows, dim] stream (pseudo-nodes; not nn.Modules).
//
// `gated_residual`: x + y * gate (Wan's self-attention and FFN outputs): 2 vector FLOPs per
// element, reads x, y (and the gate rows), writes x.
// `residual`: x + y (the cross-attention output, which has no gate): 1 per element.
//
// Worked example: `blocks.0.residual_sa` of Wan2.1 T2V-14B at 720p: 2 * 75,600 * 5120 =
// 774,144,000 vector FLOPs.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct gated_residual {
  static constexpr std::string_view kind = "gated_residual";
  count rows = 0;
  count dim = 0;
  count gate_rows = 1;
  dtype act = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m = detail::elementwise_cost(mul(rows, dim), 2, 0, 2, act);
    m.bytes_read = add(m.bytes_read, mul(gate_rows, dim, bytes_of(act)));
    return m;
  }
};

struct residual {
  static constexpr std::string_view kind = "residual";
  count rows = 0;
  count dim = 0;
  dtype act = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const { return detail::elementwise_cost(mul(rows, dim), 1, 0, 2, act); }
};

} // namespace wanmeter
