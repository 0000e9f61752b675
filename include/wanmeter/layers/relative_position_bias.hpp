#pragma once
// T5's `T5RelativeEmbedding(num_buckets, num_heads, bidirectional)` called for (q_len, kv_len):
// computes the bucket of every (i, j) offset on the fly, then gathers a [1, heads, q_len, kv_len]
// bias from the [num_buckets, heads] table.
//
// Bucket arithmetic per (i, j) (bidirectional): j - i 1, (> 0) 1, x half-buckets 1, abs 1,
// float / max_exact 1, log 1, / log(max_dist / max_exact) 1, x (buckets - max_exact) 1,
// + max_exact 1, min 1, (< max_exact) 1, where 1, + 1 = 13 vector FLOPs, 1 SFU op (the log).
//   vector_flops = 13 * q_len * kv_len,  sfu_ops = q_len * kv_len
//   parameters   = num_buckets * heads
//   bytes_read   = parameters * |weight| (the table),  bytes_written = heads * q_len * kv_len * |act|
//
// Worked example: `blocks.0.pos_embedding` of umT5-XXL (32 buckets, 64 heads) on 512 tokens:
// 13 * 262,144 = 3,407,872 vector FLOPs, 262,144 SFU ops, 2,048 parameters; writes
// 64 * 262,144 * 2 = 33,554,432 bytes (bf16).

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct relative_position_bias {
  static constexpr std::string_view kind = "relative_position_bias";
  count q_len = 0;
  count kv_len = 0;
  count num_buckets = 32;
  count heads = 0;
  dtype act = dtype::bf16;
  dtype weight = dtype::bf16;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    const count pairs = mul(q_len, kv_len);
    metrics m{};
    m.vector_flops = mul(13, pairs);
    m.sfu_ops = pairs;
    m.parameters = mul(num_buckets, heads);
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    m.bytes_read = m.weight_bytes;
    m.bytes_written = mul(heads, pairs, bytes_of(act));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
