#pragma once
// nn.Conv3d (groups = 1) with any kernel, stride and zero padding, on an input of `batch` x
// `in_channels` x `in_frames` x `in_height` x `in_width` (the input *as the kernel sees it*: for
// Wan's CausalConv3d that is after its own F.pad / cache concatenation, so `pad_*` are 0 there
// and the 2 causal frames are part of `in_frames`).
//
//   out_t = (in_frames + 2 pad_t - kt) / st + 1   (likewise out_h, out_w)
//   tensor_flops = 2 * batch * out_t * out_h * out_w * out_channels * in_channels * kt * kh * kw
//   vector_flops = batch * out_t * out_h * out_w * out_channels   (bias), else 0
//   parameters   = out_channels * in_channels * kt * kh * kw + out_channels (bias)
//   bytes        = see conv_cost.hpp (input and weights read once, output written once)
//
// Worked example: `decoder.upsamples.0.residual.2` of the Wan2.1 VAE decoding 1280x720 (one
// latent frame per chunk at 90x160, 384 -> 384, 3x3x3, input padded to 3 x 92 x 162):
// out 1 x 90 x 160; 2 * 14,400 * 384 * 384 * 27 = 114,661,785,600 FLOPs per chunk;
// 3,981,696 parameters.

#include <wanmeter/layers/conv_cost.hpp>

namespace wanmeter {

struct conv3d {
  static constexpr std::string_view kind = "conv3d";
  count batch = 1;
  count in_channels = 0;
  count out_channels = 0;
  count in_frames = 0;
  count in_height = 0;
  count in_width = 0;
  count kt = 1, kh = 1, kw = 1;
  count st = 1, sh = 1, sw = 1;
  count pad_t = 0, pad_h = 0, pad_w = 0;
  bool bias = true;
  dtype act = dtype::fp32;
  dtype weight = dtype::fp32;

  [[nodiscard]] constexpr count out_frames() const {
    return detail::conv_out_extent({.in = in_frames, .kernel = kt, .stride = st, .pad = pad_t});
  }
  [[nodiscard]] constexpr count out_height() const {
    return detail::conv_out_extent({.in = in_height, .kernel = kh, .stride = sh, .pad = pad_h});
  }
  [[nodiscard]] constexpr count out_width() const {
    return detail::conv_out_extent({.in = in_width, .kernel = kw, .stride = sw, .pad = pad_w});
  }
  [[nodiscard]] constexpr count kernel_volume() const { return mul(kt, kh, kw); }

  [[nodiscard]] constexpr category cat() const { return category::conv; }
  [[nodiscard]] constexpr metrics cost() const {
    return detail::conv_cost({.out_positions = mul(batch, out_frames(), out_height(), out_width()),
                              .in_elements = mul(batch, in_channels, in_frames, in_height, in_width),
                              .in_channels = in_channels,
                              .kernel_volume = kernel_volume(),
                              .out_channels = out_channels,
                              .bias = bias,
                              .act = act,
                              .weight = weight});
  }
};

} // namespace wanmeter
