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
// Quantised weights (`quant`, core/weight_format.hpp): the matrix is stored as
// `quantised_bytes(quant, out, in)` and the bias in `weight`. Two paths:
//   dequantise (GGUF, int8, fp8 without `quant_gemm`): read the stored matrix, write its bf16 copy
//     (P x 2 B), the bf16 GEMM reads the copy (P x 2 B); dequant_ops(quant) x P vector FLOPs.
//   fp8 GEMM (`quant_gemm`, fp8 on a GPU with FP8 tensor cores, as LightX2V's fp8 scheme and
//     torchao's float8 dynamic quantisation run it): the input is quantised per token (read rows x
//     in x |act|, write rows x in x 1 B + rows x 4 B scales; 2 FLOP per element: |x| max and the
//     scale), the GEMM reads the fp8 input and the stored matrix and runs at the FP8 tensor rate
//     (`tensor_dtype`).
//   Example: the q projection of Wan2.1 14B at 720p in q8_0: 27,852,800 B stored + 10,240 B bias;
//   bytes read per call 27,852,800 + 52,428,800 + activations.
//
// Worked example: `blocks.0.self_attn.q` of Wan2.1 T2V-14B at 1280x720x81 (rows = L = 75,600,
// in = out = 5120): 2 * 75,600 * 5120^2 = 3,963,617,280,000 FLOPs; 26,219,520 parameters.

#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/weight_format.hpp>
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
  weight_quant quant = weight_quant::none; ///< quantised storage of the matrix (the bias stays in `weight`)
  bool quant_gemm = false;                 ///< fp8: the GEMM runs in fp8 (else dequantised to bf16)

  [[nodiscard]] constexpr category cat() const { return category_; }
  /// The dtype whose tensor rate the GEMM runs at: fp8 for an fp8 GEMM, else `act`.
  [[nodiscard]] constexpr dtype tensor_dtype() const {
    return quant == weight_quant::fp8 && quant_gemm ? dtype::fp8 : act;
  }
  [[nodiscard]] constexpr count parameters() const { return add(mul(in, out), bias ? out : 0); }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.tensor_flops = mul(2, rows, in, out);
    m.vector_flops = bias ? mul(rows, out) : 0;
    m.parameters = parameters();
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    if (quant != weight_quant::none) m.weight_bytes = add(quantised_bytes(quant, out, in), bias ? mul(out, bytes_of(weight)) : 0);
    const bool eager = mode == exec_model::eager;
    const count c = bytes_of(act);
    const count x = mul(rows, in);
    m.bytes_read = m.weight_bytes;
    m.bytes_written = mul(rows, out, c);
    if (eager && weight != act && quant == weight_quant::none) { // cast the weight, then the GEMM reads the copy
      m.bytes_written = add(m.bytes_written, mul(m.parameters, c));
      m.bytes_read = add(m.bytes_read, mul(m.parameters, c));
    }
    if (eager && input != act) { // cast the input, then the GEMM reads the copy
      m.bytes_read = add(m.bytes_read, mul(x, bytes_of(input)), mul(x, c));
      m.bytes_written = add(m.bytes_written, mul(x, c));
    } else {
      m.bytes_read = add(m.bytes_read, mul(x, c));
    }
    if (quant != weight_quant::none) add_quantised(m, x);
    m.activation_bytes = m.bytes_written;
    return m;
  }

private:
  /// The dequantisation or fp8-GEMM traffic on top of the stored bytes (already in bytes_read).
  constexpr void add_quantised(metrics& m, count x) const {
    const count p = mul(in, out);
    if (quant == weight_quant::fp8 && quant_gemm) {
      // per-token quantisation of the input: it reads the x |act| bytes counted above (once,
      // instead of the GEMM) and writes x fp8 + rows fp32 scales, which the GEMM reads.
      m.bytes_read = add(m.bytes_read, x, mul(rows, 4));
      m.bytes_written = add(m.bytes_written, x, mul(rows, 4));
      m.vector_flops = add(m.vector_flops, mul(2, x));
      return;
    }
    m.bytes_written = add(m.bytes_written, mul(p, 2));
    m.bytes_read = add(m.bytes_read, mul(p, 2));
    m.vector_flops = add(m.vector_flops, mul(p, dequant_ops(quant)));
  }
};

} // namespace wanmeter
