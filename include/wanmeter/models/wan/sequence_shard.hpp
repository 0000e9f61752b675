#pragma once
// How one rank of a sequence-parallel DiT forward sees the tokens: the official multi-GPU code of
// Wan2.1 (xDiT USP: `wan/distributed/xdit_context_parallel.py`, `usp_dit_forward`,
// `usp_attn_forward`) and of Wan2.2 (`wan/distributed/sequence_parallel.py`, `sp_dit_forward`,
// `sp_attn_forward`), read op by op:
//
//   padding      the sequence is padded to seq_len = ceil(L / p) * p (`text2video.py`:
//                math.ceil(h * w / (ph * pw) * f / sp) * sp, exact in double for every legal
//                size) and chunked: each rank keeps L_pad / p tokens;
//   replicated   on every rank, over the whole sequence: the patch embedding (before the
//                padding), the text embedding (512 tokens), the CLIP image projection, the time
//                MLP and projection (per sample in Wan2.1; per token over the whole padded
//                sequence in Wan2.2, since `t` is expanded before chunking), the cross-attention
//                text K/V projections in every block, and the unpatchify of the gathered output;
//   local        every other op of a block and of the head, on the rank's L_pad / p tokens;
//   self-attention core
//                Ulysses degree u scatters heads and gathers the sequence: N / u heads; ring
//                degree r keeps L_pad / r queries and sees all L_pad keys over r steps. Padded
//                keys are attended in Wan2.1 (no mask on the USP path) and masked in Wan2.2
//                (`k_lens`), so Wan2.2 has L keys.
//
// Worked example: Wan2.1 T2V-14B 1280x720x81 (L = 75,600) with Ulysses 8: 9,450 local tokens
// per rank; each self-attention core has 40 / 8 = 5 heads over 75,600 queries and keys:
// 4 x 5 x 75,600^2 x 128 = 14,631,321,600,000 FLOPs per block per rank (1/8 of one GPU's).

#include <wanmeter/core/checked.hpp>

namespace wanmeter {

struct sequence_shard {
  count ulysses = 1;             ///< Ulysses degree u (heads scattered)
  count ring = 1;                ///< ring degree r (queries split, K/V passed around)
  bool mask_padded_keys = false; ///< Wan2.2 masks the padded keys; Wan2.1's USP path does not

  /// The sequence-parallel degree p = u x r.
  [[nodiscard]] constexpr count degree() const { return checked_mul(ulysses, ring); }
  friend constexpr bool operator==(const sequence_shard&, const sequence_shard&) = default;
};

} // namespace wanmeter
