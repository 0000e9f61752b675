#pragma once
// nn.LayerNorm(dim, elementwise_affine) over `rows` rows.
//
// Per element: mean 1 add, variance 3 (subtract, square, add), normalise 2 (subtract, multiply)
// = 5 vector FLOPs, plus 2 (scale, shift) when affine; per row 1 rsqrt (an SFU op, also counted
// in vector_flops). Parameters: 2 * dim when affine, else 0.
//
//   vector_flops = rows * dim * (5 + 2*affine) + rows,   sfu_ops = rows
//
// `input`: the dtype x arrives in (none: `act`). When it differs, eager Wan code casts around
// the fp32 norm (`WanLayerNorm`: `super().forward(x.float()).type_as(x)`): x.float() r|i| w|a|,
// the norm r|a| w|a|, .type_as r|a| w|i|. This happens in a forward step caching skips, whose x
// is still the bf16 patch embedding when it reaches the head (models/wan/step_cache.hpp).
//
// Worked example: `blocks.0.norm3` (affine) of Wan2.1 T2V-14B at 720p: 75,600 * 5120 * 7 +
// 75,600 = 2,709,619,600 vector FLOPs, 10,240 parameters.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

#include <optional>

namespace wanmeter {

struct layer_norm {
  static constexpr std::string_view kind = "layer_norm";
  count rows = 0;
  count dim = 0;
  bool affine = false;
  dtype act = dtype::fp32;
  dtype weight = dtype::fp32;
  std::optional<dtype> input{}; ///< dtype of x as it arrives, when not `act` (see the header comment)

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    const count n = mul(rows, dim);
    metrics m = detail::elementwise_cost({.elements = n, .ops = affine ? count{7} : count{5}, .sfu = 0, .inputs = 1,
                                          .act = act});
    if (const dtype in = input.value_or(act); in != act) { // x.float() before, .type_as(x) after
      m.bytes_read = add(m.bytes_read, mul(n, add(bytes_of(in), bytes_of(act))));
      m.bytes_written = add(m.bytes_written, mul(n, add(bytes_of(act), bytes_of(in))));
    }
    m.vector_flops = add(m.vector_flops, rows);
    m.sfu_ops = rows;
    m.parameters = affine ? mul(2, dim) : 0;
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    m.bytes_read = add(m.bytes_read, m.weight_bytes);
    return m;
  }
};

} // namespace wanmeter
