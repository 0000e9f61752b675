#pragma once
// Live activations of one Wan VAE encode or decode call (Wan2.1 and Wan2.2 VAEs), a client of
// the tree fold (core/tree.hpp).
//
// Chunked causal execution (models/vae/chunked.hpp): one chunk of frames is live at a time, plus
// the causal caches of every 3x3x3 / 3x1x1 CausalConv3d (CACHE_T = 2 frames of its input, 1 for
// the stride-2 time conv of a downsample), plus the whole video (the input of an encode; the
// decoded output, concatenated chunk by chunk) in fp32: 3 x pixels x 4 B. The largest phase
// inside a chunk, over the chunked leaves of the tree:
//   conv        the caller's input, the block's held shortcut (2 x input), the padded
//               `cat([cache, x])` copy and the output
//   upsample    2 x its output (input, rearranged copy, the x4 output, the conv's half)
//   other leaf  3 x its output (input, held shortcut, output)
// and 2 x output for the unchunked leaves (conv1 / conv2 over all latent frames; input + output
// for a conv).
//
// Worked example, Wan2.1 VAE decode of 1280x720x81 (latent 90 x 160, 4 frames per steady chunk
// at full resolution): caches 8,716,492,800 B (the 7 full-resolution convs of 96 channels x 2
// frames, 4.95 GB, dominate), phase 6,379,324,416 B (the first conv of upsamples.12 on 4
// frames: input 2 x 1.416 GB, padded 6 x 722 x 1282 copy 2.133 GB, output 1.416 GB), video
// 895,795,200 B: 15.99 GB on top of 0.51 GB of weights (test/static/memory_footprint.cpp).

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/conv3d.hpp>
#include <wanmeter/layers/nearest_upsample.hpp>
#include <wanmeter/models/vae/chunked.hpp>

#include <type_traits>

namespace wanmeter {

namespace detail {

/// What a VAE subtree keeps live: the sum of its causal caches and its largest phase.
struct vae_live {
  count cache = 0;
  count phase = 0;
  constexpr void take_phase(count p) {
    if (p > phase) phase = p;
  }
  constexpr vae_live& operator+=(const vae_live& o) {
    cache = add(cache, o.cache);
    take_phase(o.phase);
    return *this;
  }
  /// N repetitions: N caches, one phase at a time.
  friend constexpr vae_live times(const vae_live& one, count n) { return {mul(one.cache, n), one.phase}; }
};

[[nodiscard]] constexpr count conv_input_bytes(const conv3d& c) {
  const count f = c.in_frames - (c.kt - 1);
  return mul(c.in_channels, f, c.in_height - (c.kh - 1), c.in_width - (c.kw - 1), bytes_of(c.act));
}

constexpr void conv_live(const conv3d& c, bool chunk_call, vae_live& v) {
  if (c.in_frames == 0 || c.in_channels == 0) return;
  const count out = c.cost().activation_bytes;
  const count in = conv_input_bytes(c);
  const count padded = mul(c.in_channels, c.in_frames, c.in_height, c.in_width, bytes_of(c.act));
  v.take_phase(chunk_call ? add(mul(2, in), padded, out) : add(in, out));
}

template <class T> inline constexpr bool is_chunked = false;
template <class L> inline constexpr bool is_chunked<chunked<L>> = true;

/// The liveness algebra of the fold.
struct vae_live_algebra {
  using value = vae_live;
  static constexpr bool wants_paths = false;

  template <class N>
  constexpr vae_live leaf(const N& n, const node_path&) const {
    vae_live v{};
    if constexpr (is_chunked<N>) {
      chunk(n, v);
    } else if constexpr (std::is_same_v<N, conv3d>) {
      conv_live(n, false, v);
    } else {
      v.take_phase(mul(2, n.cost().activation_bytes));
    }
    return v;
  }

  template <class L>
  static constexpr void chunk(const chunked<L>& c, vae_live& v) {
    const bool steady = c.steady_calls > 0;
    if constexpr (std::is_same_v<L, conv3d>) {
      if (c.first_runs) conv_live(c.first, true, v);
      if (steady) conv_live(c.steady, true, v);
      const conv3d& k = steady ? c.steady : c.first;
      if (k.kt == 3 && k.in_channels > 0) {
        const count frames = k.st == 1 ? 2 : 1;
        v.cache = add(v.cache, mul(k.in_channels, frames, k.in_height - (k.kh - 1), k.in_width - (k.kw - 1),
                                   bytes_of(k.act)));
      }
    } else {
      const count factor = std::is_same_v<L, nearest_upsample> ? 2 : 3;
      if (c.first_runs) v.take_phase(mul(factor, c.first.cost().activation_bytes));
      if (steady) v.take_phase(mul(factor, c.steady.cost().activation_bytes));
    }
  }
};

} // namespace detail

/// Live activation bytes of one VAE encode or decode call of `tree` on a video of `video_pixels`
/// = frames x height x width (see the header comment): caches + largest phase + the fp32 video.
template <class Tree>
[[nodiscard]] constexpr count vae_activation_bytes(const Tree& tree, count video_pixels) {
  detail::vae_live_algebra a{};
  const detail::vae_live v = fold(tree, a);
  return add(v.cache, v.phase, mul(3, video_pixels, 4));
}

} // namespace wanmeter
