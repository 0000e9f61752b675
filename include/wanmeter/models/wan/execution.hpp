#pragma once
// How the DiT runs: the execution model (eager or fused, see core/exec_model.hpp) and the
// element types. The defaults are what the official code does: fp32 weights, bf16 GEMM and
// attention activations under autocast (`wan/text2video.py` runs the DiT under
// `amp.autocast(dtype=param_dtype)`, bf16), an fp32 residual stream, norms and modulation
// (`wan/modules/model.py`: `WanRMSNorm` calls `.float()`), float64 RoPE (`rope_apply`), and fp32
// time embedding and head (both under `amp.autocast(dtype=torch.float32)`).
//
// `fused_execution(w)` is the ideal implementation: weights stored in `w` (bf16 by default, fp8
// for an fp8-weight deployment) and read once per forward, bf16 activations and stream, fused
// epilogues.

#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/weight_format.hpp>

namespace wanmeter {

struct dit_execution {
  exec_model mode = exec_model::eager;
  dtype weight = dtype::fp32;   ///< parameter storage (fp32 checkpoints; bf16 with convert_model_dtype)
  dtype gemm = dtype::bf16;     ///< inputs/outputs of Linear, conv and attention under autocast
  dtype stream = dtype::fp32;   ///< residual stream, norms, modulation
  dtype rope = dtype::fp64;     ///< rotary embedding arithmetic
  dtype time = dtype::fp32;     ///< time embedding, time projection, head (autocast fp32)
  /// Quantised storage of the blocks' Linears (core/weight_format.hpp); the other tensors stay in
  /// `weight`. `quant_gemm`: an fp8 format runs fp8 GEMMs (the GPU has FP8 tensor cores).
  weight_quant quant = weight_quant::none;
  bool quant_gemm = false;
  /// Block-sparse self-attention keeps this fraction of the score blocks (1: dense;
  /// layers/attention_core.hpp `kept_blocks`).
  double attention_density = 1.0;
  /// Step caching is on (--cache-skip > 0): every forward runs the cache's test and a computed
  /// forward saves x and stores its residual (models/wan/step_cache.hpp).
  bool step_cache = false;
  friend constexpr bool operator==(const dit_execution&, const dit_execution&) = default;
};

/// The official code's eager execution with weights stored in `weight` (fp32 checkpoints by
/// default; bf16 with Wan2.2's --convert_model_dtype or FSDP's bf16 gathers).
[[nodiscard]] constexpr dit_execution eager_execution(dtype weight = dtype::fp32) {
  return dit_execution{.mode = exec_model::eager, .weight = weight};
}

/// An ideal fused implementation with weights stored in `weight`.
[[nodiscard]] constexpr dit_execution fused_execution(dtype weight = dtype::bf16) {
  return dit_execution{.mode = exec_model::fused, .weight = weight, .gemm = dtype::bf16, .stream = dtype::bf16,
                       .rope = dtype::bf16, .time = dtype::fp32};
}

} // namespace wanmeter
