#pragma once
// Element-wise activations over `elements` elements.
//
// gelu_tanh  0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): x^3 2, scale 1, add 1, scale 1,
//            tanh 1, add 1, multiply 2 = 9 vector FLOPs and 1 SFU op per element.
// gelu_erf   0.5 x (1 + erf(x / sqrt 2)): scale 1, erf 1, add 1, multiply 2 = 5 vector, 1 SFU.
// silu       x / (1 + exp(-x)): negate 1, exp 1, add 1, divide 1 = 4 vector, 1 SFU.
//
// Bytes: eager reads and writes each element once in `act`; fused (a GEMM epilogue) moves none.
//
// Worked example: `blocks.0.ffn.1` (GELU-tanh on [L, F]) of Wan2.1 T2V-14B at 720p:
// 75,600 * 13,824 = 1,045,094,400 elements -> 9,405,849,600 vector FLOPs, 1,045,094,400 SFU ops.

#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

namespace detail {
/// One transcendental and `s.ops` vector FLOPs per element; a fused activation (a GEMM epilogue)
/// moves no bytes.
[[nodiscard]] constexpr metrics activation_cost(elementwise_shape s, exec_model mode) {
  s.sfu = 1;
  s.inputs = 1;
  metrics m = elementwise_cost(s);
  if (mode == exec_model::fused) m.bytes_read = m.bytes_written = 0;
  return m;
}
} // namespace detail

struct gelu_tanh {
  static constexpr std::string_view kind = "gelu_tanh";
  count elements = 0;
  dtype act = dtype::bf16;
  exec_model mode = exec_model::eager;
  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    return detail::activation_cost({.elements = elements, .ops = 9, .act = act}, mode);
  }
};

struct gelu_erf {
  static constexpr std::string_view kind = "gelu_erf";
  count elements = 0;
  dtype act = dtype::bf16;
  exec_model mode = exec_model::eager;
  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    return detail::activation_cost({.elements = elements, .ops = 5, .act = act}, mode);
  }
};

struct silu {
  static constexpr std::string_view kind = "silu";
  count elements = 0;
  dtype act = dtype::fp32;
  exec_model mode = exec_model::eager;
  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    return detail::activation_cost({.elements = elements, .ops = 4, .act = act}, mode);
  }
};

} // namespace wanmeter
