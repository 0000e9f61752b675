#pragma once
// nn.Linear(in, out, bias) applied to `rows` rows (tokens x batch).
//
//   tensor_flops = 2 * rows * in * out              (one multiply-add per weight per row)
//   vector_flops = rows * out if bias, else 0       (the bias add)
//   parameters   = in * out + (bias ? out : 0)
//   fused: bytes_read = rows * in * |act| + parameters * |weight|, bytes_written = rows * out * |act|
//   eager (autocast): a weight whose dtype differs from `act` is cast first (read P |weight|, write
//   P |act|) and the GEMM reads the cast copy (P |act|); an input whose dtype differs is cast the
//   same way (rows * in); the bias add is in the GEMM epilogue.
//   Example: eager q projection of Wan2.1 14B (fp32 weights, fp32 input): weights 4 + 2 + 2 =
//   8 B/param, input 4 + 2 + 2 = 8 B per element read or written, output 2 B per element.
//
// Worked example: `blocks.0.self_attn.q` of Wan2.1 T2V-14B at 1280x720x81 (rows = L = 75,600,
// in = out = 5120): 2 * 75,600 * 5120^2 = 3,963,617,280,000 FLOPs; 26,219,520 parameters.

#include <wanmeter/core/exec_model.hpp>
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
  dtype input = dtype::bf16; ///< dtype of the tensor fed in (cast to `act` under eager autocast)
  exec_model mode = exec_model::eager;

  [[nodiscard]] constexpr category cat() const { return category_; }
  [[nodiscard]] constexpr count parameters() const { return add(mul(in, out), bias ? out : 0); }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.tensor_flops = mul(2, rows, in, out);
    m.vector_flops = bias ? mul(rows, out) : 0;
    m.parameters = parameters();
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    const bool eager = mode == exec_model::eager;
    const count c = bytes_of(act);
    const count x = mul(rows, in);
    m.bytes_read = m.weight_bytes;
    m.bytes_written = mul(rows, out, c);
    if (eager && weight != act) { // cast the weight, then the GEMM reads the copy
      m.bytes_written = add(m.bytes_written, mul(m.parameters, c));
      m.bytes_read = add(m.bytes_read, mul(m.parameters, c));
    }
    if (eager && input != act) { // cast the input, then the GEMM reads the copy
      m.bytes_read = add(m.bytes_read, mul(x, bytes_of(input)), mul(x, c));
      m.bytes_written = add(m.bytes_written, mul(x, c));
    } else {
      m.bytes_read = add(m.bytes_read, mul(x, c));
    }
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
