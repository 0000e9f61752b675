#pragma once
// The Wan2.2 VAE's `AvgDown3D(in, out, factor_t, factor_s)` shortcut: pad the time axis to a
// multiple of factor_t (in the past), fold factor_t x factor_s x factor_s neighbours into the
// channels, then average groups of `group_size` = in * factor / out channels. No matmul.
//
//   out_elements = batch * out * T' * H' * W'   (T' = ceil(T / ft), H' = H / fs, W' = W / fs)
//   vector_flops = out_elements * group_size    (group_size - 1 adds and 1 divide per output)
//   bytes_read   = in_elements * |act|          (the padded input, read once)
//   bytes_written = out_elements * |act|
//
// Worked example: `encoder.downsamples.1.avg_shortcut` of the Wan2.2 VAE (160 -> 320, ft = fs = 2,
// group 4) on a steady chunk of 4 frames at 352x640: out 320 x 2 x 176 x 320 = 36,044,800
// elements, 144,179,200 vector FLOPs.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct group_mean {
  static constexpr std::string_view kind = "avg_down3d";
  count in_elements = 0;  ///< after the temporal padding
  count out_elements = 0;
  count group_size = 1;
  dtype act = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.vector_flops = mul(out_elements, group_size);
    m.bytes_read = mul(in_elements, bytes_of(act));
    m.bytes_written = mul(out_elements, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
