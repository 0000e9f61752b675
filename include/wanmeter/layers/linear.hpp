#pragma once
// nn.Linear(in, out, bias) applied to `rows` rows (tokens x batch).
//
//   tensor_flops = 2 * rows * in * out              (one multiply-add per weight per row)
//   vector_flops = rows * out if bias, else 0       (the bias add)
//   parameters   = in * out + (bias ? out : 0)
//   bytes_read   = rows * in * |act| + parameters * |weight|,  bytes_written = rows * out * |act|
//
// Worked example: `blocks.0.self_attn.q` of Wan2.1 T2V-14B at 1280x720x81 (rows = L = 75,600,
// in = out = 5120): 2 * 75,600 * 5120^2 = 3,963,617,280,000 FLOPs; 26,219,520 parameters.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct linear {
  static constexpr std::string_view kind = "linear";
  count rows = 0;
  count in = 0;
  count out = 0;
  bool bias = true;
  category category_ = category::mlp_proj;
  dtype act = dtype::bf16;
  dtype weight = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category_; }
  [[nodiscard]] constexpr count parameters() const { return add(mul(in, out), bias ? out : 0); }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.tensor_flops = mul(2, rows, in, out);
    m.vector_flops = bias ? mul(rows, out) : 0;
    m.parameters = parameters();
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    m.bytes_read = add(mul(rows, in, bytes_of(act)), m.weight_bytes);
    m.bytes_written = mul(rows, out, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
