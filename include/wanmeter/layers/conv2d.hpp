#pragma once
// nn.Conv2d (groups = 1) with a square or rectangular kernel, stride and zero padding, on
// `images` images of `in_channels` x `in_height` x `in_width` (the padded extent when the padding
// is a separate module such as nn.ZeroPad2d; then `pad_*` are 0).
//
//   out_h = (in_height + 2 pad_h - kh) / sh + 1   (likewise out_w)
//   tensor_flops = 2 * images * out_h * out_w * out_channels * in_channels * kh * kw
//   vector_flops = images * out_h * out_w * out_channels (bias), else 0
//   parameters   = out_channels * in_channels * kh * kw + out_channels (bias)
//   bytes        = see conv_cost.hpp
//
// Worked example: `visual.patch_embedding` of the CLIP ViT-H/14 (Wan2.1 I2V) on one 224x224
// image: 3 -> 1280, 14x14 stride 14, no bias: out 16 x 16; 2 * 256 * 1280 * 3 * 196 =
// 385,351,680 FLOPs; 752,640 parameters.

#include <wanmeter/layers/conv_cost.hpp>

namespace wanmeter {

struct conv2d {
  static constexpr std::string_view kind = "conv2d";
  count images = 1; ///< batch x frames (the Wan VAE folds time into the batch)
  count in_channels = 0;
  count out_channels = 0;
  count in_height = 0;
  count in_width = 0;
  count kh = 1, kw = 1;
  count sh = 1, sw = 1;
  count pad_h = 0, pad_w = 0;
  bool bias = true;
  dtype act = dtype::fp32;
  dtype weight = dtype::fp32;

  [[nodiscard]] constexpr count out_height() const {
    return detail::conv_out_extent({.in = in_height, .kernel = kh, .stride = sh, .pad = pad_h});
  }
  [[nodiscard]] constexpr count out_width() const {
    return detail::conv_out_extent({.in = in_width, .kernel = kw, .stride = sw, .pad = pad_w});
  }

  [[nodiscard]] constexpr category cat() const { return category::conv; }
  [[nodiscard]] constexpr metrics cost() const {
    return detail::conv_cost({.out_positions = mul(images, out_height(), out_width()),
                              .in_elements = mul(images, in_channels, in_height, in_width),
                              .in_channels = in_channels,
                              .kernel_volume = mul(kh, kw),
                              .out_channels = out_channels,
                              .bias = bias,
                              .act = act,
                              .weight = weight});
  }
};

} // namespace wanmeter
