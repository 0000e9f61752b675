#pragma once
// The Wan2.1 causal 3D VAE (`WanVAE_` of Wan-Video/Wan2.1 `wan/modules/vae.py`, dim 96,
// dim_mult [1, 2, 4, 4], 2 res blocks, z 16, temporal down [False, True, True]; also used by
// Wan2.2 A14B) as trees of constexpr layer structs for one `encode` and one `decode` call of one
// video, executed chunk by chunk as the official code does (see chunked.hpp for the id scheme).
//
// Ids: encode tree `encoder.conv1`, `encoder.downsamples.0.residual.2`,
// `encoder.downsamples.5.time_conv`, `encoder.middle.1.attn_core`, `encoder.head.2`, `conv1`
// (the 1x1x1 32 -> 32 conv that yields mu / log_var, run once over all latent frames) and the
// pseudo-node `scale_latent` ((mu - mean) * (1 / std)). Decode tree: `unscale_latent`
// (z / (1 / std) + mean), `conv2` (1x1x1 16 -> 16 over all latent frames), `decoder.conv1`,
// `decoder.middle.*`, `decoder.upsamples.*`, `decoder.head.*`, and the pseudo-node `clamp`
// (clamp_(-1, 1) of the output video).
//
// Frames per module and chunk (F = 4n + 1 video frames, n steady chunks; latent 1 + n frames):
//
//   encoder              first   steady        decoder (per latent frame)   first   steady
//   conv1, downs 0-4     1       4  (H x W,    conv1, middle, ups 0-2       1       1  (h x w)
//                                  then H/2)   ups 3 time_conv              -       1 -> 2 frames
//   downs 5 time_conv    -       4+1 -> 2      ups 3 resample, 4-6          1       2  (2h x 2w)
//   downs 6-8 spatial    1       2  (H/4)      ups 7 time_conv              -       2 -> 4 frames
//   downs 8 time_conv    -       2+1 -> 1      ups 7 resample, 8-11, 12-14  1       4  (4h, 8h)
//   downs 9-10, middle,  1       1  (H/8)      head                         1       4  (H x W)
//   head
//
// Parameters (torch's count of the official module): encoder 53,595,872 + conv1 1,056 =
// 53,596,928 (encode tree); conv2 272 + decoder 73,295,331 = 73,295,603 (decode tree);
// total 126,892,531.

#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/instrument.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/layers/pointwise.hpp>
#include <wanmeter/models/vae/blocks.hpp>

namespace wanmeter {

struct wan_vae_arch {
  count dim = 96;
  count z_dim = 16;
  count temporal_stride = 4;
  count spatial_stride = 8;
  friend constexpr bool operator==(const wan_vae_arch&, const wan_vae_arch&) = default;

  /// The pixel rules of a pipeline using this VAE with the Wan DiT's 2x2 patch.
  [[nodiscard]] constexpr geometry_rules rules() const {
    return geometry_rules{.vae_temporal_stride = temporal_stride, .vae_spatial_stride = spatial_stride,
                          .patch_t = 1, .patch_h = 2, .patch_w = 2};
  }
};

inline constexpr wan_vae_arch wan2_1_vae{};

/// `Encoder3d.downsamples`: res 0, 1 (C0) | down2d 2 | res 3, 4 (C1) | down3d 5 | res 6, 7 (C2) |
/// down3d 8 | res 9, 10 (C3).
struct wan2_1_vae_downsamples {
  static constexpr std::string_view kind = "sequential";
  vae_residual_block r0, r1;
  vae_resample<zero_pad> d2;
  vae_residual_block r3, r4;
  vae_resample<zero_pad> d5;
  vae_residual_block r6, r7;
  vae_resample<zero_pad> d8;
  vae_residual_block r9, r10;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"0", r0}, named{"1", r1}, named{"2", d2}, named{"3", r3}, named{"4", r4},
                       named{"5", d5}, named{"6", r6}, named{"7", r7}, named{"8", d8}, named{"9", r9},
                       named{"10", r10});
  }
};

/// `Decoder3d.upsamples`: res 0-2 | up3d 3 | res 4-6 | up3d 7 | res 8-10 | up2d 11 | res 12-14.
struct wan2_1_vae_upsamples {
  static constexpr std::string_view kind = "sequential";
  vae_residual_block r0, r1, r2;
  vae_resample<nearest_upsample> u3;
  vae_residual_block r4, r5, r6;
  vae_resample<nearest_upsample> u7;
  vae_residual_block r8, r9, r10;
  vae_resample<nearest_upsample> u11;
  vae_residual_block r12, r13, r14;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"0", r0}, named{"1", r1}, named{"2", r2}, named{"3", u3}, named{"4", r4},
                       named{"5", r5}, named{"6", r6}, named{"7", u7}, named{"8", r8}, named{"9", r9},
                       named{"10", r10}, named{"11", u11}, named{"12", r12}, named{"13", r13},
                       named{"14", r14});
  }
};

/// `middle`: ResidualBlock, AttentionBlock, ResidualBlock.
struct vae_middle {
  static constexpr std::string_view kind = "sequential";
  vae_residual_block r0;
  vae_attention_block attn;
  vae_residual_block r2;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"0", r0}, named{"1", attn}, named{"2", r2});
  }
};

struct wan2_1_vae_encoder3d {
  static constexpr std::string_view kind = "vae_encoder3d";
  chunked<conv3d> conv1;
  wan2_1_vae_downsamples downsamples;
  vae_middle middle;
  vae_head head;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"conv1", conv1}, named{"downsamples", downsamples}, named{"middle", middle},
                       named{"head", head});
  }
};

struct wan2_1_vae_decoder3d {
  static constexpr std::string_view kind = "vae_decoder3d";
  chunked<conv3d> conv1;
  vae_middle middle;
  wan2_1_vae_upsamples upsamples;
  vae_head head;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"conv1", conv1}, named{"middle", middle}, named{"upsamples", upsamples},
                       named{"head", head});
  }
};

/// One `WanVAE_.encode` call: the chunked encoder, then conv1 and the latent normalisation.
struct wan2_1_vae_encode {
  static constexpr std::string_view kind = "wan_vae_encode";
  wan2_1_vae_encoder3d encoder;
  conv3d conv1;
  pointwise scale_latent;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"encoder", encoder}, named{"conv1", conv1}, named{"scale_latent", scale_latent});
  }
};

/// One `WanVAE_.decode` call (plus the wrapper's clamp): unscale, conv2, the chunked decoder.
struct wan2_1_vae_decode {
  static constexpr std::string_view kind = "wan_vae_decode";
  pointwise unscale_latent;
  conv3d conv2;
  wan2_1_vae_decoder3d decoder;
  pointwise clamp;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"unscale_latent", unscale_latent}, named{"conv2", conv2}, named{"decoder", decoder},
                       named{"clamp", clamp});
  }
};

/// The encode tree for one video of `w.frames` x `w.height` x `w.width` (the official code encodes
/// the videos of a batch one by one: a batch of B is B calls). Fails like `make_geometry` for an
/// illegal size.
[[nodiscard]] constexpr wan2_1_vae_encode make_wan2_1_vae_encode(const token_geometry& g, const vae_execution& x = {},
                                                                 const wan_vae_arch& a = wan2_1_vae) {
  count_event(event::build_vae);
  const vae_chunking c{.steady_calls = (g.frames - 1) / a.temporal_stride, .x = x};
  const count H = g.height, W = g.width;
  const count c0 = a.dim, c1 = mul(2, a.dim), c2 = mul(4, a.dim);
  // Frames per chunk (first, steady) at each level; the site of each level (full size, then
  // halved by each downsample).
  const chunk_frames t4{.first = 1, .steady = 4}, t2{.first = 1, .steady = 2}, t1{.first = 1, .steady = 1};
  const vae_site s0{.frames = t4, .height = H, .width = W};
  const vae_site s1{.frames = t4, .height = H / 2, .width = W / 2};
  const vae_site s2{.frames = t2, .height = H / 4, .width = W / 4};
  const vae_site s3{.frames = t1, .height = H / 8, .width = W / 8};
  const auto res = [&](const vae_site& s, vae_channels ch) { return detail::make_vae_residual_block(c, s, ch); };

  wan2_1_vae_encode e{};
  e.encoder.conv1 = detail::vae_conv(c, s0, {.in = 3, .out = c0}, 3);
  auto& d = e.encoder.downsamples;
  d.r0 = res(s0, {.in = c0, .out = c0});
  d.r1 = res(s0, {.in = c0, .out = c0});
  d.d2 = detail::make_vae_downsample(c, s0, c0, false);
  d.r3 = res(s1, {.in = c0, .out = c1});
  d.r4 = res(s1, {.in = c1, .out = c1});
  d.d5 = detail::make_vae_downsample(c, s1, c1, true);
  d.r6 = res(s2, {.in = c1, .out = c2});
  d.r7 = res(s2, {.in = c2, .out = c2});
  d.d8 = detail::make_vae_downsample(c, s2, c2, true);
  d.r9 = res(s3, {.in = c2, .out = c2});
  d.r10 = res(s3, {.in = c2, .out = c2});
  e.encoder.middle = vae_middle{.r0 = res(s3, {.in = c2, .out = c2}),
                                .attn = detail::make_vae_attention_block(c, s3, c2),
                                .r2 = res(s3, {.in = c2, .out = c2})};
  const count z2 = mul(2, a.z_dim);
  e.encoder.head = detail::make_vae_head(c, s3, {.in = c2, .out = z2});
  e.conv1 = detail::vae_causal_conv({.frames = g.latent_frames, .height = s3.height, .width = s3.width},
                                    {.in = z2, .out = z2}, 1, x);
  e.scale_latent = pointwise{.elements = mul(a.z_dim, g.latent_frames, s3.height, s3.width), .ops = 2, .sfu = 0,
                             .inputs = 1, .act = x.act};
  return e;
}

/// The same tree for workload `w` (validated under `a.rules()`; fails like `make_geometry`).
[[nodiscard]] constexpr wan2_1_vae_encode make_wan2_1_vae_encode(const workload& w, const vae_execution& x = {},
                                                                 const wan_vae_arch& a = wan2_1_vae) {
  return make_wan2_1_vae_encode(make_geometry(a.rules(), w), x, a);
}

/// The decode tree producing one video of `w.frames` x `w.height` x `w.width` from its
/// (frames - 1) / 4 + 1 latent frames, one latent frame per chunk.
/// `tiles`: this tree decodes `tiles.repeats` tiles of the same shape (models/vae/tiling.hpp).
[[nodiscard]] constexpr wan2_1_vae_decode make_wan2_1_vae_decode(const token_geometry& g, const vae_execution& x = {},
                                                                 const wan_vae_arch& a = wan2_1_vae,
                                                                 const vae_tile_group& tiles = {}) {
  count_event(event::build_vae);
  const vae_chunking c{.steady_calls = g.latent_frames - 1, .x = x, .repeats = tiles.repeats,
                       .shared_weights = tiles.shared_weights};
  const count h = g.latent_height, wd = g.latent_width;
  const count c3 = mul(4, a.dim), c2 = mul(2, a.dim), c1 = a.dim;
  // Frames per latent-frame chunk at each level; each upsample doubles height and width.
  const chunk_frames t1{.first = 1, .steady = 1}, t2{.first = 1, .steady = 2}, t4{.first = 1, .steady = 4};
  const vae_site s0{.frames = t1, .height = h, .width = wd};
  const vae_site s1{.frames = t2, .height = mul(2, h), .width = mul(2, wd)};
  const vae_site s2{.frames = t4, .height = mul(4, h), .width = mul(4, wd)};
  const vae_site s3{.frames = t4, .height = mul(8, h), .width = mul(8, wd)};
  const auto res = [&](const vae_site& s, vae_channels ch) { return detail::make_vae_residual_block(c, s, ch); };

  wan2_1_vae_decode dec{};
  dec.unscale_latent = pointwise{.elements = mul(a.z_dim, g.latent_frames, h, wd), .ops = 2, .sfu = 0, .inputs = 1,
                                 .act = x.act};
  dec.conv2 = detail::vae_causal_conv({.frames = g.latent_frames, .height = h, .width = wd},
                                      {.in = a.z_dim, .out = a.z_dim}, 1, x);
  dec.decoder.conv1 = detail::vae_conv(c, s0, {.in = a.z_dim, .out = c3}, 3);
  dec.decoder.middle = vae_middle{.r0 = res(s0, {.in = c3, .out = c3}),
                                  .attn = detail::make_vae_attention_block(c, s0, c3),
                                  .r2 = res(s0, {.in = c3, .out = c3})};
  auto& u = dec.decoder.upsamples;
  u.r0 = res(s0, {.in = c3, .out = c3});
  u.r1 = res(s0, {.in = c3, .out = c3});
  u.r2 = res(s0, {.in = c3, .out = c3});
  u.u3 = detail::make_vae_upsample(c, s0, {.in = c3, .out = c3 / 2}, true);
  u.r4 = res(s1, {.in = c3 / 2, .out = c3});
  u.r5 = res(s1, {.in = c3, .out = c3});
  u.r6 = res(s1, {.in = c3, .out = c3});
  u.u7 = detail::make_vae_upsample(c, s1, {.in = c3, .out = c3 / 2}, true);
  u.r8 = res(s2, {.in = c3 / 2, .out = c2});
  u.r9 = res(s2, {.in = c2, .out = c2});
  u.r10 = res(s2, {.in = c2, .out = c2});
  u.u11 = detail::make_vae_upsample(c, s2, {.in = c2, .out = c2 / 2}, false);
  u.r12 = res(s3, {.in = c2 / 2, .out = c1});
  u.r13 = res(s3, {.in = c1, .out = c1});
  u.r14 = res(s3, {.in = c1, .out = c1});
  dec.decoder.head = detail::make_vae_head(c, s3, {.in = c1, .out = 3});
  dec.clamp = pointwise{.elements = mul(3, g.frames, g.height, g.width), .ops = 2, .sfu = 0, .inputs = 1,
                        .act = x.act};
  return dec;
}

/// The same tree for workload `w` (validated under `a.rules()`; fails like `make_geometry`).
[[nodiscard]] constexpr wan2_1_vae_decode make_wan2_1_vae_decode(const workload& w, const vae_execution& x = {},
                                                                 const wan_vae_arch& a = wan2_1_vae) {
  return make_wan2_1_vae_decode(make_geometry(a.rules(), w), x, a);
}

/// Cost of one encode / decode call (the folds over the trees).
[[nodiscard]] constexpr metrics wan2_1_vae_encode_cost(const workload& w, const vae_execution& x = {}) {
  return cost_of(make_wan2_1_vae_encode(w, x));
}
[[nodiscard]] constexpr metrics wan2_1_vae_decode_cost(const workload& w, const vae_execution& x = {}) {
  return cost_of(make_wan2_1_vae_decode(w, x));
}

} // namespace wanmeter
