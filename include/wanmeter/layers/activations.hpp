#pragma once
// Element-wise activations over `elements` elements.
//
// gelu_tanh  0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): x^3 2, scale 1, add 1, scale 1,
//            tanh 1, add 1, multiply 2 = 9 vector FLOPs and 1 SFU op per element.
// gelu_erf   0.5 x (1 + erf(x / sqrt 2)): scale 1, erf 1, add 1, multiply 2 = 5 vector, 1 SFU.
// silu       x / (1 + exp(-x)): negate 1, exp 1, add 1, divide 1 = 4 vector, 1 SFU.
//
// Worked example: `blocks.0.ffn.1` (GELU-tanh on [L, F]) of Wan2.1 T2V-14B at 720p:
// 75,600 * 13,824 = 1,045,094,400 elements -> 9,405,849,600 vector FLOPs, 1,045,094,400 SFU ops.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct gelu_tanh {
  static constexpr std::string_view kind = "gelu_tanh";
  count elements = 0;
  dtype act = dtype::bf16;
  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const { return detail::elementwise_cost(elements, 9, 1, 1, act); }
};

struct gelu_erf {
  static constexpr std::string_view kind = "gelu_erf";
  count elements = 0;
  dtype act = dtype::bf16;
  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const { return detail::elementwise_cost(elements, 5, 1, 1, act); }
};

struct silu {
  static constexpr std::string_view kind = "silu";
  count elements = 0;
  dtype act = dtype::fp32;
  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const { return detail::elementwise_cost(elements, 4, 1, 1, act); }
};

} // namespace wanmeter
