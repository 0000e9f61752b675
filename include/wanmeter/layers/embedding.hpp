#pragma once
// nn.Embedding(num, dim) looked up for `rows` indices (umT5's `token_embedding`): a gather,
// no arithmetic. Only the gathered rows of the table are read.
//
//   vector_flops = 0,  parameters = num * dim
//   bytes_read   = rows * 8 (int64 ids) + rows * dim * |weight|
//   bytes_written = rows * dim * |act|
//
// Worked example: umT5-XXL `token_embedding` on 512 tokens: 256,384 x 4096 = 1,050,148,864
// parameters (2,100,297,728 bytes in bf16); reads 4,096 + 4,194,304 bytes, writes 4,194,304.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct embedding {
  static constexpr std::string_view kind = "embedding";
  count rows = 0; ///< indices looked up (batch x tokens)
  count num = 0;  ///< table rows (vocabulary)
  count dim = 0;
  dtype act = dtype::bf16;
  dtype weight = dtype::bf16;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.parameters = mul(num, dim);
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    m.bytes_read = add(mul(rows, 8), mul(rows, dim, bytes_of(weight)));
    m.bytes_written = mul(rows, dim, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
