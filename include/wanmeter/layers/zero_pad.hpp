#pragma once
// nn.ZeroPad2d (Wan VAE downsampling pads right and bottom by one: (0, 1, 0, 1)): data movement.
//
//   bytes_read    = images * channels * height * width * |act|
//   bytes_written = images * channels * (height + pad_h) * (width + pad_w) * |act|
//   vector_flops  = 0
//
// Worked example: `encoder.downsamples.2.resample.0` of the Wan2.1 VAE at 832x480, a steady chunk
// (4 frames, 96 channels, 480x832 -> 481x833): reads 613,416,960 bytes, writes 615,433,728 (fp32).

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct zero_pad {
  static constexpr std::string_view kind = "zero_pad";
  count images = 1;
  count channels = 0;
  count height = 0; ///< input height
  count width = 0;  ///< input width
  count pad_h = 1;  ///< total rows added
  count pad_w = 1;  ///< total columns added
  dtype act = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.bytes_read = mul(images, channels, height, width, bytes_of(act));
    m.bytes_written = mul(images, channels, add(height, pad_h), add(width, pad_w), bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
