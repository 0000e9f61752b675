#pragma once
// Residual additions on the [rows, dim] stream (pseudo-nodes; not nn.Modules).
//
// `gated_residual`: x + y * gate (Wan's self-attention and FFN outputs): 2 vector FLOPs per
// element, reads x, y (and the gate rows), writes x.
// `residual`: x + y (the cross-attention output, which has no gate): 1 per element.
//
// Bytes, eager: y (|y|, bf16 from a Linear) * gate (fp32) -> fp32 (read |y|, write |act|), then
// x + that (read 2 |act|, write |act|): read 10, write 8 per element for fp32; the plain residual
// reads |act| + |y| and writes |act| (6 and 4). fused (GEMM epilogue): read x, write x.
//
// Worked example: `blocks.0.residual_sa` of Wan2.1 T2V-14B at 720p: 2 * 75,600 * 5120 =
// 774,144,000 vector FLOPs.

#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct gated_residual {
  static constexpr std::string_view kind = "gated_residual";
  count rows = 0;
  count dim = 0;
  count gate_rows = 1;
  dtype act = dtype::fp32;
  dtype y = dtype::bf16; ///< dtype of the branch output
  exec_model mode = exec_model::eager;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    const count n = mul(rows, dim);
    metrics m = detail::elementwise_cost({.elements = n, .ops = 2, .sfu = 0, .inputs = 1, .act = act});
    if (mode == exec_model::eager) {
      m.bytes_read = add(mul(n, add(bytes_of(y), mul(2, bytes_of(act)))), mul(gate_rows, dim, bytes_of(act)));
      m.bytes_written = mul(n, 2, bytes_of(act));
    }
    return m;
  }
};

struct residual {
  static constexpr std::string_view kind = "residual";
  count rows = 0;
  count dim = 0;
  dtype act = dtype::fp32;
  dtype y = dtype::bf16; ///< dtype of the branch output
  exec_model mode = exec_model::eager;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    const count n = mul(rows, dim);
    metrics m = detail::elementwise_cost({.elements = n, .ops = 1, .sfu = 0, .inputs = 1, .act = act});
    if (mode == exec_model::eager) m.bytes_read = mul(n, add(bytes_of(act), bytes_of(y)));
    return m;
  }
};

} // namespace wanmeter
