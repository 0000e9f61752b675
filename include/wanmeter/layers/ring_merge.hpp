#pragma once
// Ring attention's merge of partial outputs (pseudo-node `ring_merge`): with the keys and values
// split in r chunks passed around the ring, each rank's flash-attention runs r times and yields r
// partial outputs with their log-sum-exp; they are merged into an fp32 accumulator one by one.
// In the official Wan2.1 multi-GPU code (xDiT's ring loop, which calls yunchang
// ring/utils.py `update_out_and_lse` after every step's flash-attention) each merge is
//   out = out - sigmoid(block_lse - lse) * (out - block_out.to(float32))
// one TorchScript function whose element-wise ops fuse into one kernel, a separate kernel from
// the flash-attention. The first step's fp32 copy of its output and the final cast back to bf16
// are the two passes the eager attention core already counts around its output
// (layers/attention_core.hpp), so `merges` = r - 1.
//
//   elements     = merges x rows x dim          (rows: the rank's queries; dim: its heads x head_dim)
//   vector_flops = 3 x elements                 (sub, mul, sub; the log-sum-exp update is per
//                                                (query, head), 1/head_dim of this, not counted)
//   bytes read   = elements x (4 + |act|)       (the fp32 accumulator and the step's output)
//   bytes written= elements x 4                 (the fp32 accumulator)
//
// Worked example: Wan2.1 T2V-1.3B 832x480 on ring 8 (12 heads of 128, 4,095 queries per rank):
// 7 x 4,095 x 1,536 = 44,029,440 elements -> 132,088,320 vector FLOPs, 264,176,640 B read,
// 176,117,760 B written per block forward.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/tree.hpp>

#include <string_view>

namespace wanmeter {

struct ring_merge {
  static constexpr std::string_view kind = "ring_merge";
  count merges = 0; ///< ring degree - 1
  count rows = 0;   ///< batch x the rank's queries
  count dim = 0;    ///< the rank's heads x head_dim
  dtype act = dtype::bf16; ///< dtype of each step's flash-attention output

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    const count elements = mul(merges, rows, dim);
    const count acc = bytes_of(dtype::fp32);
    metrics m{};
    m.vector_flops = mul(3, elements);
    m.bytes_read = mul(elements, add(acc, bytes_of(act)));
    m.bytes_written = mul(elements, acc);
    m.activation_bytes = merges == 0 ? 0 : mul(rows, dim, acc); // the fp32 accumulator
    return m;
  }
};

} // namespace wanmeter
