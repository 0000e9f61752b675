#pragma once
// Chunked causal execution of the Wan VAEs, and how wanmeter models it.
//
// The official `WanVAE_.encode` runs the encoder on frame 0 alone, then on every following chunk
// of 4 frames; `decode` runs the decoder on one latent frame at a time. Causal caches carry the
// last frames between chunks, so every chunk after the first executes the same shapes ("steady"
// chunks), while the first chunk differs (one frame everywhere; the temporal convs of Resample do
// not run on it).
//
// Module-id scheme: the tree is the *module* tree of the official code, so ids are exactly the
// PyTorch module paths (`encoder.downsamples.5.time_conv`, `decoder.upsamples.0.residual.2`) and
// do not depend on the workload. Each leaf is a `chunked<L>`: the leaf's work in the first chunk
// plus `steady_calls` x its work in a steady chunk, its parameters counted once. A node's metrics
// are therefore "everything this module executes during one encode (or decode) call", and the
// totals equal the real chunk-by-chunk execution. Work fields (FLOPs, SFU ops, bytes) add up over
// the calls; parameters and weight bytes are held once; activation_bytes is the largest single
// call's output.
//
// Worked example: `decoder.upsamples.3.time_conv` of the Wan2.1 VAE decoding 1280x720x81:
// first chunk 0 (skipped, the cache is marked 'Rep'), then 20 steady chunks of
// 2 * 14,400 * 768 * 384 * 3 = 25,480,396,800 FLOPs each = 509,607,936,000 FLOPs.

#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/tree.hpp>

#include <algorithm>

namespace wanmeter {

template <class L>
  requires Leaf<L>
struct chunked {
  static constexpr std::string_view kind = L::kind;
  L first{};               ///< the call in the first chunk (shapes of a one-frame chunk)
  bool first_runs = true;  ///< false where the first chunk skips the module
  L steady{};              ///< the call in each later chunk
  count steady_calls = 0;  ///< later chunks: (frames - 1) / 4 to encode, latent_frames - 1 to decode
  count repeats = 1;       ///< whole decode passes of these shapes (the tiles of one shape, models/vae/tiling.hpp)
  bool shared_weights = false; ///< the weights are counted by another node (a later tile group): parameters 0

  [[nodiscard]] constexpr category cat() const { return steady.cat(); }
  [[nodiscard]] constexpr metrics cost() const {
    const metrics f = first.cost();
    const metrics s = steady.cost();
    metrics m = scaled_work(s, steady_calls);
    if (first_runs) {
      m.tensor_flops = checked_add(m.tensor_flops, f.tensor_flops);
      m.vector_flops = checked_add(m.vector_flops, f.vector_flops);
      m.sfu_ops = checked_add(m.sfu_ops, f.sfu_ops);
      m.bytes_read = checked_add(m.bytes_read, f.bytes_read);
      m.bytes_written = checked_add(m.bytes_written, f.bytes_written);
    }
    if (repeats != 1) m = scaled_work(m, repeats);
    if (shared_weights) {
      m.parameters = 0;
      m.weight_bytes = 0;
    }
    m.activation_bytes = std::max(first_runs ? f.activation_bytes : count{0},
                                  steady_calls > 0 ? s.activation_bytes : count{0});
    return m;
  }
};

/// Frames a module processes in the first chunk and in each steady chunk (0 = does not run).
struct chunk_frames {
  count first = 1;
  count steady = 0;
  friend constexpr bool operator==(const chunk_frames&, const chunk_frames&) = default;
};

/// Element types the VAE runs with: the official VAE is fp32 under autocast(fp32).
struct vae_execution {
  dtype weight = dtype::fp32;
  dtype act = dtype::fp32;
  friend constexpr bool operator==(const vae_execution&, const vae_execution&) = default;
};

/// A decode tree standing for `repeats` tiles of one shape; `shared_weights` for every tile group
/// but the first, whose nodes hold the decoder's parameters (models/vae/tiling.hpp).
struct vae_tile_group {
  count repeats = 1;
  bool shared_weights = false;
};

/// What every builder of a chunked VAE needs.
struct vae_chunking {
  count steady_calls = 0;
  vae_execution x{};
  count repeats = 1;           ///< decode passes of the same shapes (tiles, models/vae/tiling.hpp)
  bool shared_weights = false; ///< weights counted elsewhere (every tile group but the first)
};

namespace detail {
/// A chunked leaf from a builder `make(frames)` called for the first and the steady chunk.
template <class F>
[[nodiscard]] constexpr auto make_chunked(const vae_chunking& c, chunk_frames t, F&& make) {
  using L = decltype(make(count{}));
  return chunked<L>{.first = make(t.first), .first_runs = t.first > 0, .steady = make(t.steady),
                    .steady_calls = c.steady_calls, .repeats = c.repeats, .shared_weights = c.shared_weights};
}
} // namespace detail

} // namespace wanmeter
