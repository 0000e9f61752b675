#pragma once
// nn.Conv3d with kernel == stride (the DiT patch embedding): each output position reads its own
// disjoint `in_channels * kernel_volume` input block, so it is a Linear over patches.
//
//   tensor_flops = 2 * positions * (in_channels * kernel_volume) * out_channels
//   vector_flops = positions * out_channels (bias)
//   parameters   = in_channels * kernel_volume * out_channels + out_channels
//
// Worked example: `patch_embedding` of Wan2.1 T2V-14B at 720p: positions = L = 75,600,
// in_channels = 16, kernel 1x2x2, out = 5120: 2 * 75,600 * 64 * 5120 = 49,545,216,000 FLOPs;
// 332,800 parameters.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct patch_conv3d {
  static constexpr std::string_view kind = "conv3d";
  /// Kernel == stride: cuDNN runs it as one GEMM, so the roofline times it as a GEMM
  /// (perf/roofline.hpp `describe` reads this property; leaves without it are not GEMMs).
  static constexpr bool conv_as_gemm = true;
  count positions = 0;     ///< output positions (tokens x batch)
  count in_channels = 0;
  count kernel_volume = 0; ///< kt * kh * kw
  count out_channels = 0;
  dtype act = dtype::bf16;
  dtype weight = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::conv; }
  [[nodiscard]] constexpr metrics cost() const {
    const count k = mul(in_channels, kernel_volume);
    metrics m{};
    m.tensor_flops = mul(2, positions, k, out_channels);
    m.vector_flops = mul(positions, out_channels);
    m.parameters = add(mul(k, out_channels), out_channels);
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    m.bytes_read = add(mul(positions, k, bytes_of(act)), m.weight_bytes);
    m.bytes_written = mul(positions, out_channels, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
