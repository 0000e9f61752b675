#pragma once
// The Wan VAE `RMS_norm`: F.normalize(x, dim=channels) * sqrt(C) * gamma + bias, over `positions`
// positions (batch x frames x height x width) of `channels` channels. The bias is the Python
// float 0. unless the module was built with bias=True, and the add still runs.
//
// Per element: square 1, sum 1, divide 1, x sqrt(C) 1, x gamma 1, + bias 1 = 6 vector FLOPs;
// per position: sqrt 1 and clamp_min(eps) 1 = 2 vector FLOPs, 1 SFU op (the sqrt).
//   vector_flops = 6 * positions * channels + 2 * positions,  sfu_ops = positions
//   parameters   = channels (gamma) + channels if bias
//   bytes        = x read once, y written once (|act|), gamma read once (|weight|)
//
// Worked example: `decoder.middle.0.residual.0` of the Wan2.1 VAE decoding 1280x720, one latent
// frame (14,400 positions x 384 channels): 6 * 5,529,600 + 28,800 = 33,206,400 vector FLOPs,
// 14,400 SFU ops, 384 parameters.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct channel_rms_norm {
  static constexpr std::string_view kind = "rms_norm_channel";
  count positions = 0;
  count channels = 0;
  bool bias = false;
  dtype act = dtype::fp32;
  dtype weight = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m = detail::elementwise_cost({.elements = mul(positions, channels), .ops = 6, .sfu = 0, .inputs = 1,
                                          .act = act});
    m.vector_flops = add(m.vector_flops, mul(2, positions));
    m.sfu_ops = positions;
    m.parameters = bias ? mul(2, channels) : channels;
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    m.bytes_read = add(m.bytes_read, m.weight_bytes);
    return m;
  }
};

} // namespace wanmeter
