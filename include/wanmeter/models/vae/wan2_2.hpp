#pragma once
// The Wan2.2 VAE of TI2V-5B (`WanVAE_` of Wan-Video/Wan2.2 `wan/modules/vae2_2.py`: dim 160,
// dec_dim 256, z 48, dim_mult [1, 2, 4, 4], 2 res blocks, temporal down [False, True, True])
// as trees of constexpr layer structs for one `encode` and one `decode` call of one video,
// executed chunk by chunk (see chunked.hpp for the id scheme; blocks.hpp for the shared blocks).
//
// Differences from the Wan2.1 VAE: a 2x2 pixel-unshuffle (`patchify`, pseudo-node) turns 3 x H x W
// into 12 x H/2 x W/2 before the encoder and back after the decoder (`unpatchify`); each level is a
// `Down_ResidualBlock` / `Up_ResidualBlock` (ids `encoder.downsamples.1.downsamples.2.time_conv`,
// `decoder.upsamples.0.upsamples.3.resample.1`) with a parameter-free `avg_shortcut` (AvgDown3D /
// DupUp3D) added to its output (pseudo-node `add`); the decoder widths are 1024/1024/1024/512/256
// with 3 res blocks per level, its upsampling convs keep the width (Conv2d C -> C, time conv
// C -> 2C) and the last level has no resample.
//
// Frames per module and chunk (first | steady; F = 4n + 1 frames, H' = H/2):
//   encoder level 0 (H'), level 1 (H'/2): 1 | 4; level 1 time conv 4 + 1 cached -> 2;
//   level 2 (H'/4): 1 | 2, time conv 2 + 1 -> 1; level 3 (H'/8), middle, head: 1 | 1.
//   decoder level 0 (h = H/16), middle: 1 | 1; time conv 1 -> 2 frames; level 1 (2h): 1 | 2,
//   time conv 2 -> 4; level 2 (4h), level 3 (8h = H'), head: 1 | 4.
//
// Parameters: encode tree 149,637,088; decode tree 555,051,580; total 704,688,668.

#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/instrument.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/layers/copy.hpp>
#include <wanmeter/layers/duplicate_up.hpp>
#include <wanmeter/layers/group_mean.hpp>
#include <wanmeter/layers/pointwise.hpp>
#include <wanmeter/models/vae/blocks.hpp>
#include <wanmeter/models/vae/wan2_1.hpp>

namespace wanmeter {

struct wan2_2_vae_arch {
  count dim = 160;
  count dec_dim = 256;
  count z_dim = 48;
  count patch = 2;
  count temporal_stride = 4;
  count spatial_stride = 16;
  friend constexpr bool operator==(const wan2_2_vae_arch&, const wan2_2_vae_arch&) = default;

  [[nodiscard]] constexpr geometry_rules rules() const {
    return geometry_rules{.vae_temporal_stride = temporal_stride, .vae_spatial_stride = spatial_stride,
                          .patch_t = 1, .patch_h = 2, .patch_w = 2};
  }
};

inline constexpr wan2_2_vae_arch wan2_2_vae{};

/// `Down_ResidualBlock.downsamples`: ResidualBlock 0, 1, then Resample 2 (not on the last level).
struct vae22_down_sequence {
  static constexpr std::string_view kind = "sequential";
  vae_residual_block r0, r1;
  optional_node<vae_resample<zero_pad>> r2;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"0", r0}, named{"1", r1}, named{"2", r2});
  }
};

/// `Down_ResidualBlock`: the sequence, plus the AvgDown3D shortcut of its input, summed.
struct vae22_down_block {
  static constexpr std::string_view kind = "vae_down_residual_block";
  vae22_down_sequence downsamples;
  chunked<group_mean> avg_shortcut;
  chunked<residual> add;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"downsamples", downsamples}, named{"avg_shortcut", avg_shortcut}, named{"add", add});
  }
};

/// `Up_ResidualBlock.upsamples`: ResidualBlock 0, 1, 2, then Resample 3 (not on the last level).
struct vae22_up_sequence {
  static constexpr std::string_view kind = "sequential";
  vae_residual_block r0, r1, r2;
  optional_node<vae_resample<nearest_upsample>> r3;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"0", r0}, named{"1", r1}, named{"2", r2}, named{"3", r3});
  }
};

/// `Up_ResidualBlock`: the sequence, plus the DupUp3D shortcut of its input (levels with upsampling).
struct vae22_up_block {
  static constexpr std::string_view kind = "vae_up_residual_block";
  vae22_up_sequence upsamples;
  optional_node<chunked<duplicate_up>> avg_shortcut;
  optional_node<chunked<residual>> add;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"upsamples", upsamples}, named{"avg_shortcut", avg_shortcut}, named{"add", add});
  }
};

/// `Encoder3d.downsamples`: 4 Down_ResidualBlocks.
struct vae22_downsamples {
  static constexpr std::string_view kind = "sequential";
  vae22_down_block b0, b1, b2, b3;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"0", b0}, named{"1", b1}, named{"2", b2}, named{"3", b3});
  }
};

/// `Decoder3d.upsamples`: 4 Up_ResidualBlocks.
struct vae22_upsamples {
  static constexpr std::string_view kind = "sequential";
  vae22_up_block b0, b1, b2, b3;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"0", b0}, named{"1", b1}, named{"2", b2}, named{"3", b3});
  }
};

struct wan2_2_vae_encoder3d {
  static constexpr std::string_view kind = "vae_encoder3d";
  chunked<conv3d> conv1;
  vae22_downsamples downsamples;
  vae_middle middle;
  vae_head head;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"conv1", conv1}, named{"downsamples", downsamples}, named{"middle", middle},
                       named{"head", head});
  }
};

struct wan2_2_vae_decoder3d {
  static constexpr std::string_view kind = "vae_decoder3d";
  chunked<conv3d> conv1;
  vae_middle middle;
  vae22_upsamples upsamples;
  vae_head head;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"conv1", conv1}, named{"middle", middle}, named{"upsamples", upsamples},
                       named{"head", head});
  }
};

/// One `WanVAE_.encode` call: patchify, the chunked encoder, conv1, the latent normalisation.
struct wan2_2_vae_encode {
  static constexpr std::string_view kind = "wan_vae_encode";
  copy patchify;
  wan2_2_vae_encoder3d encoder;
  conv3d conv1;
  pointwise scale_latent;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"patchify", patchify}, named{"encoder", encoder}, named{"conv1", conv1},
                       named{"scale_latent", scale_latent});
  }
};

/// One `WanVAE_.decode` call (plus the wrapper's clamp): unscale, conv2, the chunked decoder,
/// unpatchify.
struct wan2_2_vae_decode {
  static constexpr std::string_view kind = "wan_vae_decode";
  pointwise unscale_latent;
  conv3d conv2;
  wan2_2_vae_decoder3d decoder;
  copy unpatchify;
  pointwise clamp;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"unscale_latent", unscale_latent}, named{"conv2", conv2}, named{"decoder", decoder},
                       named{"unpatchify", unpatchify}, named{"clamp", clamp});
  }
};

/// Which resampling a Wan2.2 VAE level does: `spatial` halves (down) or doubles (up) height and
/// width; `temporal` also halves or doubles the frames.
struct vae22_resampling {
  bool spatial = false;
  bool temporal = false;
};

namespace detail {

/// A Down_ResidualBlock at `s`, channels `ch`; `r.spatial` adds the Resample (temporal when
/// `r.temporal`). The AvgDown3D shortcut pads time to a multiple of ft = 2 (temporal) and folds
/// fs = 2 (down) pixels.
[[nodiscard]] constexpr vae22_down_block make_vae22_down_block(const vae_chunking& c, const vae_site& s,
                                                               vae_channels ch, vae22_resampling r) {
  const count ft = r.temporal ? 2 : 1;
  const count fs = r.spatial ? 2 : 1;
  const count h = s.height, w = s.width, ho = h / fs, wo = w / fs;
  const auto out_frames = [&](count f) { return ceil_div(f, ft); };
  vae22_down_block b{};
  b.downsamples.r0 = make_vae_residual_block(c, s, ch);
  b.downsamples.r1 = make_vae_residual_block(c, s, {.in = ch.out, .out = ch.out});
  b.downsamples.r2 = {make_vae_downsample(c, s, ch.out, r.temporal), r.spatial};
  b.avg_shortcut = make_chunked(c, s.frames, [&](count f) {
    return group_mean{.in_elements = mul(ch.in, mul(out_frames(f), ft), h, w),
                      .out_elements = mul(ch.out, out_frames(f), ho, wo),
                      .group_size = mul(ch.in, ft, fs, fs) / ch.out,
                      .act = c.x.act};
  });
  b.add = make_chunked(c, s.frames, [&](count f) {
    return uniform_dtype(residual{.rows = mul(out_frames(f), ho, wo), .dim = ch.out, .act = c.x.act});
  });
  return b;
}

/// An Up_ResidualBlock at `s`, channels `ch`; `r.spatial` adds the Resample (temporal when
/// `r.temporal`) and the DupUp3D shortcut. In the first chunk the time conv is skipped and DupUp3D
/// keeps the last of its ft frames, so the block keeps 1 frame; in steady chunks it doubles them.
[[nodiscard]] constexpr vae22_up_block make_vae22_up_block(const vae_chunking& c, const vae_site& s, vae_channels ch,
                                                           vae22_resampling r) {
  const count ft = r.temporal ? 2 : 1;
  const count fs = r.spatial ? 2 : 1;
  const count h = s.height, w = s.width;
  const chunk_frames t = s.frames;
  const chunk_frames to{.first = t.first, .steady = mul(ft, t.steady)};
  const vae_channels same{.in = ch.out, .out = ch.out};
  vae22_up_block b{};
  b.upsamples.r0 = make_vae_residual_block(c, s, ch);
  b.upsamples.r1 = make_vae_residual_block(c, s, same);
  b.upsamples.r2 = make_vae_residual_block(c, s, same);
  b.upsamples.r3 = {make_vae_upsample(c, s, same, r.temporal), r.spatial};
  b.avg_shortcut = {make_chunked(c, to,
                                 [&](count f) {
                                   return duplicate_up{.in_elements = mul(ch.in, f == t.first ? t.first : f / ft, h, w),
                                                       .out_elements = mul(ch.out, f, h, w, fs, fs),
                                                       .act = c.x.act};
                                 }),
                    r.spatial};
  b.add = {make_chunked(c, to,
                        [&](count f) {
                          return uniform_dtype(
                              residual{.rows = mul(f, h, w, fs, fs), .dim = ch.out, .act = c.x.act});
                        }),
           r.spatial};
  return b;
}

} // namespace detail

/// The encode tree for one video of `w.frames` x `w.height` x `w.width` (height and width
/// multiples of 32, frames 4n + 1). A batch of B videos is B calls.
[[nodiscard]] constexpr wan2_2_vae_encode make_wan2_2_vae_encode(const token_geometry& g, const vae_execution& x = {},
                                                                 const wan2_2_vae_arch& a = wan2_2_vae) {
  count_event(event::build_vae);
  const vae_chunking c{.steady_calls = (g.frames - 1) / a.temporal_stride, .x = x};
  const count H = g.height / a.patch, W = g.width / a.patch; // after patchify
  const count in_ch = mul(3, a.patch, a.patch);
  const count c0 = a.dim, c1 = mul(2, a.dim), c2 = mul(4, a.dim);
  const chunk_frames t4{.first = 1, .steady = 4}, t2{.first = 1, .steady = 2}, t1{.first = 1, .steady = 1};
  const vae_site s0{.frames = t4, .height = H, .width = W};
  const vae_site s1{.frames = t4, .height = H / 2, .width = W / 2};
  const vae_site s2{.frames = t2, .height = H / 4, .width = W / 4};
  const vae_site s3{.frames = t1, .height = H / 8, .width = W / 8};
  const auto res = [&](vae_channels ch) { return detail::make_vae_residual_block(c, s3, ch); };

  wan2_2_vae_encode e{};
  e.patchify = copy{.elements = mul(3, g.frames, g.height, g.width), .in = x.act, .out = x.act};
  e.encoder.conv1 = detail::vae_conv(c, s0, {.in = in_ch, .out = c0}, 3);
  auto& d = e.encoder.downsamples;
  d.b0 = detail::make_vae22_down_block(c, s0, {.in = c0, .out = c0}, {.spatial = true, .temporal = false});
  d.b1 = detail::make_vae22_down_block(c, s1, {.in = c0, .out = c1}, {.spatial = true, .temporal = true});
  d.b2 = detail::make_vae22_down_block(c, s2, {.in = c1, .out = c2}, {.spatial = true, .temporal = true});
  d.b3 = detail::make_vae22_down_block(c, s3, {.in = c2, .out = c2}, {.spatial = false, .temporal = false});
  e.encoder.middle = vae_middle{.r0 = res({.in = c2, .out = c2}),
                                .attn = detail::make_vae_attention_block(c, s3, c2),
                                .r2 = res({.in = c2, .out = c2})};
  const count z2 = mul(2, a.z_dim);
  e.encoder.head = detail::make_vae_head(c, s3, {.in = c2, .out = z2});
  e.conv1 = detail::vae_causal_conv({.frames = g.latent_frames, .height = s3.height, .width = s3.width},
                                    {.in = z2, .out = z2}, 1, x);
  e.scale_latent = pointwise{.elements = mul(a.z_dim, g.latent_frames, s3.height, s3.width), .ops = 2, .sfu = 0,
                             .inputs = 1, .act = x.act};
  return e;
}

/// The same tree for workload `w` (validated under `a.rules()`; fails like `make_geometry`).
[[nodiscard]] constexpr wan2_2_vae_encode make_wan2_2_vae_encode(const workload& w, const vae_execution& x = {},
                                                                 const wan2_2_vae_arch& a = wan2_2_vae) {
  return make_wan2_2_vae_encode(make_geometry(a.rules(), w), x, a);
}

/// The decode tree producing one video of `w.frames` x `w.height` x `w.width` from its latents,
/// one latent frame per chunk.
/// `tiles`: this tree decodes `tiles.repeats` tiles of the same shape (models/vae/tiling.hpp).
[[nodiscard]] constexpr wan2_2_vae_decode make_wan2_2_vae_decode(const token_geometry& g, const vae_execution& x = {},
                                                                 const wan2_2_vae_arch& a = wan2_2_vae,
                                                                 const vae_tile_group& tiles = {}) {
  count_event(event::build_vae);
  const vae_chunking c{.steady_calls = g.latent_frames - 1, .x = x, .repeats = tiles.repeats,
                       .shared_weights = tiles.shared_weights};
  const count h = g.latent_height, wd = g.latent_width;
  const count c4 = mul(4, a.dec_dim), c2 = mul(2, a.dec_dim), c1 = a.dec_dim;
  const chunk_frames t1{.first = 1, .steady = 1}, t2{.first = 1, .steady = 2}, t4{.first = 1, .steady = 4};
  const vae_site s0{.frames = t1, .height = h, .width = wd};
  const vae_site s1{.frames = t2, .height = mul(2, h), .width = mul(2, wd)};
  const vae_site s2{.frames = t4, .height = mul(4, h), .width = mul(4, wd)};
  const vae_site s3{.frames = t4, .height = mul(8, h), .width = mul(8, wd)};
  const auto res = [&](vae_channels ch) { return detail::make_vae_residual_block(c, s0, ch); };

  wan2_2_vae_decode dec{};
  dec.unscale_latent = pointwise{.elements = mul(a.z_dim, g.latent_frames, h, wd), .ops = 2, .sfu = 0, .inputs = 1,
                                 .act = x.act};
  dec.conv2 = detail::vae_causal_conv({.frames = g.latent_frames, .height = h, .width = wd},
                                      {.in = a.z_dim, .out = a.z_dim}, 1, x);
  dec.decoder.conv1 = detail::vae_conv(c, s0, {.in = a.z_dim, .out = c4}, 3);
  dec.decoder.middle = vae_middle{.r0 = res({.in = c4, .out = c4}),
                                  .attn = detail::make_vae_attention_block(c, s0, c4),
                                  .r2 = res({.in = c4, .out = c4})};
  auto& u = dec.decoder.upsamples;
  u.b0 = detail::make_vae22_up_block(c, s0, {.in = c4, .out = c4}, {.spatial = true, .temporal = true});
  u.b1 = detail::make_vae22_up_block(c, s1, {.in = c4, .out = c4}, {.spatial = true, .temporal = true});
  u.b2 = detail::make_vae22_up_block(c, s2, {.in = c4, .out = c2}, {.spatial = true, .temporal = false});
  u.b3 = detail::make_vae22_up_block(c, s3, {.in = c2, .out = c1}, {.spatial = false, .temporal = false});
  const count out_ch = mul(3, a.patch, a.patch);
  dec.decoder.head = detail::make_vae_head(c, s3, {.in = c1, .out = out_ch});
  dec.unpatchify = copy{.elements = mul(3, g.frames, g.height, g.width), .in = x.act, .out = x.act};
  dec.clamp = pointwise{.elements = mul(3, g.frames, g.height, g.width), .ops = 2, .sfu = 0, .inputs = 1,
                        .act = x.act};
  return dec;
}

/// The same tree for workload `w` (validated under `a.rules()`; fails like `make_geometry`).
[[nodiscard]] constexpr wan2_2_vae_decode make_wan2_2_vae_decode(const workload& w, const vae_execution& x = {},
                                                                 const wan2_2_vae_arch& a = wan2_2_vae) {
  return make_wan2_2_vae_decode(make_geometry(a.rules(), w), x, a);
}

/// Cost of one encode / decode call (the folds over the trees).
[[nodiscard]] constexpr metrics wan2_2_vae_encode_cost(const workload& w, const vae_execution& x = {}) {
  return cost_of(make_wan2_2_vae_encode(w, x));
}
[[nodiscard]] constexpr metrics wan2_2_vae_decode_cost(const workload& w, const vae_execution& x = {}) {
  return cost_of(make_wan2_2_vae_decode(w, x));
}

} // namespace wanmeter
