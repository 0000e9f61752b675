#pragma once
// umT5-XXL encoder configuration (Wan2.1 / Wan2.2 `wan/modules/t5.py`, `umt5_xxl(encoder_only=True)`)
// and the element types it runs with.
//
// vocab 256,384; dim 4096; dim_attn 4096 (64 heads x 64); dim_ffn 10,240 (gated GELU-tanh);
// 24 layers; 32 relative-position buckets per layer (shared_pos = False); no biases; prompts are
// padded to exactly text_len = 512 tokens. The T5EncoderModel casts the whole model to bf16 and
// runs without autocast; the softmax runs in fp32.

#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/weight_format.hpp>

namespace wanmeter {

struct t5_encoder_arch {
  count vocab = 256'384;
  count dim = 4096;
  count dim_attn = 4096;
  count dim_ffn = 10'240;
  count num_heads = 64;
  count num_layers = 24;
  count num_buckets = 32;
  count text_len = 512; ///< tokens per prompt after max_length padding
  friend constexpr bool operator==(const t5_encoder_arch&, const t5_encoder_arch&) = default;

  [[nodiscard]] constexpr count head_dim() const { return dim_attn / num_heads; }
};

inline constexpr t5_encoder_arch umt5_xxl{};

/// Element types of the text encoder (T5EncoderModel(dtype=torch.bfloat16)).
struct t5_execution {
  dtype weight = dtype::bf16;
  dtype act = dtype::bf16;
  dtype softmax = dtype::fp32; ///< F.softmax(attn.float())
  /// Quantised storage of the Linears (`--t5-weight-dtype`; umT5-XXL fp8/int8 checkpoints, as
  /// LightX2V's `t5_quantized`): the embedding and norms stay in `weight`.
  weight_quant quant = weight_quant::none;
  bool quant_gemm = false; ///< fp8 GEMMs (the GPU has FP8 tensor cores)
  friend constexpr bool operator==(const t5_execution&, const t5_execution&) = default;
};

} // namespace wanmeter
