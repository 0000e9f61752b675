#pragma once
// What step caching (--cache-skip: TeaCache, MagCache) adds to a DiT forward, as TeaCache4Wan2.1
// (ali-vilab/TeaCache `teacache_generate.py`, `teacache_forward`) executes it. Every forward,
// computed or skipped, runs the embeddings (patch, time + time projection in fp32, text, and the
// CLIP `img_emb` of I2V/FLF2V), then the cache's test on the modulated input (`e`, [n_t, D] fp32:
// the default; `e0` with --use_ret_steps), kept for the next forward of the same branch
// (conditional and unconditional forwards keep their own):
//
//   rel = ((e - previous).abs().mean() / previous.abs().mean()).cpu().item()   `test`
//   previous = e.clone()                                                       `keep_input`
//
// A computed forward saves x before the blocks and stores the blocks' residual after them:
//   ori_x = x.clone()                    `save_x`        x: the bf16 patch embedding
//   previous_residual = x - ori_x        `cache_store`   fp32 stream - bf16 -> fp32
// A skipped forward adds the stored residual instead of running the blocks:
//   x += previous_residual               `cache_apply`   in place: x stays bf16
// and both run the head and unpatchify (the skipped forward's head normalises a bf16 x:
// layers/layer_norm.hpp `input`). Under sequence parallelism x is the rank's chunk (the same
// rows as the blocks'); e is whole on every rank (models/wan/dit.hpp).
//
// `test` over E = n_t x D fp32 elements (the five full-size kernels, then the scalar division
// and its copy to the host, which also synchronises the host with the device):
//   vector_flops = 5 E + 1                  (subtract, abs, mean, abs, mean; divide)
//   bytes_read   = (6 E + 3) x 4            (2 E, E, E, E, E; 2 scalars; 1 scalar to the host)
//   bytes_written = (3 E + 3) x 4           (3 E-sized results; 2 means and the ratio)
// Worked example: Wan2.1 T2V-14B (n_t = B = 1, D = 5120): 25,601 FLOPs, 122,892 B read,
// 61,452 B written per forward. Wan2.2 (a timestep per token, n_t = B L) makes it a full-size
// pass: 387,072,000 elements at A14B 1280x720x81.
//
// Not modelled: the test is skipped on the first and last step's forwards (TeaCache's
// `ret_steps` and `cutoff_steps`, where only `keep_input` runs); the model charges it on every
// forward of the run (at most 2 steps x 2 forwards per expert, each a few kernels on [n_t, D]).
// MagCache (Zehong-Ma/MagCache `magcache_generate.py`) has the same structure (residual saved,
// stored, added back) with a test read from precomputed magnitude ratios, which costs nothing
// on the device: the model follows TeaCache's test for both.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/copy.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

/// TeaCache's relative L1 distance between the modulated input and the previous forward's (see
/// the header comment): `rows` x `dim` elements in `act` (fp32).
struct rel_l1_test {
  static constexpr std::string_view kind = "rel_l1_test";
  count rows = 0;
  count dim = 0;
  dtype act = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    const count e = mul(rows, dim);
    const count a = bytes_of(act);
    metrics m{};
    m.vector_flops = add(mul(5, e), 1);
    m.bytes_read = mul(add(mul(6, e), 3), a);
    m.bytes_written = mul(add(mul(3, e), 3), a);
    m.activation_bytes = mul(e, a);
    return m;
  }
};

/// The cache's work before the blocks: the test, the kept input and (computed forwards) the
/// saved x.
struct step_cache {
  static constexpr std::string_view kind = "step_cache";
  rel_l1_test test;
  copy keep_input;          ///< previous = e.clone()
  optional_node<copy> save_x; ///< ori_x = x.clone() (computed forwards only)

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"test", test}, named{"keep_input", keep_input}, named{"save_x", save_x});
  }
};

/// The cache's work of one forward on architecture width `dim`: time rows `time_rows` (n_t, in
/// `time` dtype), x rows `x_rows` (the rank's tokens) in `x_dtype`; `computed`: the forward runs
/// the blocks (and saves x).
[[nodiscard]] constexpr step_cache make_step_cache(count time_rows, count x_rows, count dim, dtype time,
                                                   dtype x_dtype, bool computed) {
  const count e = mul(time_rows, dim);
  return step_cache{.test = rel_l1_test{.rows = time_rows, .dim = dim, .act = time},
                    .keep_input = copy{.elements = e, .in = time, .out = time},
                    .save_x = {copy{.elements = mul(x_rows, dim), .in = x_dtype, .out = x_dtype}, computed}};
}

} // namespace wanmeter
