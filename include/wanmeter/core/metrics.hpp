#pragma once
// The metrics record: what one call of a node costs. Every field is an exact unsigned count.
//
// | field            | unit   | meaning                                                        |
// |------------------|--------|----------------------------------------------------------------|
// | tensor_flops     | FLOP   | matmul / convolution work, 2 per multiply-add (torch's counter) |
// | vector_flops     | FLOP   | every other arithmetic op (bias, norms, softmax, activations)  |
// | sfu_ops          | op     | transcendentals (exp, tanh, rsqrt, sin/cos); also in vector     |
// | bytes_read       | byte   | device-memory reads under the execution model                  |
// | bytes_written    | byte   | device-memory writes under the execution model                 |
// | weight_bytes     | byte   | parameter bytes the node holds (weight dtype)                  |
// | activation_bytes | byte   | bytes of the node's outputs                                    |
// | parameters       | param  | number of learned parameters the node holds                    |
//
// Work fields (the first five) scale with the number of calls; footprints (the last three) do not.
// Addition is field-wise and checked; `scaled_work` multiplies only the work fields;
// `repeated` multiplies all fields (N identical children held side by side).

#include <wanmeter/core/checked.hpp>

#include <boost/hana/accessors.hpp>
#include <boost/hana/adapt_struct.hpp>
#include <boost/hana/length.hpp>

#include <cstddef>

namespace wanmeter {

struct metrics {
  count tensor_flops = 0;
  count vector_flops = 0;
  count sfu_ops = 0;
  count bytes_read = 0;
  count bytes_written = 0;
  count weight_bytes = 0;
  count activation_bytes = 0;
  count parameters = 0;

  friend constexpr bool operator==(const metrics&, const metrics&) = default;

  constexpr metrics& operator+=(const metrics& o) {
    tensor_flops = checked_add(tensor_flops, o.tensor_flops);
    vector_flops = checked_add(vector_flops, o.vector_flops);
    sfu_ops = checked_add(sfu_ops, o.sfu_ops);
    bytes_read = checked_add(bytes_read, o.bytes_read);
    bytes_written = checked_add(bytes_written, o.bytes_written);
    weight_bytes = checked_add(weight_bytes, o.weight_bytes);
    activation_bytes = checked_add(activation_bytes, o.activation_bytes);
    parameters = checked_add(parameters, o.parameters);
    return *this;
  }
  friend constexpr metrics operator+(metrics a, const metrics& b) { return a += b; }

  /// Total device-memory traffic.
  [[nodiscard]] constexpr count bytes() const { return checked_add(bytes_read, bytes_written); }
};

/// Work of `calls` calls: work fields x calls, footprints unchanged (weights are held once).
[[nodiscard]] constexpr metrics scaled_work(metrics m, count calls) {
  m.tensor_flops = checked_mul(m.tensor_flops, calls);
  m.vector_flops = checked_mul(m.vector_flops, calls);
  m.sfu_ops = checked_mul(m.sfu_ops, calls);
  m.bytes_read = checked_mul(m.bytes_read, calls);
  m.bytes_written = checked_mul(m.bytes_written, calls);
  return m;
}

/// `n` identical nodes side by side (e.g. 40 DiT blocks): every field x n.
[[nodiscard]] constexpr metrics repeated(metrics m, count n) {
  m = scaled_work(m, n);
  m.weight_bytes = checked_mul(m.weight_bytes, n);
  m.activation_bytes = checked_mul(m.activation_bytes, n);
  m.parameters = checked_mul(m.parameters, n);
  return m;
}

} // namespace wanmeter

// Field reflection: code that iterates the fields with hana::accessors (the cost-table fit of
// models/wan/dit_cost_model.hpp) follows a new field by itself. `operator+=`, `scaled_work` and
// `repeated` above, and `chunked<L>::cost` (models/vae/chunked.hpp), must know whether a field
// is work or a footprint, so they list the fields by hand: the static_assert below stops the
// build until they, and this count, are updated with a new field.
BOOST_HANA_ADAPT_STRUCT(wanmeter::metrics, tensor_flops, vector_flops, sfu_ops, bytes_read,
                        bytes_written, weight_bytes, activation_bytes, parameters);

namespace wanmeter {
/// Number of fields of `metrics` (8), from the reflection above.
inline constexpr std::size_t metrics_field_count =
    decltype(boost::hana::length(boost::hana::accessors<metrics>()))::value;
static_assert(metrics_field_count == 8, "wanmeter: a metrics field was added or removed: update operator+=, "
                                        "scaled_work, repeated and chunked<L>::cost, then this count");
} // namespace wanmeter
