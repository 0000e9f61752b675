#pragma once
// The cost shape shared by element-wise primitives: `ops` vector FLOPs and `sfu` transcendental
// evaluations per element, `inputs` tensors of `elements` elements read and one written, all in
// dtype `act`. Each primitive states its own per-element counts next to its definition.

#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/metrics.hpp>

namespace wanmeter::detail {

/// What an element-wise kernel does, per element, over `elements` elements.
struct elementwise_shape {
  count elements = 0;
  count ops = 1;    ///< vector FLOPs per element
  count sfu = 0;    ///< transcendentals per element
  count inputs = 1; ///< full-size tensors read
  dtype act = dtype::fp32;
};

[[nodiscard]] constexpr metrics elementwise_cost(const elementwise_shape& s) {
  metrics m{};
  m.vector_flops = mul(s.elements, s.ops);
  m.sfu_ops = mul(s.elements, s.sfu);
  m.bytes_read = mul(s.elements, s.inputs, bytes_of(s.act));
  m.bytes_written = mul(s.elements, bytes_of(s.act));
  m.activation_bytes = m.bytes_written;
  return m;
}

} // namespace wanmeter::detail
