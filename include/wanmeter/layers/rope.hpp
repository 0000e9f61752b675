#pragma once
// 3D rotary position embedding applied to q and k (pseudo-node `self_attn.rope`; not an
// nn.Module in the official code, which calls `rope_apply` twice).
//
// The head dimension is rotated in adjacent pairs by a precomputed complex table (time 44,
// height 42, width 42 channels of 128), a complex multiply per pair = 6 FLOPs = 3 per element;
// the table is a buffer, so there are no transcendentals per call.
//   vector_flops = tensors * rows * dim * 3      (tensors = 2: q and k)
//
// Worked example: Wan2.1 T2V-14B at 720p: 2 * 75,600 * 5120 * 3 = 2,322,432,000 vector FLOPs.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct rope {
  static constexpr std::string_view kind = "rope";
  count rows = 0;    ///< tokens x batch
  count dim = 0;     ///< heads x head_dim
  count tensors = 2; ///< q and k
  dtype act = dtype::fp64; ///< the official code rotates in float64

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m = detail::elementwise_cost(mul(rows, dim), 3, 0, 1, act);
    return repeated(m, tensors);
  }
};

} // namespace wanmeter
