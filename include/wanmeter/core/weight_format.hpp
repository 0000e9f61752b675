#pragma once
// Quantised weight formats of the large matrices (the DiT's block Linears, the text encoder's
// Linears): bytes per tensor including the scales, and the dequantisation work. A format is
// distinct from the activation dtype (core/dtype.hpp): its bits per weight can be fractional, so
// each format is an exact block rule (weights per block, bytes per block) and a tensor's bytes are
// an integer rounded up per tensor.
//
// | format | storage (per out x in matrix)                      | bits/weight | GEMM                    |
// |--------|----------------------------------------------------|-------------|-------------------------|
// | none   | the unquantised dtype (fp32 / bf16)                | 32 / 16     | bf16 (autocast)         |
// | fp8    | e4m3 + one fp32 scale per output channel           | 8 + 32/in   | fp8 x fp8 where the GPU has FP8 tensor cores (Ada, Hopper, Blackwell), activations quantised per token on the fly; elsewhere dequantised to bf16 |
// | int8   | int8 + one fp32 scale per output channel (weight-only) | 8 + 32/in | dequantised to bf16, bf16 GEMM |
// | q8_0   | GGUF Q8_0: blocks of 32 = fp16 scale + 32 int8 = 34 B | 8.5     | dequantised to bf16     |
// | q6_k   | GGUF Q6_K: super-blocks of 256 = 210 B             | 6.5625      | dequantised to bf16     |
// | q5_k_m | GGUF Q5_K: super-blocks of 256 = 176 B             | 5.5         | dequantised to bf16     |
// | q4_k_m | GGUF Q4_K: super-blocks of 256 = 144 B             | 4.5         | dequantised to bf16     |
//
// fp8 scales: LightX2V's fp8 schemes (sgl / vllm `scaled_mm` kernels) quantise weights per output
// channel and activations per token; torchao's float8 dynamic quantisation defaults to one scale
// per tensor (PerTensor) and offers per row (PerRow). We count one fp32 scale per output channel:
// per tensor it would be 4 B per matrix instead of 4 x out (20 KiB of a 26 MB 5120 x 5120 matrix).
//
// GGUF block sizes: ggml's `block_q8_0` {ggml_half d; int8_t qs[32]} = 34 B; `block_q6_K`
// {uint8 ql[128], qh[64]; int8 scales[16]; ggml_half d} = 210 B; `block_q5_K` {half d, dmin;
// uint8 scales[12], qh[32], qs[128]} = 176 B; `block_q4_K` {half d, dmin; uint8 scales[12],
// qs[128]} = 144 B (ggml-common.h). Blocks run along a row (the `in` dimension); every Wan row
// length (1536, 3072, 4096, 5120, 8960, 13824, 14336) is a multiple of 256.
//
// The `_m` mixes: llama.cpp's Q4_K_M / Q5_K_M raise `attn_v` and `ffn_down` to Q6_K on some layers,
// matching tensors by llama.cpp's LLM names; Wan's keys (`blocks.N.self_attn.v.weight`,
// `blocks.N.ffn.2.weight`) are not among them, so the mix rule does not fire on Wan and every
// quantised Wan matrix is Q4_K / Q5_K. This is our reading of the converter's name matching
// (city96/ComfyUI-GGUF tools/lcpp.patch); a converter version that maps Wan's names would make a
// few matrices Q6_K (at most 1/3 of v and ffn.2: under +3% of the bytes).
// Which tensors stay unquantised: city96's convert.py keeps every 1-D tensor (norms, biases,
// modulation rows) and the `time_embedding.` weights in F32; we keep everything outside the blocks'
// Linears (patch and text embeddings, time MLP and projection, head, image projection) at the run's
// dense weight dtype, and biases, norms and modulation too. The blocks' Linears are > 97% of the
// DiT's parameters (14B: 13.2e9 of 14.3e9).
//
// Dequantisation (GGUF in ComfyUI-GGUF `dequant.py`, weight-only int8, fp8 on a GPU without FP8):
// each forward, each quantised matrix is read, expanded to bf16 (written, P x 2 B) and the bf16
// GEMM reads that copy (P x 2 B); the arithmetic per weight is `dequant_ops` FLOP on the CUDA
// cores (q8_0, int8, fp8: scale x q; K-quants: d x sc x q - dmin x m, two).
//
// Worked example: a 5120 x 5120 q projection of Wan2.1 14B in q4_k_m: 5120 x 20 super-blocks x
// 144 B = 14,745,600 B (4.5 bits per weight), against 52,428,800 B in bf16.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/enum_names.hpp>

#include <string_view>

namespace wanmeter {

enum class weight_quant : unsigned char { none, fp8, int8, q8_0, q6_k, q5_k_m, q4_k_m };

inline constexpr enum_names<weight_quant, 7> weight_quant_names{{{{weight_quant::none, "none"},
                                                                  {weight_quant::fp8, "fp8"},
                                                                  {weight_quant::int8, "int8"},
                                                                  {weight_quant::q8_0, "q8_0"},
                                                                  {weight_quant::q6_k, "q6_k"},
                                                                  {weight_quant::q5_k_m, "q5_k_m"},
                                                                  {weight_quant::q4_k_m, "q4_k_m"}}}};

[[nodiscard]] constexpr std::string_view name_of(weight_quant q) { return weight_quant_names.name(q); }

/// A block rule: `bytes` per `weights` consecutive weights of a row (rounded up per row).
struct quant_block {
  count weights = 1;
  count bytes = 0;
  count row_scale_bytes = 0; ///< per-output-channel scale bytes (fp8, int8: one fp32)
};

/// The block rule of `q` (`none` has none: weights = 1, bytes = 0).
[[nodiscard]] constexpr quant_block block_of(weight_quant q) {
  switch (q) {
  case weight_quant::none: return {1, 0, 0};
  case weight_quant::fp8: return {1, 1, 4};
  case weight_quant::int8: return {1, 1, 4};
  case weight_quant::q8_0: return {32, 34, 0};
  case weight_quant::q6_k: return {256, 210, 0};
  case weight_quant::q5_k_m: return {256, 176, 0};
  case weight_quant::q4_k_m: return {256, 144, 0};
  }
  return {1, 0, 0};
}

/// Bytes of an `out` x `in` matrix in format `q` (not `none`), scales included.
/// Example: q8_0, 5120 x 5120: 5120 x 160 x 34 = 27,852,800 B.
[[nodiscard]] constexpr count quantised_bytes(weight_quant q, count out, count in) {
  const quant_block b = block_of(q);
  return mul(out, add(mul(ceil_div(in, b.weights), b.bytes), b.row_scale_bytes));
}

/// FLOP per weight to dequantise `q` to bf16 (0 for `none`).
[[nodiscard]] constexpr count dequant_ops(weight_quant q) {
  switch (q) {
  case weight_quant::none: return 0;
  case weight_quant::fp8:
  case weight_quant::int8:
  case weight_quant::q8_0: return 1;
  case weight_quant::q6_k:
  case weight_quant::q5_k_m:
  case weight_quant::q4_k_m: return 2;
  }
  return 0;
}

/// True when the format changes the model's output (every quantisation does).
[[nodiscard]] constexpr bool lossy(weight_quant q) { return q != weight_quant::none; }

} // namespace wanmeter
