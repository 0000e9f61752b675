#pragma once
// Element types the DiT runs with. The defaults are what the official code does (reference
// section 2.5): fp32 weights, bf16 GEMM and attention activations under autocast, an fp32
// residual stream, norms and modulation, float64 RoPE, and fp32 time embedding and head.

#include <wanmeter/core/dtype.hpp>

namespace wanmeter {

struct dit_execution {
  dtype weight = dtype::fp32;   ///< parameter storage (fp32 checkpoints; bf16 with convert_model_dtype)
  dtype gemm = dtype::bf16;     ///< inputs/outputs of Linear, conv and attention under autocast
  dtype stream = dtype::fp32;   ///< residual stream, norms, modulation
  dtype rope = dtype::fp64;     ///< rotary embedding arithmetic
  dtype time = dtype::fp32;     ///< time embedding, time projection, head (autocast fp32)
  friend constexpr bool operator==(const dit_execution&, const dit_execution&) = default;
};

} // namespace wanmeter
