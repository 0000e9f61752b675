#pragma once
// The cost shape shared by element-wise primitives: `ops` vector FLOPs and `sfu` transcendental
// evaluations per element, `inputs` tensors of `elements` elements read and one written, all in
// dtype `act`. Each primitive states its own per-element counts next to its definition.

#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/metrics.hpp>

namespace wanmeter::detail {

[[nodiscard]] constexpr metrics elementwise_cost(count elements, count ops, count sfu, count inputs,
                                                 dtype act) {
  metrics m{};
  m.vector_flops = mul(elements, ops);
  m.sfu_ops = mul(elements, sfu);
  m.bytes_read = mul(elements, inputs, bytes_of(act));
  m.bytes_written = mul(elements, bytes_of(act));
  m.activation_bytes = m.bytes_written;
  return m;
}

} // namespace wanmeter::detail
