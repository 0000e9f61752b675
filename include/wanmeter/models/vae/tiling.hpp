#pragma once
// Tiled VAE decode (`--vae-tiling`): the decode of a video split into overlapping spatial tiles,
// each decoded on its own (every latent frame, with its own causal caches), then blended and
// stitched, as diffusers' `AutoencoderKLWan.tiled_decode` does after `vae.enable_tiling()`
// (diffusers `src/diffusers/models/autoencoders/autoencoder_kl_wan.py`; the official Wan code
// does not tile).
//
// Tiles, in latent pixels (the same for the Wan2.1 VAE, 8 px per latent, and the Wan2.2 VAE,
// whose 16 px per latent are a 2x2 patchify around an 8x decoder):
//   tile    32   (`tile_sample_min_height` = 256 decoder px / `spatial_compression_ratio` 8)
//   stride  24   (`tile_sample_stride_height` = 192 / 8)
//   blend    8   (256 - 192 = 64 decoder px of linear cross-fade with the tile above / left)
// Tile starts are 0, 24, 48, ... < the latent height (width); a tile covers min(32, rest), so an
// axis has at most three tile sizes (32, then at most two shorter ones at the end). Tiling runs
// only when the latent is wider or taller than 32 (diffusers' test in `_decode`).
//
// Work: every tile runs the whole decoder (the overlap is recomputed), so the tree is the decode
// tree of each tile shape (a "tile group", `repeats` tiles; ids `tiles_<r>_<c>.decoder...`, row
// class r and column class c in the order above) plus the pseudo-node `blend`: for each tile
// below (right of) another, min(8, both heights) latent rows (columns) of 3 x frames x s^2
// elements per latent pixel, a (1 - y/e) + b (y/e) (3 FLOPs, 2 inputs). The latent unscale, the
// 1x1x1 `conv2` (post_quant_conv, per tile) and the final clamp (and the Wan2.2 unpatchify) are
// counted once over the whole video / all tiles, as diffusers runs them.
//
// Live set (the decode peak): while tile k decodes, its own live set (models/vae/liveness.hpp:
// caches + phase + its output) plus the decoded outputs of the tiles before it (diffusers keeps
// every tile until the blend); at the end all tile outputs + the stitched rows + the stitched
// video + the clamped copy (3 videos). Peak = the larger of the two.
//
// Worked example, Wan2.1 VAE decode of 1280x720x81 (latent 90 x 160): row starts 0, 24, 48, 72
// (heights 32, 32, 32, 18), column starts 0, 24, ..., 144 (widths 32 x 6, 16): 28 tiles covering
// 1,517,568 px (1.65x the 921,600 px of a frame). Decoder FLOPs grow about 1.65x; the live set falls
// from 15.99 GB to 4.16 GB, the stitch's (test/static/offload_and_tiling.cpp).

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/pointwise.hpp>
#include <wanmeter/models/vae/chunked.hpp>
#include <wanmeter/models/vae/liveness.hpp>

#include <array>
#include <cstddef>

namespace wanmeter {

/// Tile size, stride and blend width in latent pixels.
struct vae_tiling_spec {
  count tile = 32;
  count stride = 24;
  count blend = 8;
  friend constexpr bool operator==(const vae_tiling_spec&, const vae_tiling_spec&) = default;
};

/// diffusers' defaults (`AutoencoderKLWan.__init__`: 256 / 192 decoder px).
inline constexpr vae_tiling_spec diffusers_vae_tiling{};

/// The tiles along one axis: up to three sizes, each with how many consecutive tiles have it.
struct tile_axis {
  std::array<count, 3> size{};
  std::array<count, 3> n{};
  std::size_t classes = 0;
  count tiles = 0;
  count covered = 0; ///< sum of the tile sizes (latent px)
};

/// Tiles of an axis of `latent` latent pixels: starts 0, stride, ... < latent; size min(tile, rest).
[[nodiscard]] constexpr tile_axis tile_axis_of(count latent, const vae_tiling_spec& s = diffusers_vae_tiling) {
  tile_axis a{};
  for (count start = 0; start < latent; start += s.stride) {
    const count size = latent - start < s.tile ? latent - start : s.tile;
    if (a.classes == 0 || a.size[a.classes - 1] != size) {
      a.size[a.classes] = size;
      ++a.classes;
    }
    ++a.n[a.classes - 1];
    ++a.tiles;
    a.covered = add(a.covered, size);
  }
  return a;
}

/// True when diffusers tiles a latent of `h` x `w`: one side longer than a tile.
[[nodiscard]] constexpr bool vae_tiling_applies(count h, count w, const vae_tiling_spec& s = diffusers_vae_tiling) {
  return h > s.tile || w > s.tile;
}

/// The tiled decode of one video: up to 3 x 3 tile groups and the blend.
template <class Decode>
struct vae_tiled_decode {
  static constexpr std::string_view kind = "vae_tiled_decode";
  std::array<optional_node<Decode>, 9> groups{}; ///< [row class x 3 + column class]
  pointwise blend{};
  tile_axis rows{};
  tile_axis cols{};
  std::array<count, 9> live_bytes{};   ///< live set of one tile of each group while it decodes
  std::array<count, 9> output_bytes{}; ///< its decoded output
  count video_bytes = 0;               ///< the stitched video

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"tiles_0_0", groups[0]}, named{"tiles_0_1", groups[1]}, named{"tiles_0_2", groups[2]},
                       named{"tiles_1_0", groups[3]}, named{"tiles_1_1", groups[4]}, named{"tiles_1_2", groups[5]},
                       named{"tiles_2_0", groups[6]}, named{"tiles_2_1", groups[7]}, named{"tiles_2_2", groups[8]},
                       named{"blend", blend});
  }
};

template <class T> inline constexpr bool is_vae_tiled_decode = false;
template <class D> inline constexpr bool is_vae_tiled_decode<vae_tiled_decode<D>> = true;

/// The size of tile `i` (0-based, in order) of axis `a`.
[[nodiscard]] constexpr count tile_size_at(const tile_axis& a, count i) {
  for (std::size_t c = 0; c < a.classes; ++c) {
    if (i < a.n[c]) return a.size[c];
    i -= a.n[c];
  }
  return 0;
}

/// Blended latent pixels (one frame, summed over every tile's vertical and horizontal blends).
[[nodiscard]] constexpr count vae_blend_latent_pixels(const tile_axis& rows, const tile_axis& cols,
                                                      const vae_tiling_spec& s = diffusers_vae_tiling) {
  const auto min3 = [](count a, count b, count c) { return a < b ? (a < c ? a : c) : (b < c ? b : c); };
  count px = 0;
  for (count i = 0; i < rows.tiles; ++i) {
    const count h = tile_size_at(rows, i);
    for (count j = 0; j < cols.tiles; ++j) {
      const count w = tile_size_at(cols, j);
      if (i > 0) px = add(px, mul(min3(tile_size_at(rows, i - 1), h, s.blend), w));
      if (j > 0) px = add(px, mul(min3(tile_size_at(cols, j - 1), w, s.blend), h));
    }
  }
  return px;
}

/// The tiled decode of the video of geometry `g` (latent `g.latent_height` x `g.latent_width`,
/// `px` output pixels per latent pixel). `make(tile_geometry, group)` builds the decode tree of one
/// tile shape for `group.repeats` tiles. Call only when `vae_tiling_applies`.
template <class Decode, class Make>
[[nodiscard]] constexpr vae_tiled_decode<Decode> make_vae_tiled_decode(const token_geometry& g, count px, dtype act,
                                                                      Make&& make,
                                                                      const vae_tiling_spec& s = diffusers_vae_tiling) {
  vae_tiled_decode<Decode> t{};
  t.rows = tile_axis_of(g.latent_height, s);
  t.cols = tile_axis_of(g.latent_width, s);
  const geometry_rules tile_rules{.vae_temporal_stride = 4, .vae_spatial_stride = px, .patch_t = 1, .patch_h = 1,
                                  .patch_w = 1};
  const count frames = g.frames;
  const count act_bytes = bytes_of(act);
  count all_tiles_area = 0; // latent px of every tile
  conv3d conv2{};           // the first group's post_quant_conv (1x1x1, z -> z)
  count z = 0;              // latent channels
  // A conv that does nothing (no channels) for the groups whose per-video leaves are counted
  // by the first group.
  const conv3d no_conv{.in_channels = 0, .out_channels = 0, .in_frames = 1, .in_height = 1, .in_width = 1};
  bool first = true;
  for (std::size_t r = 0; r < t.rows.classes; ++r) {
    for (std::size_t c = 0; c < t.cols.classes; ++c) {
      const std::size_t k = r * 3 + c;
      const count h = t.rows.size[r], w = t.cols.size[c];
      const workload tw{.batch = 1, .frames = frames, .height = mul(h, px), .width = mul(w, px), .steps = 1};
      const token_geometry tg = geometry_of_legal(tile_rules, tw);
      Decode d = make(tg, vae_tile_group{.repeats = mul(t.rows.n[r], t.cols.n[c]), .shared_weights = !first});
      const count tile_px = mul(frames, tw.height, tw.width);
      t.live_bytes[k] = vae_activation_bytes(d, tile_px);
      t.output_bytes[k] = mul(3, tile_px, act_bytes);
      all_tiles_area = add(all_tiles_area, mul(h, w, t.rows.n[r], t.cols.n[c]));
      if (first) {
        conv2 = d.conv2;
        z = d.unscale_latent.elements / mul(tg.latent_frames, h, w);
      }
      // Once per video, in the first group (below); none in the others (see the header comment).
      d.unscale_latent.elements = 0;
      d.conv2 = no_conv;
      d.clamp.elements = 0;
      if constexpr (requires { d.unpatchify; }) d.unpatchify.elements = 0;
      t.groups[k] = optional_node<Decode>{.node = d, .present = true};
      first = false;
    }
  }
  // The per-video leaves in the first group: the unscale over the whole latent, conv2 over every
  // tile's latent pixels (a 1x1x1 conv: exactly a T x 1 x A volume), the clamp (and the
  // unpatchify) over the stitched video.
  Decode& d0 = t.groups[0].node;
  d0.unscale_latent.elements = mul(z, g.latent_frames, g.latent_height, g.latent_width);
  conv2.in_frames = g.latent_frames;
  conv2.in_height = 1;
  conv2.in_width = all_tiles_area;
  d0.conv2 = conv2;
  const count video = mul(3, frames, g.height, g.width);
  d0.clamp.elements = video;
  if constexpr (requires { d0.unpatchify; }) d0.unpatchify.elements = video;
  t.video_bytes = mul(video, act_bytes);
  t.blend = pointwise{.elements = mul(3, frames, mul(px, px), vae_blend_latent_pixels(t.rows, t.cols, s)), .ops = 3,
                      .sfu = 0, .inputs = 2, .act = act};
  return t;
}

/// Live bytes of the tiled decode at its peak (see the header comment).
template <class Decode>
[[nodiscard]] constexpr count vae_tiled_activation_bytes(const vae_tiled_decode<Decode>& t) {
  count before = 0; // outputs of the tiles decoded so far
  count peak = 0;
  for (std::size_t r = 0; r < t.rows.classes; ++r) {
    for (count i = 0; i < t.rows.n[r]; ++i) {
      for (std::size_t c = 0; c < t.cols.classes; ++c) {
        const std::size_t k = r * 3 + c;
        for (count j = 0; j < t.cols.n[c]; ++j) {
          const count now = add(before, t.live_bytes[k]);
          if (now > peak) peak = now;
          before = add(before, t.output_bytes[k]);
        }
      }
    }
  }
  const count stitch = add(before, mul(3, t.video_bytes));
  return stitch > peak ? stitch : peak;
}

} // namespace wanmeter
