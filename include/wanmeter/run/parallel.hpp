#pragma once
// A multi-GPU layout and what it sends: the official multi-GPU code of Wan2.1 (xDiT USP,
// `generate.py --ulysses_size U --ring_size R --dit_fsdp --t5_fsdp`) and Wan2.2
// (`--ulysses_size` = world size, FSDP per expert), plus the layouts the faster engines add under
// `--exec fused` (CFG parallel: xDiT, LightX2V and SGLang-Diffusion run the two guidance
// branches on two GPU groups).
//
//   world size = ulysses x ring x cfg
//
// Rules (each an `invalid_input` naming it): every degree >= 1 and the world size <= 64; the
// heads divisible by the Ulysses degree (`generate.py` asserts num_heads % ulysses_size == 0);
// ring only in Wan2.1 (Wan2.2 has no ring) unless the execution is fused; CFG parallel only
// under --exec fused (no official code has it) and with guidance (two branches to split).
//
// Collectives of one rank (bytes one rank sends per call, nccl-tests conventions):
//   Ulysses   4 all-to-alls per block (q, k, v in; the attention output back), bf16, of the
//             rank's [B, L_pad / p, D] buffer S: it sends (u - 1) / u x S; under --exec fused
//             q, k and v travel packed in one all-to-all of 3 S (xDiT's use_pack_qkv, LightX2V);
//   ring      (r - 1) steps per block, each a send_recv of K and of V, [B, L_pad / r, D / u]
//             bf16 (overlapped with the attention of the current block in xDiT's ring);
//   head      one all-gather per forward of the fp32 head output, chunk [B, L_pad / p,
//             patch volume x out_dim]: it sends (p - 1) x chunk;
//   FSDP      one all-gather per block per forward of the bf16 block weights (FSDP1,
//             FULL_SHARD, one unit per block, `wan/distributed/fsdp.py`), chunk = ceil(block
//             parameters / w) x 2 B, plus the root unit (the rest of the model) once per forward;
//             the T5 the same way with --t5-fsdp (24 blocks, per call);
//   CFG       one all-gather of the fp32 predicted latent per step between the two groups;
//   VAE       with --parallel-vae (fused only: LightX2V's parallel VAE decode,
//             `lightx2v/models/video_encoders/hf/wan/vae.py`; xDiT's DistVAE is the other engine
//             with one) every rank decodes a horizontal slice of ceil(h / p) latent rows plus the
//             rows next to it (one latent row beside each cut, recomputed rather than exchanged),
//             then one all-gather of the decoded fp32 slices [3, F, rows x stride, W] builds the
//             whole video on every rank.
//
// Worked example: Wan2.1 T2V-14B 1280x720x81 with Ulysses 8: S = 75,600 / 8 x 5120 x 2 =
// 96,768,000 B; each all-to-all sends 7/8 of it, 84,672,000 B; 4 x 40 per forward.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/models/wan/sequence_shard.hpp>

#include <string>

namespace wanmeter {

inline constexpr count max_world_size = 64;

struct parallel_layout {
  count ulysses = 1;         ///< --ulysses-size
  count ring = 1;            ///< --ring-size (Wan2.1)
  count cfg = 1;             ///< 2 with --cfg-parallel (fused only)
  bool dit_fsdp = false;     ///< --dit-fsdp
  bool t5_fsdp = false;      ///< --t5-fsdp
  bool parallel_vae = false; ///< --parallel-vae: patch-parallel VAE decode over the world (fused only)

  [[nodiscard]] constexpr count sequence_degree() const { return checked_mul(ulysses, ring); }
  [[nodiscard]] constexpr count world_size() const { return mul(ulysses, ring, cfg); }
  [[nodiscard]] constexpr bool single_gpu() const { return world_size() == 1; }
  friend constexpr bool operator==(const parallel_layout&, const parallel_layout&) = default;
};

/// Throws `invalid_input` naming the broken rule unless layout `l` is legal for model `m`.
constexpr void check_layout(const parallel_layout& l, const model_entry& m, exec_model mode,
                                          const workload& w) {
  const auto fail = [](std::string_view knob, count value, std::string_view rule) {
    throw invalid_input(knob, std::to_string(value), std::string(rule));
  };
  if (l.ulysses < 1 || l.ulysses > max_world_size) fail("ulysses_size", l.ulysses, "the Ulysses degree must be between 1 and 64");
  if (l.ring < 1 || l.ring > max_world_size) fail("ring_size", l.ring, "the ring degree must be between 1 and 64");
  if (l.cfg != 1 && l.cfg != 2) fail("cfg_size", l.cfg, "CFG parallel splits the two guidance branches: 1 or 2 groups");
  if (l.world_size() > max_world_size) {
    fail("world_size", l.world_size(), "the world size (ulysses x ring x cfg) must be at most 64");
  }
  if (m.arch.num_heads % l.ulysses != 0) {
    fail("ulysses_size", l.ulysses,
         "the Ulysses degree must divide the number of heads (" + std::to_string(m.arch.num_heads) + " for " +
             std::string(m.id) + ")");
  }
  if (l.ring > 1 && m.arch.version == wan_version::v2_2 && mode != exec_model::fused) {
    fail("ring_size", l.ring, "the official Wan2.2 code has no ring attention (Ulysses only); use --exec fused");
  }
  if (l.cfg > 1 && mode != exec_model::fused) {
    fail("cfg_size", l.cfg, "CFG parallel is not in the official code; use --exec fused");
  }
  if (l.parallel_vae && mode != exec_model::fused) {
    fail("parallel_vae", 1,
         "the patch-parallel VAE decode is not in the official code (rank 0 decodes; LightX2V and xDiT's DistVAE "
         "split it); use --exec fused");
  }
  if (l.parallel_vae && l.world_size() < 2) fail("parallel_vae", 1, "the patch-parallel VAE decode needs more than one GPU");
  if (l.cfg > 1 && forwards_per_step(w) < 2) {
    fail("cfg_size", l.cfg, "CFG parallel needs classifier-free guidance (a guidance scale other than 1)");
  }
}

/// Latent rows of the VAE decode that each rank of a patch-parallel decode keeps: ceil(h / p)
/// (the last rank's slice is padded to it for the all-gather). 1280x720, Wan2.1 VAE (90 latent
/// rows), 8 ranks: 12.
[[nodiscard]] constexpr count vae_slice_rows(count latent_height, count ranks) { return ceil_div(latent_height, ranks); }

/// Latent rows the busiest rank decodes beside its slice: one beside each cut it has (LightX2V's
/// 1-D split overlaps one latent row; an inner rank has two cuts, either end rank one).
[[nodiscard]] constexpr count vae_halo_rows(count ranks) { return ranks > 2 ? 2 : ranks - 1; }

/// The sequence shard of one rank of layout `l` for a model of `family`.
[[nodiscard]] constexpr sequence_shard shard_of(const parallel_layout& l, wan_version family) {
  return sequence_shard{.ulysses = l.ulysses, .ring = l.ring, .mask_padded_keys = family == wan_version::v2_2};
}

} // namespace wanmeter
