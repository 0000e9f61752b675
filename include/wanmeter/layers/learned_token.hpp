#pragma once
// A learned token prepended to a sequence with torch.cat (CLIP's `cls_embedding`, [1, 1, dim]
// expanded over the batch): no arithmetic; it holds `dim` parameters and materialises the longer
// sequence.
//
//   vector_flops = 0,  parameters = dim
//   bytes_read    = batch * seq_len * dim * |act| + dim * |weight|
//   bytes_written = batch * (seq_len + 1) * dim * |act|
//
// Worked example: `visual.cls_embedding` of the CLIP ViT-H/14 on one image (256 patch tokens,
// width 1280, fp16): 1,280 parameters; reads 655,360 + 2,560 bytes, writes 657,920 bytes.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct learned_token {
  static constexpr std::string_view kind = "learned_token";
  count batch = 1;
  count seq_len = 0; ///< tokens before the concatenation
  count dim = 0;
  dtype act = dtype::fp16;
  dtype weight = dtype::fp16;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.parameters = dim;
    m.weight_bytes = mul(dim, bytes_of(weight));
    m.bytes_read = add(mul(batch, seq_len, dim, bytes_of(act)), m.weight_bytes);
    m.bytes_written = mul(batch, add(seq_len, 1), dim, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
