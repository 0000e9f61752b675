#pragma once
// Building blocks shared by the Wan VAEs (`wan/modules/vae.py` of Wan2.1, `vae2_2.py` of
// Wan2.2), each a tree whose leaves are `chunked<L>` (see chunked.hpp), with the official
// module names:
//
//   CausalConv3d(k = 3, padding 1)   pads 1 px on each spatial side and 2 frames in the past
//                                    (zeros or the 2 cached frames), so the kernel always sees
//                                    T + 2 frames and yields T: 2 T h w Cout Cin 27 FLOPs.
//   ResidualBlock                    residual.0 RMS_norm, .1 SiLU, .2 CausalConv3d 3^3,
//                                    .3 RMS_norm, .4 SiLU, .5 Dropout, .6 CausalConv3d 3^3;
//                                    shortcut CausalConv3d 1^3 when Cin != Cout; pseudo `add`.
//   AttentionBlock                   norm (RMS_norm), to_qkv Conv2d 1x1 C -> 3C, single-head
//                                    SDPA per frame over h w tokens (pseudo `attn_core`,
//                                    4 (h w)^2 C FLOPs per frame), proj Conv2d 1x1, pseudo `add`.
//   Resample                         resample.0 ZeroPad2d / Upsample, resample.1 Conv2d 3x3
//                                    (stride 2 down, padding 1 up), time_conv CausalConv3d
//                                    (3,1,1): stride 2 with one cached frame (down), or C -> 2C
//                                    whose output is interleaved into 2 frames (up; pseudo
//                                    `time_interleave`). Neither time conv runs in the first chunk.
//
// Not modelled (data movement only): einops rearranges, the cache clones and the torch.cat of
// chunk outputs.

#include <wanmeter/core/sequential.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/activations.hpp>
#include <wanmeter/layers/attention_core.hpp>
#include <wanmeter/layers/channel_rms_norm.hpp>
#include <wanmeter/layers/conv2d.hpp>
#include <wanmeter/layers/conv3d.hpp>
#include <wanmeter/layers/copy.hpp>
#include <wanmeter/layers/identity.hpp>
#include <wanmeter/layers/nearest_upsample.hpp>
#include <wanmeter/layers/residual.hpp>
#include <wanmeter/layers/uniform_dtype.hpp>
#include <wanmeter/layers/zero_pad.hpp>
#include <wanmeter/models/vae/chunked.hpp>

namespace wanmeter {

/// The VAE's `RMS_norm -> SiLU -> CausalConv3d` head (`encoder.head`, `decoder.head`).
using vae_head = sequential<chunked<channel_rms_norm>, chunked<silu>, chunked<conv3d>>;

/// `ResidualBlock(in_dim, out_dim)`.
struct vae_residual_block {
  static constexpr std::string_view kind = "vae_residual_block";
  sequential<chunked<channel_rms_norm>, chunked<silu>, chunked<conv3d>, chunked<channel_rms_norm>, chunked<silu>,
             identity, chunked<conv3d>>
      residual;
  optional_node<chunked<conv3d>> shortcut;
  chunked<wanmeter::residual> add;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"residual", residual}, named{"shortcut", shortcut}, named{"add", add});
  }
};

/// `AttentionBlock(dim)`: single-head attention inside each frame.
struct vae_attention_block {
  static constexpr std::string_view kind = "vae_attention_block";
  chunked<channel_rms_norm> norm;
  chunked<conv2d> to_qkv;
  chunked<attention_core> attn_core;
  chunked<conv2d> proj;
  chunked<wanmeter::residual> add;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"norm", norm}, named{"to_qkv", to_qkv}, named{"attn_core", attn_core},
                       named{"proj", proj}, named{"add", add});
  }
};

/// `Resample(dim, mode)`: `Pre` is `zero_pad` (downsample2d/3d) or `nearest_upsample`
/// (upsample2d/3d). Children in registration order: resample, time_conv, then the pseudo-node.
template <class Pre>
struct vae_resample {
  static constexpr std::string_view kind = "vae_resample";
  sequential<chunked<Pre>, chunked<conv2d>> resample;
  optional_node<chunked<conv3d>> time_conv;
  optional_node<chunked<copy>> time_interleave;

  [[nodiscard]] constexpr auto children() const {
    return children_of(named{"resample", resample}, named{"time_conv", time_conv},
                       named{"time_interleave", time_interleave});
  }
};

/// Where a chunked VAE module runs: the frames it processes in the first and in each steady
/// chunk, and the height x width of one frame at its input.
struct vae_site {
  chunk_frames frames{};
  count height = 0;
  count width = 0;
};

/// One call's input volume: frames x height x width.
struct vae_volume {
  count frames = 0;
  count height = 0;
  count width = 0;
};

/// Input and output channels of a VAE module.
struct vae_channels {
  count in = 0;
  count out = 0;
};

namespace detail {

/// Wan's CausalConv3d with a cubic kernel k (1 or 3, padding k / 2) over `v`: the kernel sees
/// frames + 2 (k = 3) and height + 2, width + 2.
[[nodiscard]] constexpr conv3d vae_causal_conv(vae_volume v, vae_channels ch, count k, const vae_execution& x) {
  const count p = k / 2;
  return conv3d{.in_channels = ch.in,
                .out_channels = ch.out,
                .in_frames = add(v.frames, mul(2, p)),
                .in_height = add(v.height, mul(2, p)),
                .in_width = add(v.width, mul(2, p)),
                .kt = k,
                .kh = k,
                .kw = k,
                .act = x.act,
                .weight = x.weight};
}

/// The volume of one call at `s` on `f` frames.
[[nodiscard]] constexpr vae_volume volume_at(const vae_site& s, count f) {
  return vae_volume{.frames = f, .height = s.height, .width = s.width};
}

/// The positions (frames x height x width) of one call at `s` on `f` frames.
[[nodiscard]] constexpr count positions_at(const vae_site& s, count f) { return mul(f, s.height, s.width); }

[[nodiscard]] constexpr chunked<conv3d> vae_conv(const vae_chunking& c, const vae_site& s, vae_channels ch, count k) {
  return make_chunked(c, s.frames, [&](count f) { return vae_causal_conv(volume_at(s, f), ch, k, c.x); });
}

[[nodiscard]] constexpr chunked<channel_rms_norm> vae_norm(const vae_chunking& c, const vae_site& s, count ch) {
  return make_chunked(c, s.frames, [&](count f) {
    return channel_rms_norm{.positions = positions_at(s, f), .channels = ch, .bias = false, .act = c.x.act,
                            .weight = c.x.weight};
  });
}

[[nodiscard]] constexpr chunked<silu> vae_silu(const vae_chunking& c, const vae_site& s, count ch) {
  return make_chunked(c, s.frames,
                      [&](count f) { return silu{.elements = mul(positions_at(s, f), ch), .act = c.x.act}; });
}

[[nodiscard]] constexpr chunked<residual> vae_add(const vae_chunking& c, const vae_site& s, count ch) {
  return make_chunked(c, s.frames, [&](count f) {
    return uniform_dtype(residual{.rows = positions_at(s, f), .dim = ch, .act = c.x.act});
  });
}

[[nodiscard]] constexpr vae_head make_vae_head(const vae_chunking& c, const vae_site& s, vae_channels ch) {
  return vae_head{vae_norm(c, s, ch.in), vae_silu(c, s, ch.in), vae_conv(c, s, ch, 3)};
}

[[nodiscard]] constexpr vae_residual_block make_vae_residual_block(const vae_chunking& c, const vae_site& s,
                                                                   vae_channels ch) {
  vae_residual_block b{};
  b.residual = {vae_norm(c, s, ch.in),  vae_silu(c, s, ch.in),  vae_conv(c, s, ch, 3),
                vae_norm(c, s, ch.out), vae_silu(c, s, ch.out), identity{},
                vae_conv(c, s, {.in = ch.out, .out = ch.out}, 3)};
  b.shortcut = {vae_conv(c, s, ch, 1), ch.in != ch.out};
  b.add = vae_add(c, s, ch.out);
  return b;
}

[[nodiscard]] constexpr vae_attention_block make_vae_attention_block(const vae_chunking& c, const vae_site& s,
                                                                     count ch) {
  const auto conv1x1 = [&](count cout) {
    return make_chunked(c, s.frames, [&](count f) {
      return conv2d{.images = f, .in_channels = ch, .out_channels = cout, .in_height = s.height,
                    .in_width = s.width, .act = c.x.act, .weight = c.x.weight};
    });
  };
  const count hw = mul(s.height, s.width);
  return vae_attention_block{
      .norm = vae_norm(c, s, ch),
      .to_qkv = conv1x1(mul(3, ch)),
      .attn_core = make_chunked(c, s.frames,
                                [&](count f) {
                                  return uniform_dtype(attention_core{.batch = f, .heads = 1, .q_len = hw,
                                                                      .kv_len = hw, .head_dim = ch,
                                                                      .act = c.x.act});
                                }),
      .proj = conv1x1(ch),
      .add = vae_add(c, s, ch)};
}

/// `Resample(dim, 'downsample2d' | 'downsample3d')` at `s` (output height/2 x width/2), `dim`
/// channels. The 3d time conv runs only in steady chunks, on the chunk's frames after the
/// spatial conv plus the one cached frame: (t + 1 - 3) / 2 + 1 output frames.
[[nodiscard]] constexpr vae_resample<zero_pad> make_vae_downsample(const vae_chunking& c, const vae_site& s,
                                                                   count dim, bool temporal) {
  const count h = s.height, w = s.width;
  vae_resample<zero_pad> r{};
  r.resample = {make_chunked(c, s.frames,
                             [&](count f) {
                               return zero_pad{.images = f, .channels = dim, .height = h, .width = w, .pad_h = 1,
                                               .pad_w = 1, .act = c.x.act};
                             }),
                make_chunked(c, s.frames, [&](count f) {
                  return conv2d{.images = f, .in_channels = dim, .out_channels = dim, .in_height = add(h, 1),
                                .in_width = add(w, 1), .kh = 3, .kw = 3, .sh = 2, .sw = 2, .act = c.x.act,
                                .weight = c.x.weight};
                })};
  const chunk_frames tt{.first = 0, .steady = s.frames.steady};
  r.time_conv = {make_chunked(c, tt,
                              [&](count f) {
                                return conv3d{.in_channels = dim, .out_channels = dim, .in_frames = add(f, 1),
                                              .in_height = h / 2, .in_width = w / 2, .kt = 3, .st = 2,
                                              .act = c.x.act, .weight = c.x.weight};
                              }),
                 temporal};
  return r;
}

/// `Resample(dim, 'upsample2d' | 'upsample3d')` at `s` (output 2 height x 2 width), channels
/// `ch.in` -> `ch.out`. The 3d time conv (C -> 2C, causal 2-frame padding) runs only in steady
/// chunks and doubles the frames before the spatial path.
[[nodiscard]] constexpr vae_resample<nearest_upsample> make_vae_upsample(const vae_chunking& c, const vae_site& s,
                                                                         vae_channels ch, bool temporal) {
  const count h = s.height, w = s.width, dim = ch.in;
  const chunk_frames t = s.frames;
  // frames after the time conv
  const chunk_frames ts = temporal ? chunk_frames{.first = t.first, .steady = mul(2, t.steady)} : t;
  vae_resample<nearest_upsample> r{};
  r.resample = {make_chunked(c, ts,
                             [&](count f) {
                               return nearest_upsample{.images = f, .channels = dim, .height = h, .width = w,
                                                       .fh = 2, .fw = 2, .act = c.x.act};
                             }),
                make_chunked(c, ts, [&](count f) {
                  return conv2d{.images = f, .in_channels = dim, .out_channels = ch.out, .in_height = mul(2, h),
                                .in_width = mul(2, w), .kh = 3, .kw = 3, .pad_h = 1, .pad_w = 1, .act = c.x.act,
                                .weight = c.x.weight};
                })};
  const chunk_frames tt{.first = 0, .steady = t.steady};
  r.time_conv = {make_chunked(c, tt,
                              [&](count f) {
                                return conv3d{.in_channels = dim, .out_channels = mul(2, dim), .in_frames = add(f, 2),
                                              .in_height = h, .in_width = w, .kt = 3, .act = c.x.act,
                                              .weight = c.x.weight};
                              }),
                 temporal};
  r.time_interleave = {make_chunked(c, tt,
                                    [&](count f) {
                                      return copy{.elements = mul(2, f, dim, h, w), .in = c.x.act, .out = c.x.act};
                                    }),
                       temporal};
  return r;
}

} // namespace detail

} // namespace wanmeter
