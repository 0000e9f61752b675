#pragma once
// Execution models: how a layer's memory traffic is counted.
//
// * eager: what the official PyTorch code does, kernel by kernel and dtype by dtype: autocast
//   re-casts fp32 weights and fp32 inputs to bf16 at every Linear call (no cast cache, since
//   requires_grad is False), norms run in fp32 with `.float()` / `.type_as()` round trips, RoPE in
//   float64 with `cat`/`stack` copies, residual adds promote to fp32. Each primitive documents its
//   eager chain.
// * fused: an ideal implementation: weights read once in their storage dtype, bf16 activations,
//   norm + modulate in one pass, q/k RMSNorm and RoPE in the attention prologue, activation
//   functions and residual adds in GEMM epilogues, FlashAttention I/O.

namespace wanmeter {

enum class exec_model : unsigned char { eager, fused };

} // namespace wanmeter
