#pragma once
// Device-memory footprint of a planned run (run/plan.hpp): the live activations of each stage's
// largest phase on top of the weights the plan keeps resident during it, the run's peak, and
// whether it fits the chosen device.
//
//   const pipeline_memory mem = memory_of(make_run_plan(q));
//   mem.peak_bytes, mem.fits, mem.stages[i].peak_bytes ...
//
// Live activations of one call, each formula beside its model:
//   text_encoder   models/t5/memory.hpp       (umT5-XXL, 255,852,544 B for one prompt)
//   image_encoder  models/clip/memory.hpp     (ViT-H/14, per image)
//   vae_*          models/vae/liveness.hpp    (chunked causal execution, a fold over the tree)
//   dit*           models/wan/dit_memory.hpp  (persistent tensors + the largest block phase)
// A stage on the host (the T5 with --t5-cpu) holds nothing on the device but the resident
// weights. peak_bytes of a stage = resident weights + its activations on the device.
//
// Offload (run/plan.hpp): the resident weights follow the policy; `host_bytes` is the host RAM
// that holds offloaded weights. VAE tiling: the decode's live set is one tile's plus the decoded
// tiles (models/vae/tiling.hpp); with tiling the untiled decode peak is kept beside it
// (`vae_decode_untiled_bytes`), so that a report shows the decode spike with and without.
//
// Example: Wan2.1 T2V-14B 1280x720x81, offload, fp32 DiT: the DiT stage holds 57.15 + 0.51 GB of
// weights + 14.71 GB of activations = 72.4 GB, the run's peak (published: 69.1 GB).

#include <wanmeter/core/checked.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/models/clip/memory.hpp>
#include <wanmeter/models/t5/memory.hpp>
#include <wanmeter/models/vae/liveness.hpp>
#include <wanmeter/models/wan/dit_memory.hpp>
#include <wanmeter/run/plan.hpp>

#include <array>
#include <cstddef>
#include <span>

namespace wanmeter {

/// The memory of one stage.
struct stage_memory {
  stage_id stage = stage_id::dit;
  bool on_host = false;              ///< the stage runs on the CPU (T5 with --t5-cpu)
  count weights_bytes = 0;           ///< the weights this stage's model holds (wherever it runs)
  count peak_activation_bytes = 0;   ///< the stage's own live activations at its peak (one call)
  count resident_weights_bytes = 0;  ///< every model's weights on the device during the stage
  count peak_bytes = 0;              ///< device bytes at the stage's peak: resident weights + activations on the device
};

struct pipeline_memory {
  std::array<stage_memory, stage_id_count> stages{};
  std::size_t stage_count = 0;
  std::size_t peak_stage = 0;        ///< index of the stage where the run peaks
  count weights_bytes = 0;           ///< weights on the device at the peak
  count peak_activation_bytes = 0;   ///< activations on the device at the peak
  count peak_bytes = 0;              ///< the run's peak device memory
  count device_bytes = 0;            ///< capacity of the device (0 when none is chosen)
  bool has_device = false;
  bool fits = false;                 ///< peak_bytes <= device_bytes (false without a device)
  count host_bytes = 0;              ///< host RAM holding offloaded weights (run/plan.hpp offload_plan)
  count vae_decode_bytes = 0;        ///< the VAE decode stage's device peak as the run decodes (tiled or not)
  count vae_decode_untiled_bytes = 0; ///< the same without tiling (equal to vae_decode_bytes when untiled)

  [[nodiscard]] constexpr std::span<const stage_memory> stage_list() const { return {stages.data(), stage_count}; }
  /// The memory of stage `id`, or nullptr when it does not run.
  [[nodiscard]] constexpr const stage_memory* find(stage_id id) const {
    for (std::size_t i = 0; i < stage_count; ++i) {
      if (stages[i].stage == id) return &stages[i];
    }
    return nullptr;
  }
};

/// Live activation bytes of one DiT forward on the busiest rank of plan `p`: the forward over the
/// rank's L_pad / p tokens (models/wan/dit_memory.hpp); in Wan2.2 the per-token time tensors
/// e [B, L_pad, D] and e0 [B, L_pad, 6, D] (fp32) are computed over the whole padded sequence
/// before they are chunked (`sp_dit_forward`), and the chunks are views that keep them alive, so
/// the other ranks' tokens add B (L_pad - L_pad / p) 7 D 4 bytes. Each block's
/// `modulation + e0` (6 D per token) is formed from the rank's chunk only, so it stays local.
/// Example: A14B 1280x720x81 on 8 ranks: 66,150 other tokens x 7 x 5120 x 4 = 9,483,264,000 B.
/// On one GPU: the forward's activations.
/// `skipped`: a forward step caching skips (models/wan/dit_memory.hpp).
[[nodiscard]] constexpr count dit_rank_activation_bytes(const run_plan& p, bool skipped = false) {
  const wan_dit_arch& a = p.request.model.arch;
  const count sp = p.layout().sequence_degree();
  token_geometry g = p.geometry;
  g.dit_seq_len = p.padded_seq_len / sp;
  dit_execution x = p.request.exec.dit();
  x.step_cache = p.pipeline.step_cache;
  count bytes = skipped ? dit_skipped_activation_memory(a, sp > 1 ? g : p.geometry, x).peak
                        : dit_activation_memory(a, sp > 1 ? g : p.geometry, x).peak;
  if (sp > 1 && a.per_token_time()) {
    bytes = add(bytes, mul(g.batch, p.padded_seq_len - g.dit_seq_len, 7, a.dim, 4));
  }
  return bytes;
}

/// Pixels of one output video of plan `p` (frames x height x width).
[[nodiscard]] constexpr count video_pixels(const run_plan& p) {
  return mul(p.pipeline.w.frames, p.pipeline.w.height, p.pipeline.w.width);
}

/// Live activation bytes of one call of stage `s` of plan `p` with tree `tree`.
template <class Tree>
[[nodiscard]] constexpr count stage_activation_bytes(const run_plan& p, const planned_stage& s, const Tree& tree) {
  const pipeline_plan& pp = p.pipeline;
  switch (s.kind()) {
  case stage_kind::text_encoder: return t5_activation_bytes();
  case stage_kind::image_encoder: return clip_activation_bytes(clip_vit_h_14, pp.images_per_image_encoder_call);
  case stage_kind::vae_encode: return vae_activation_bytes(tree, mul(pp.vae_encode_frames, pp.w.height, pp.w.width));
  case stage_kind::dit: return dit_rank_activation_bytes(p);
  case stage_kind::dit_skipped: return dit_rank_activation_bytes(p, true);
  case stage_kind::vae_decode:
    if constexpr (is_vae_tiled_decode<Tree>) {
      return vae_tiled_activation_bytes(tree);
    } else {
      // Patch-parallel (--parallel-vae): the rank's slice decode, plus the gathered whole video.
      if (p.layout().parallel_vae) {
        const count slice = pp.wan2_2_vae ? vae_activation_bytes(p.trees.wan2_2_decode_rank, p.vae_rank_pixels)
                                          : vae_activation_bytes(p.trees.wan2_1_decode_rank, p.vae_rank_pixels);
        return add(slice, p.vae_gathered_bytes);
      }
      return vae_activation_bytes(tree, mul(pp.w.frames, pp.w.height, pp.w.width));
    }
  }
  return 0;
}

/// The footprint of plan `p` (without a device: `fits` false and `device_bytes` 0).
[[nodiscard]] constexpr pipeline_memory memory_of(const run_plan& p) {
  pipeline_memory r{};
  for_each_stage(p, [&](const planned_stage& s, const auto& tree) {
    stage_memory sm{.stage = s.id,
                    .on_host = s.where == placement::host,
                    .weights_bytes = s.weights_bytes,
                    .peak_activation_bytes = stage_activation_bytes(p, s, tree),
                    .resident_weights_bytes = s.resident_weights_bytes};
    const count device_activation = sm.on_host ? count{0} : sm.peak_activation_bytes;
    sm.peak_bytes = add(sm.resident_weights_bytes, device_activation);
    if (r.stage_count == 0 || sm.peak_bytes > r.peak_bytes) {
      r.peak_stage = r.stage_count;
      r.peak_bytes = sm.peak_bytes;
      r.weights_bytes = sm.resident_weights_bytes;
      r.peak_activation_bytes = device_activation;
    }
    if (s.kind() == stage_kind::vae_decode) {
      r.vae_decode_bytes = sm.peak_bytes;
      r.vae_decode_untiled_bytes = sm.peak_bytes;
      if (p.vae_tiling.tiled) {
        const count untiled = p.pipeline.wan2_2_vae ? vae_activation_bytes(p.trees.wan2_2_decode, video_pixels(p))
                                                    : vae_activation_bytes(p.trees.wan2_1_decode, video_pixels(p));
        r.vae_decode_untiled_bytes = add(sm.resident_weights_bytes, untiled);
      }
    }
    r.stages[r.stage_count++] = sm;
  });
  r.host_bytes = p.offload.host_bytes;
  if (const device_spec* d = p.request.device; d != nullptr) {
    r.has_device = true;
    r.device_bytes = d->memory_capacity;
    r.fits = r.peak_bytes <= r.device_bytes;
  }
  return r;
}

} // namespace wanmeter
