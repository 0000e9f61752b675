#pragma once
// Nearest(-exact) spatial upsampling by integer factors (Wan VAE `Upsample(scale_factor=(2, 2))`):
// pure data movement, no arithmetic.
//
//   out_elements = images * channels * (height * fh) * (width * fw)
//   vector_flops = 0,  bytes_read = images * channels * height * width * |act|,
//   bytes_written = out_elements * |act|
//
// Worked example: `decoder.upsamples.3.resample.0` of the Wan2.1 VAE decoding 1280x720, a steady
// chunk (1 frame, 384 channels at 90x160 -> 180x320): reads 22,118,400 bytes, writes 88,473,600 (fp32).

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct nearest_upsample {
  static constexpr std::string_view kind = "upsample_nearest";
  count images = 1;
  count channels = 0;
  count height = 0; ///< input height
  count width = 0;  ///< input width
  count fh = 2;
  count fw = 2;
  dtype act = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    const count in = mul(images, channels, height, width);
    metrics m{};
    m.bytes_read = mul(in, bytes_of(act));
    m.bytes_written = mul(in, fh, fw, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
