#pragma once
// The sinusoidal timestep embedding (`sinusoidal_embedding_1d`, not an nn.Module): for each of
// `rows` timesteps, `dim / 2` frequencies; outer product t * f (1 multiply), then sin and cos.
//
//   vector_flops = rows * (dim / 2) + rows * dim,  sfu_ops = rows * dim   (computed in float64)
//
// Worked example: Wan2.1 (one timestep per sample, dim 256): 128 + 256 = 384 vector FLOPs,
// 256 SFU ops per forward.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct sinusoidal_embedding {
  static constexpr std::string_view kind = "sinusoidal_embedding";
  count rows = 1;
  count dim = 256;
  dtype act = dtype::fp64;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.vector_flops = add(mul(rows, dim / 2), mul(rows, dim));
    m.sfu_ops = mul(rows, dim);
    m.bytes_read = mul(rows, bytes_of(act));
    m.bytes_written = mul(rows, dim, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
