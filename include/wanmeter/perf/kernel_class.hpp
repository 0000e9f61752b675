#pragma once
// Kernel class of a leaf: which kind of GPU kernel runs it, from the leaf's `kind` and category.
// It selects the calibrated efficiency (perf/efficiency.hpp) and, with the leaf's dtype, the peak
// rate its tensor FLOPs run at (perf/roofline.hpp).
//
// | class       | leaves                                                    | runs as                  |
// |-------------|-----------------------------------------------------------|--------------------------|
// | gemm        | kind "linear"; "einsum_attention" (T5's eager attention: two batched GEMMs with the scores in memory); a conv flagged as a GEMM (the DiT patch embedding: kernel == stride) | cuBLAS |
// | attention   | any other category attention_core (the fused FlashAttention core) | FlashAttention  |
// | convolution | category conv (the VAEs' 3x3x3 causal Conv3d, CLIP's patch Conv2d) | cuDNN            |
// | elementwise | everything else: norms, activations, RoPE, modulation, residuals, copies | eager kernels |
//
// The patch embedding and the VAE convolutions share kind "conv3d", so a conv that is really a
// GEMM says so itself (`patch_conv3d::conv_as_gemm`, read by perf/roofline.hpp `describe`);
// either way it is a cuDNN call and follows the cuDNN TF32 switch (`runs_on_cudnn`).
//
// Example: `blocks.0.self_attn.q` (kind "linear", attention_proj) is gemm;
// `blocks.0.self_attn.attn_core` is attention; `blocks.0.norm1` (layer_norm) is elementwise.

#include <wanmeter/core/tree.hpp>

#include <string_view>

namespace wanmeter {

enum class kernel_class : unsigned char { gemm, attention, elementwise, convolution };

[[nodiscard]] constexpr std::string_view name_of(kernel_class k) {
  switch (k) {
  case kernel_class::gemm: return "gemm";
  case kernel_class::attention: return "attention";
  case kernel_class::elementwise: return "elementwise";
  case kernel_class::convolution: return "convolution";
  }
  return "?";
}

/// The kernel class of a leaf of kind `kind` in category `cat`; `conv_as_gemm` marks a
/// convolution whose kernel equals its stride (a Linear over patches).
[[nodiscard]] constexpr kernel_class kernel_class_of(std::string_view kind, category cat, bool conv_as_gemm = false) {
  if (kind == "linear" || kind == "einsum_attention") return kernel_class::gemm;
  if (cat == category::attention_core) return kernel_class::attention;
  if (cat == category::conv) return conv_as_gemm ? kernel_class::gemm : kernel_class::convolution;
  return kernel_class::elementwise;
}

/// True when the kernel is a cuDNN convolution, whose FP32 inputs follow
/// `torch.backends.cudnn.allow_tf32` (default true) instead of the matmul flag (default false).
[[nodiscard]] constexpr bool runs_on_cudnn(category cat) { return cat == category::conv; }

} // namespace wanmeter
