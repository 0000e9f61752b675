#pragma once
// 3D rotary position embedding applied to q and k (pseudo-node `self_attn.rope`; not an
// nn.Module in the official code, which calls `rope_apply` twice).
//
// The head dimension is rotated in adjacent pairs by a precomputed complex table (time 44,
// height 42, width 42 channels of 128), a complex multiply per pair = 6 FLOPs = 3 per element;
// the table is a buffer, so there are no transcendentals per call.
//   vector_flops = tensors * rows * dim * 3      (tensors = 2: q and k)
//   eager bytes per element and tensor (`rope_apply`: .to(float64) r4 w8, complex multiply r8 w8,
//   cat r8 w8, stack r8 w8, .float() r8 w4): read |in| + 4 |act|, write 4 |act| + |in| -> 36 and
//   36 for fp32 in, fp64 math. fused: in the attention prologue, 0.
//
// Worked example: Wan2.1 T2V-14B at 720p: 2 * 75,600 * 5120 * 3 = 2,322,432,000 vector FLOPs.

#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct rope {
  static constexpr std::string_view kind = "rope";
  count rows = 0;    ///< tokens x batch
  count dim = 0;     ///< heads x head_dim
  count tensors = 2; ///< q and k
  dtype act = dtype::fp64; ///< the official code rotates in float64
  dtype input = dtype::fp32;
  exec_model mode = exec_model::eager;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    const count n = mul(tensors, rows, dim);
    metrics m{};
    m.vector_flops = mul(n, 3);
    m.activation_bytes = mul(n, bytes_of(input));
    if (mode == exec_model::eager) {
      m.bytes_read = mul(n, add(bytes_of(input), mul(4, bytes_of(act))));
      m.bytes_written = mul(n, add(mul(4, bytes_of(act)), bytes_of(input)));
    }
    return m;
  }
};

} // namespace wanmeter
