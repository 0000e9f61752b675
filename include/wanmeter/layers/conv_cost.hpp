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

/// One dense convolution call, by the quantities of the formulas above.
struct conv_shape {
  count out_positions = 0;
  count in_elements = 0;
  count in_channels = 0;
  count kernel_volume = 1;
  count out_channels = 0;
  bool bias = true;
  dtype act = dtype::fp32;
  dtype weight = dtype::fp32;
};

[[nodiscard]] constexpr metrics conv_cost(const conv_shape& c) {
  metrics m{};
  const count out_elements = mul(c.out_positions, c.out_channels);
  m.tensor_flops = mul(2, out_elements, c.in_channels, c.kernel_volume);
  m.vector_flops = c.bias ? out_elements : 0;
  m.parameters = add(mul(c.out_channels, c.in_channels, c.kernel_volume), c.bias ? c.out_channels : 0);
  m.weight_bytes = mul(m.parameters, bytes_of(c.weight));
  m.bytes_read = add(mul(c.in_elements, bytes_of(c.act)), m.weight_bytes);
  m.bytes_written = mul(out_elements, bytes_of(c.act));
  m.activation_bytes = m.bytes_written;
  return m;
}

/// One axis of a convolution: input extent, kernel, stride and padding on each side.
struct conv_axis {
  count in = 0;
  count kernel = 1;
  count stride = 1;
  count pad = 0;
};

/// Output extent of one convolution axis: (in + 2 pad - kernel) / stride + 1, or 0 when the
/// padded input is shorter than the kernel (the call does not happen).
[[nodiscard]] constexpr count conv_out_extent(const conv_axis& a) {
  const count padded = add(a.in, mul(2, a.pad));
  if (padded < a.kernel || a.stride == 0) return 0;
  return (padded - a.kernel) / a.stride + 1;
}

} // namespace wanmeter::detail
