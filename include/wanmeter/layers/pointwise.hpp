#pragma once
// A generic element-wise tensor op that is not an nn.Module and has no dedicated primitive:
// `ops` vector FLOPs and `sfu` transcendentals per element, `inputs` full-size tensors read and
// one written, in `act`. Each use states its per-element count where it is built:
//   * `multiply` (fc1(x) * gate(x) in the T5 FFN):           ops 1, inputs 2
//   * latent normalisation (mu - mean) * (1 / std) (VAE):    ops 2, inputs 1
//   * clamp_(-1, 1) of the decoded video:                     ops 2 (min, max), inputs 1
//
// Worked example: `blocks.0.ffn.gate_mul` of umT5-XXL on 512 tokens: 512 * 10,240 = 5,242,880
// elements -> 5,242,880 vector FLOPs; reads 2 x 10,485,760 bytes and writes 10,485,760 (bf16).

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct pointwise {
  static constexpr std::string_view kind = "pointwise";
  count elements = 0;
  count ops = 1;
  count sfu = 0;
  count inputs = 1;
  dtype act = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    return detail::elementwise_cost({.elements = elements, .ops = ops, .sfu = sfu, .inputs = inputs, .act = act});
  }
};

} // namespace wanmeter
