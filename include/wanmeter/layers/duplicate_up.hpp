#pragma once
// The Wan2.2 VAE's `DupUp3D(in, out, factor_t, factor_s)` shortcut: repeat_interleave the channels,
// then unfold them into factor_t frames and factor_s x factor_s pixels (the first chunk keeps only
// the last of the factor_t frames). Pure data movement.
//
//   vector_flops = 0
//   bytes_read    = in_elements * |act|
//   bytes_written = out_elements * |act|   (the rearranged tensor the block adds to its output)
//
// Worked example: `decoder.upsamples.0.avg_shortcut` of the Wan2.2 VAE (1024 -> 1024, ft = fs = 2)
// on a steady chunk of 1 latent frame at 44x80: reads 1024 * 3,520 * 4 = 14,417,920 bytes, writes
// 1024 * 2 * 88 * 160 * 4 = 115,343,360 bytes.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct duplicate_up {
  static constexpr std::string_view kind = "dup_up3d";
  count in_elements = 0;
  count out_elements = 0;
  dtype act = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.bytes_read = mul(in_elements, bytes_of(act));
    m.bytes_written = mul(out_elements, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
