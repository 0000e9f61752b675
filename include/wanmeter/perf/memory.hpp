#pragma once
// Device-memory footprint of a run: the weights each stage needs resident, the peak of its live
// activations, which models the official offload policy keeps on the device during each stage,
// the run's peak device memory, and whether it fits the chosen device.
//
//   const pipeline_memory mem = memory_of(plan, model, x, &find_device("h100-sxm"));
//   mem.peak_bytes, mem.fits, mem.stages[i].peak_bytes ...
//
// ## Weights (bytes held by each model)
//   DiT     parameters x |weight dtype| (57,153,966,336 B for 14B in fp32; A14B: per expert)
//   T5      umT5-XXL encoder, bf16: 5,680,910,336 x 2 = 11,361,820,672 B
//   CLIP    the whole open-clip XLM-R + ViT-H/14 model is loaded in fp16 (only the visual tower
//           runs): 1,193,014,785 x 2 = 2,386,029,570 B (see `clip_loaded_parameters`)
//   VAE     encoder + decoder, fp32: 126,892,531 x 4 (Wan2.1), 704,688,668 x 4 (Wan2.2)
//
// ## Live activations of each stage (one call; the peak of its largest phase)
//   DiT     models/wan/dit_memory.hpp (persistent x, context, time tensors + the largest block
//           phase, with the eager code's float64 RoPE buffers).
//   T5      one prompt of T = 512 tokens, bf16 (n = 64 heads, D = Da = 4096): the attention phase
//           holds x and its norm 2 T D 2, q k v 3 T Da 2, and five n T^2 score buffers: the layer's
//           position bias and the zero-initialised attn_bias (bf16), the einsum scores (bf16),
//           `attn.float()` and the fp32 softmax (4 B each): 14 n T^2 bytes.
//           = 8,388,608 + 12,582,912 + 234,881,024 = 255,852,544 B.
//   CLIP    S = 257 tokens per image, fp16: max(attention: x, y, qkv 3D, out D -> 6 S D 2,
//           MLP: x, y, hidden and GELU 2M -> (2 D + 2 M) S 2) per image.
//   VAE     chunked causal execution (models/vae/chunked.hpp): one chunk of frames is live at a
//           time, plus the causal caches of every 3x3x3 / 3x1x1 CausalConv3d (CACHE_T = 2 frames
//           of its input, 1 for the stride-2 time conv of a downsample), plus the whole video
//           (the input of an encode; the decoded output, concatenated chunk by chunk) in fp32.
//           The largest phase inside a chunk, over the chunked leaves of the tree:
//             conv        the caller's input, the block's held shortcut (2 x input), the padded
//                         `cat([cache, x])` copy and the output
//             upsample    2 x its output (input, rearranged copy, the x4 output, the conv's half)
//             other leaf  3 x its output (input, held shortcut, output)
//           and 2 x output for the unchunked leaves (conv1 / conv2 over all latent frames).
//   Worked example, Wan2.1 VAE decode of 1280x720x81 (latent 90 x 160, 4 frames per steady
//   chunk at full resolution): caches 8,716,492,800 B (the 7 full-resolution convs of 96
//   channels x 2 frames, 4.95 GB, dominate), phase 6,379,324,416 B (the first conv of
//   upsamples.12 on 4 frames: input 2 x 1.416 GB, padded 6 x 722 x 1282 copy 2.133 GB, output
//   1.416 GB), video 895,795,200 B: 15.99 GB on top of 0.51 GB of weights.
//
// ## Residency (which models are on the device during each stage; reference 5.2)
//   no offload   every model the run uses is loaded on the device for the whole run (both A14B
//                experts; the T5 unless --t5_cpu).
//   offload      (generate.py's `--offload_model True`, the default on one GPU)
//     text_encoder   T5 (moved in, and out after encoding; on the host with --t5_cpu), VAE,
//                    and the DiT for Wan2.1 T2V (resident from init; I2V/FLF2V and Wan2.2 keep
//                    their DiTs on the CPU until sampling).
//     image_encoder  CLIP (in and out), VAE, and the Wan2.1 T2V-style resident DiT.
//     vae_encode     VAE (+ the resident DiT as above).
//     dit*           VAE and the running expert only (the other expert is moved out first).
//     vae_decode     VAE only (the DiT is moved out after sampling).
//   Small tensors carried between stages (text context, latents, the I2V condition) are in the
//   stage activations where they matter (DiT) and are otherwise below 0.1 GB.
//
// Example: Wan2.1 T2V-14B 1280x720x81, offload, fp32 DiT: the text-encoder stage holds
// 57.15 + 11.36 + 0.51 = 69.0 GB (+0.26 GB of T5 activations); the DiT stage 57.15 + 0.51 GB of
// weights + 14.71 GB of activations = 72.4 GB, the run's peak (published: 69.1 GB).

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/layers/conv3d.hpp>
#include <wanmeter/layers/nearest_upsample.hpp>
#include <wanmeter/models/vae/chunked.hpp>
#include <wanmeter/models/wan/dit_memory.hpp>
#include <wanmeter/perf/pipeline_stages.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace wanmeter {

/// Parameters of the CLIP model the Wan2.1 image pipelines load (open-clip
/// `clip_xlm_roberta_vit_h_14` of `wan/modules/clip.py`), of which only the visual tower runs:
///   visual: patch conv 752,640 + cls 1,280 + pos 257 x 1280 = 328,960 + pre_norm 2,560
///           + 32 blocks x 19,677,440 + post_norm 2,560 + head 1280 x 1024 = 632,076,800
///   text (XLM-R large, vocab 250,002, 514 positions, 1 type, dim 1024, 24 layers, ffn 4096):
///           embeddings 256,002,048 + 1,024 + 526,336, norm 2,048, 24 x 12,596,224,
///           head 2 x 1024 x 1024 (no bias) = 560,937,984
///   log_scale 1                                                       total 1,193,014,785
inline constexpr count clip_loaded_parameters = 1'193'014'785;

/// The memory of one stage.
struct stage_memory {
  stage_info stage{};
  bool on_host = false;              ///< the stage runs on the CPU (T5 with --t5_cpu)
  count weights_bytes = 0;           ///< the weights this stage's model holds (wherever it runs)
  count peak_activation_bytes = 0;   ///< the stage's own live activations at its peak (one call)
  count resident_weights_bytes = 0;  ///< every model's weights on the device during the stage
  count peak_bytes = 0;              ///< device bytes at the stage's peak: resident weights + activations on the device
};

inline constexpr std::size_t max_pipeline_stages = 8;

struct pipeline_memory {
  std::array<stage_memory, max_pipeline_stages> stages{};
  std::size_t stage_count = 0;
  std::size_t peak_stage = 0;        ///< index of the stage where the run peaks
  count weights_bytes = 0;           ///< weights on the device at the peak
  count peak_activation_bytes = 0;   ///< activations on the device at the peak
  count peak_bytes = 0;              ///< the run's peak device memory
  count device_bytes = 0;            ///< capacity of the device (0 when none is chosen)
  bool has_device = false;
  bool fits = false;                 ///< peak_bytes <= device_bytes (false without a device)

  [[nodiscard]] constexpr const stage_memory* find(std::string_view name) const {
    for (std::size_t i = 0; i < stage_count; ++i) {
      if (stages[i].stage.name == name) return &stages[i];
    }
    return nullptr;
  }
};

namespace detail {

struct vae_live {
  count cache = 0;
  count phase = 0;
  constexpr void take_phase(count p) {
    if (p > phase) phase = p;
  }
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

template <class L>
constexpr void chunked_live(const chunked<L>& c, vae_live& v) {
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

template <class T> inline constexpr bool is_chunked = false;
template <class L> inline constexpr bool is_chunked<chunked<L>> = true;

template <class N>
constexpr void vae_live_walk(const N& n, vae_live& v) {
  if constexpr (is_optional<N>) {
    if (n.present) vae_live_walk(n.node, v);
  } else if constexpr (is_repeated<N>) {
    vae_live inner{};
    vae_live_walk(n.node, inner);
    v.cache = add(v.cache, mul(inner.cache, n.n));
    v.take_phase(inner.phase);
  } else if constexpr (is_chunked<N>) {
    chunked_live(n, v);
  } else if constexpr (Leaf<N>) {
    if constexpr (std::is_same_v<N, conv3d>) conv_live(n, false, v);
    else v.take_phase(mul(2, n.cost().activation_bytes));
  } else {
    boost::hana::for_each(n.children(), [&](const auto& c) { vae_live_walk(c.node, v); });
  }
}

} // namespace detail

/// Live activation bytes of one VAE encode or decode call of `tree` on a video of `video_pixels`
/// = frames x height x width (see the header comment): caches + largest phase + the fp32 video.
template <class Tree>
[[nodiscard]] constexpr count vae_activation_bytes(const Tree& tree, count video_pixels) {
  detail::vae_live v{};
  detail::vae_live_walk(tree, v);
  return add(v.cache, v.phase, mul(3, video_pixels, 4));
}

/// Live activation bytes of one umT5-XXL call on `batch` prompts (bf16, see the header).
[[nodiscard]] constexpr count t5_activation_bytes(const t5_encoder_arch& a = umt5_xxl, count batch = 1,
                                                  const t5_execution& x = {}) {
  const count T = a.text_len;
  const count g = bytes_of(x.act);
  const count s = bytes_of(x.softmax);
  const count rows = mul(batch, T);
  const count scores = mul(a.num_heads, T, T);
  // position bias [1, n, T, T] + attn_bias, einsum scores (act), float copy and softmax (fp32)
  const count score_bytes = add(mul(scores, g), mul(batch, scores, add(mul(2, g), mul(2, s))));
  const count attention = add(mul(rows, a.dim, 2, g), mul(rows, a.dim_attn, 3, g), score_bytes);
  const count ffn = add(mul(rows, a.dim, 2, g), mul(rows, a.dim_ffn, 4, g));
  return attention > ffn ? attention : ffn;
}

/// Live activation bytes of one CLIP visual call on `images` images (fp16).
[[nodiscard]] constexpr count clip_activation_bytes(const clip_vision_arch& a = clip_vit_h_14, count images = 1,
                                                    dtype act = dtype::fp16) {
  const count rows = mul(images, a.tokens());
  const count attention = mul(rows, 6, a.dim, bytes_of(act));
  const count mlp = mul(rows, add(mul(2, a.dim), mul(2, a.mlp_dim())), bytes_of(act));
  return attention > mlp ? attention : mlp;
}

/// Weights of each model a run of `p` loads.
struct model_weights {
  count dit = 0;        ///< one DiT (one expert of A14B)
  count dit_models = 1; ///< 2 for the A14B experts
  count t5 = 0;
  count clip = 0;       ///< 0 when the run has no image encoder
  count vae = 0;
};

[[nodiscard]] constexpr model_weights weights_of(const pipeline_plan& p, const model_entry& m, const run_execution& x) {
  model_weights mw{};
  mw.dit = mul(cost_of(make_wan_dit(m.arch, p.w, x.dit())).parameters, bytes_of(x.dit_weight));
  mw.dit_models = p.two_experts ? 2 : 1;
  mw.t5 = cost_of(make_t5_encoder(umt5_xxl, 1)).weight_bytes;
  if (p.image_encoder_calls > 0) mw.clip = mul(clip_loaded_parameters, bytes_of(dtype::fp16));
  const workload one = vae_workload(p, 1);
  if (p.wan2_2_vae) mw.vae = add(cost_of(make_wan2_2_vae_encode(one)).weight_bytes,
                                 cost_of(make_wan2_2_vae_decode(one)).weight_bytes);
  else mw.vae = add(cost_of(make_wan2_1_vae_encode(one)).weight_bytes,
                    cost_of(make_wan2_1_vae_decode(one)).weight_bytes);
  return mw;
}

/// True when the official code keeps the DiT on the device from initialisation (Wan2.1 T2V:
/// `WanT2V` moves it in at init; the image pipelines and Wan2.2 initialise it on the CPU).
[[nodiscard]] constexpr bool dit_resident_from_init(const model_entry& m) {
  return m.arch.version == wan_version::v2_1 && !m.defaults.image_input;
}

/// The footprint of the run `p` of model `m` under `x`; `d` may be null (no device: `fits` is
/// false and `device_bytes` 0).
[[nodiscard]] constexpr pipeline_memory memory_of(const pipeline_plan& p, const model_entry& m,
                                                  const run_execution& x, const device_spec* d = nullptr) {
  const model_weights mw = weights_of(p, m, x);
  pipeline_memory r{};
  const count all_models = add(mul(mw.dit, mw.dit_models), x.t5_cpu ? count{0} : mw.t5, mw.clip, mw.vae);
  for_each_stage(p, m, x, [&](const stage_info& s, const auto& tree) {
    stage_memory sm{};
    sm.stage = s;
    count device_activation = 0;
    count resident = 0;
    const bool dit_early = x.offload && dit_resident_from_init(m);
    switch (s.kind) {
    case stage_kind::text_encoder:
      sm.on_host = x.t5_cpu;
      sm.weights_bytes = mw.t5;
      sm.peak_activation_bytes = t5_activation_bytes();
      if (!x.t5_cpu) device_activation = sm.peak_activation_bytes;
      resident = add(x.t5_cpu ? count{0} : mw.t5, mw.vae, dit_early ? mw.dit : count{0});
      break;
    case stage_kind::image_encoder:
      sm.weights_bytes = mw.clip;
      sm.peak_activation_bytes = clip_activation_bytes(clip_vit_h_14, p.images_per_image_encoder_call);
      device_activation = sm.peak_activation_bytes;
      resident = add(mw.clip, mw.vae, dit_early ? mw.dit : count{0});
      break;
    case stage_kind::vae_encode:
      sm.weights_bytes = mw.vae;
      sm.peak_activation_bytes = vae_activation_bytes(tree, mul(p.vae_encode_frames, p.w.height, p.w.width));
      device_activation = sm.peak_activation_bytes;
      resident = add(mw.vae, dit_early ? mw.dit : count{0});
      break;
    case stage_kind::dit:
      sm.weights_bytes = mw.dit;
      sm.peak_activation_bytes = dit_activation_memory(m.arch, p.w, x.dit()).peak;
      device_activation = sm.peak_activation_bytes;
      resident = add(mw.dit, mw.vae);
      break;
    case stage_kind::vae_decode:
      sm.weights_bytes = mw.vae;
      sm.peak_activation_bytes = vae_activation_bytes(tree, mul(p.w.frames, p.w.height, p.w.width));
      device_activation = sm.peak_activation_bytes;
      resident = mw.vae;
      break;
    }
    if (!x.offload) resident = all_models;
    sm.resident_weights_bytes = resident;
    sm.peak_bytes = add(resident, device_activation);
    if (r.stage_count == 0 || sm.peak_bytes > r.peak_bytes) {
      r.peak_stage = r.stage_count;
      r.peak_bytes = sm.peak_bytes;
      r.weights_bytes = resident;
      r.peak_activation_bytes = device_activation;
    }
    r.stages[r.stage_count++] = sm;
  });
  if (d != nullptr) {
    r.has_device = true;
    r.device_bytes = d->memory_capacity;
    r.fits = r.peak_bytes <= r.device_bytes;
  }
  return r;
}

} // namespace wanmeter
