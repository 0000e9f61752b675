#pragma once
// A learned absolute position embedding added to the input: x + P, P a [positions, dim] table
// (FLF2V's `img_emb.emb_pos`, [1, 514, 1280]).
//
//   vector_flops = batch * positions * dim,   parameters = positions * dim
//
// Worked example: FLF2V-14B: 514 * 1280 = 657,920 FLOPs per sample and 657,920 parameters.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct position_embedding {
  static constexpr std::string_view kind = "position_embedding";
  count batch = 1;
  count positions = 0;
  count dim = 0;
  dtype act = dtype::fp32;
  dtype weight = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m = detail::elementwise_cost({.elements = mul(batch, positions, dim), .ops = 1, .sfu = 0, .inputs = 1,
                                          .act = act});
    m.parameters = mul(positions, dim);
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    m.bytes_read = add(m.bytes_read, m.weight_bytes);
    return m;
  }
};

} // namespace wanmeter
