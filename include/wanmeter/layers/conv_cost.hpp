#pragma once
// The cost shape shared by the convolution primitives (`conv3d`, `conv2d`): a dense convolution
// with groups = 1 is one multiply-add per (output element, input channel, kernel tap).
//
//   tensor_flops  = 2 * out_positions * out_channels * in_channels * kernel_volume
//                   (torch.utils.flop_counter's convolution rule: padded taps count, since the
//                   kernel really multiplies the zeros or cached frames it is given)
//   vector_flops  = out_positions * out_channels if bias (the bias add), else 0
//   parameters    = out_channels * in_channels * kernel_volume + (bias ? out_channels : 0)
//   bytes_read    = in_elements * |act| + parameters * |weight|   (input as the kernel sees it,
//                   after any padding, read once)
//   bytes_written = out_positions * out_channels * |act|
//
// `out_positions` is batch x output spatial(-temporal) positions. Worked example in conv3d.hpp.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter::detail {

[[nodiscard]] constexpr metrics conv_cost(count out_positions, count in_elements, count in_channels,
                                          count kernel_volume, count out_channels, bool bias, dtype act,
                                          dtype weight) {
  metrics m{};
  const count out_elements = mul(out_positions, out_channels);
  m.tensor_flops = mul(2, out_elements, in_channels, kernel_volume);
  m.vector_flops = bias ? out_elements : 0;
  m.parameters = add(mul(out_channels, in_channels, kernel_volume), bias ? out_channels : 0);
  m.weight_bytes = mul(m.parameters, bytes_of(weight));
  m.bytes_read = add(mul(in_elements, bytes_of(act)), m.weight_bytes);
  m.bytes_written = mul(out_elements, bytes_of(act));
  m.activation_bytes = m.bytes_written;
  return m;
}

/// Output extent of one convolution axis: (in + 2 pad - kernel) / stride + 1, or 0 when the
/// padded input is shorter than the kernel (the call does not happen).
[[nodiscard]] constexpr count conv_out_extent(count in, count kernel, count stride, count pad) {
  const count padded = add(in, mul(2, pad));
  if (padded < kernel || stride == 0) return 0;
  return (padded - kernel) / stride + 1;
}

} // namespace wanmeter::detail
