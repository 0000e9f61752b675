#pragma once
// adaLN modulation of the Wan DiT.
//
// `modulation`: the learned table [1, chunks, dim] plus the time projection e0, split into
// `chunks` vectors (6 per block: shift/scale/gate for self-attention and FFN; 2 in the head).
// Wan2.1 has one e0 row per sample (rows = batch); Wan2.2 one per token (rows = batch x L).
//   vector_flops = rows * chunks * dim (the add),  parameters = chunks * dim
//   Example: `blocks.0.modulation` of Wan2.1 T2V-14B: 6 * 5120 = 30,720 FLOPs and parameters.
//
// `modulate`: x * (1 + scale) + shift on [rows, dim], with (1 + scale) formed once per
// modulation row:
//   vector_flops = 2 * rows * dim + mod_rows * dim
//   bytes: eager runs two kernels (multiply, then add) over the fp32 stream: read 2 * rows * dim
//   |act| (+ the shift/scale rows), write 2 * rows * dim |act|; fused: folded into the norm's pass, 0.
//   `input`: the dtype of the normed x (none: `act`); eager's multiply reads it, so a bf16 x
//   (the head of a forward step caching skips) reads rows * dim * |input| there instead.
//   Example: `blocks.0.modulate_sa` of Wan2.1 T2V-14B at 720p: 2 * 75,600 * 5120 + 5120 =
//   774,149,120 FLOPs.

#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

#include <optional>

namespace wanmeter {

struct modulation {
  static constexpr std::string_view kind = "modulation";
  count rows = 1;
  count chunks = 6;
  count dim = 0;
  dtype act = dtype::fp32;
  dtype weight = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m = detail::elementwise_cost({.elements = mul(rows, chunks, dim), .ops = 1, .sfu = 0, .inputs = 1,
                                          .act = act});
    m.parameters = mul(chunks, dim);
    m.weight_bytes = mul(m.parameters, bytes_of(weight));
    m.bytes_read = add(m.bytes_read, m.weight_bytes);
    return m;
  }
};

struct modulate {
  static constexpr std::string_view kind = "modulate";
  count rows = 0;
  count dim = 0;
  count mod_rows = 1; ///< rows of the shift/scale tensors (batch for Wan2.1, tokens for Wan2.2)
  dtype act = dtype::fp32;
  exec_model mode = exec_model::eager;
  std::optional<dtype> input{}; ///< dtype of the normed x, when not `act` (see the header comment)

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m = detail::elementwise_cost({.elements = mul(rows, dim), .ops = 2, .sfu = 0, .inputs = 1, .act = act});
    m.vector_flops = add(m.vector_flops, mul(mod_rows, dim));
    if (mode == exec_model::fused) {
      m.bytes_read = m.bytes_written = m.activation_bytes = 0;
      return m;
    }
    m.bytes_read = add(m.bytes_read, mul(rows, dim, bytes_of(input.value_or(act))), mul(2, mod_rows, dim, bytes_of(act)));
    m.bytes_written = mul(2, m.bytes_written);
    return m;
  }
};

} // namespace wanmeter
