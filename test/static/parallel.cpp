// Static tier: one rank of the official multi-GPU layouts (run/parallel.hpp,
// models/wan/sequence_shard.hpp). Expected numbers are worked by hand from the official code's
// shapes (wan/distributed/xdit_context_parallel.py, wan/distributed/sequence_parallel.py) and
// the 14B configuration (dim 5120, 40 heads of 128, 40 layers, ffn 13824, 512 text tokens).
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/run/plan.hpp>

#include <boost/hana/at.hpp>

namespace {
using namespace wanmeter;

constexpr const model_entry& t2v14 = *try_find_model("wan2.1-t2v-14b");
constexpr const model_entry& a14b = *try_find_model("wan2.2-t2v-a14b");

constexpr run_plan plan(const model_entry& m, const workload& w, const parallel_layout& l) {
  return make_run_plan(run_request{.model = m, .w = w, .layout = l});
}

// 1280x720x81: L = 21 x 45 x 80 = 75,600, a multiple of 8: no padding, 9,450 tokens per rank.
constexpr workload w720{.frames = 81, .height = 720, .width = 1280, .steps = 50, .guidance_scale = 5.0};
constexpr run_plan u8 = plan(t2v14, w720, {.ulysses = 8, .dit_fsdp = true, .t5_fsdp = true});
static_assert(u8.padded_seq_len == 75'600);
constexpr auto& blk = u8.trees.dit_rank.blocks.node;
// Self-attention after the Ulysses all-to-all: 40 / 8 = 5 heads over all 75,600 queries and keys:
// 4 x 5 x 75,600^2 x 128 = 14,631,321,600,000 (one eighth of one GPU's 117,050,572,800,000).
static_assert(blk.self_attn.attn_core.cost().tensor_flops == 14'631'321'600'000ULL);
// q projection on the local tokens: 2 x 9,450 x 5120 x 5120 = 495,452,160,000.
static_assert(blk.self_attn.q.cost().tensor_flops == 495'452'160'000ULL);
// Cross-attention K of the 512 text tokens, recomputed on every rank: 2 x 512 x 5120^2.
static_assert(blk.cross_attn.k.cost().tensor_flops == 26'843'545'600ULL);
// Cross-attention core: 40 heads, the 9,450 local queries against 512 keys: 4 x 40 x 9,450 x 512 x 128.
static_assert(blk.cross_attn.attn_core.cost().tensor_flops == 99'090'432'000ULL);
// FFN fc1 on the local tokens: 2 x 9,450 x 5120 x 13,824 = 1,337,720,832,000.
static_assert(boost::hana::at_c<0>(blk.ffn.layers).cost().tensor_flops == 1'337'720'832'000ULL);
// The patch embedding runs on every rank over all 75,600 tokens: 2 x 75,600 x (16 x 1 x 2 x 2) x 5120.
static_assert(u8.trees.dit_rank.patch_embedding.cost().tensor_flops == 2ULL * 75'600 * 64 * 5120);

// Collectives of a rank: T5 FSDP (blocks, root), then per DiT forward the Ulysses all-to-alls,
// the head all-gather and the FSDP gathers.
static_assert(u8.collective_count == 6);
// Ulysses: 4 per block x 40 blocks x 100 forwards; buffer 9,450 x 5120 x 2 B = 96,768,000, of
// which a rank sends 7/8: 84,672,000 B.
constexpr planned_collective a2a = u8.collectives[2];
static_assert(a2a.kind == collective::all_to_all && a2a.stage == stage_id::dit && a2a.group == 8);
static_assert(a2a.calls == 16'000 && a2a.message_bytes == 96'768'000 && a2a.bytes_per_call == 84'672'000);
// Head output all-gather: fp32 [9,450, 1 x 2 x 2 x 16] chunks: 2,419,200 B each, 7 sent.
constexpr planned_collective head = u8.collectives[3];
static_assert(head.kind == collective::all_gather && head.calls == 100);
static_assert(head.message_bytes == 2'419'200 && head.bytes_per_call == 7 * 2'419'200);
// FSDP: one bf16 all-gather of a block per block per forward. A block holds self-attention and
// cross-attention q, k, v, o (8 x (5120^2 + 5120) = 209,756,160), four RMSNorms and the affine
// norm3 (6 x 5120 = 30,720 with norm3's bias), the FFN (2 x 5120 x 13,824 + 13,824 + 5120 =
// 141,576,704) and the modulation (6 x 5120 = 30,720): 351,394,304 parameters; a rank's chunk is
// 351,394,304 / 8 x 2 B = 87,848,576 B. The root unit is the rest of the 14,288,491,584:
// 14,288,491,584 - 40 x 351,394,304 = 232,719,424 parameters, a chunk of 232,719,424 / 8 x 2.
constexpr planned_collective fsdp = u8.collectives[4];
static_assert(fsdp.kind == collective::all_gather && fsdp.purpose == comm_purpose::weights);
static_assert(fsdp.calls == 4'000 && fsdp.message_bytes == 87'848'576);
static_assert(u8.collectives[5].calls == 100 && u8.collectives[5].message_bytes == 232'719'424 / 8 * 2);

// A size whose tokens do not divide by 8: 848x480 -> latent 60 x 106 -> 30 x 53 = 1,590 tokens
// per frame, x 21 = 33,390; padded to ceil(33,390 / 8) x 8 = 33,392, 4,174 per rank.
constexpr workload w848{.frames = 81, .height = 480, .width = 848, .steps = 50, .guidance_scale = 5.0};
constexpr run_plan u8_848 = plan(t2v14, w848, {.ulysses = 8});
static_assert(u8_848.padded_seq_len == 33'392);
static_assert(u8_848.trees.dit_rank.blocks.node.self_attn.q.cost().tensor_flops == 2ULL * 4'174 * 5120 * 5120);
// Wan2.1 attends the padded keys (no mask on the USP path): 4 x 5 x 33,392^2 x 128.
static_assert(u8_848.trees.dit_rank.blocks.node.self_attn.attn_core.cost().tensor_flops ==
              4ULL * 5 * 33'392 * 33'392 * 128);
// Wan2.2 masks them (k_lens): 33,392 queries against the 33,390 real keys.
constexpr workload w848_22{.frames = 81, .height = 480, .width = 848, .steps = 40, .guidance_scale = 4.0};
static_assert(plan(a14b, w848_22, {.ulysses = 8}).trees.dit_rank.blocks.node.self_attn.attn_core.cost().tensor_flops ==
              4ULL * 5 * 33'392 * 33'390 * 128);
// Wan2.2's per-token time MLP runs over the whole padded sequence on every rank:
// time_embedding.0 is 2 x 33,392 x 256 x 5120.
static_assert(boost::hana::at_c<0>(plan(a14b, w848_22, {.ulysses = 8}).trees.dit_rank.time_embedding.layers)
                  .cost()
                  .tensor_flops ==
              2ULL * 33'392 * 256 * 5120);

// Ring (Wan2.1, 1.3B's official 8-GPU layout): 12 heads, 832x480 (32,760 tokens): each rank keeps
// 4,095 queries of all 12 heads and meets all 32,760 keys over 7 K/V hops per block; each hop
// sends K and V of [4,095, 1536] bf16 = 12,579,840 B.
constexpr const model_entry& t2v13 = *try_find_model("wan2.1-t2v-1.3b");
constexpr workload w480{.frames = 81, .height = 480, .width = 832, .steps = 50, .guidance_scale = 5.0};
constexpr run_plan r8 = plan(t2v13, w480, {.ring = 8});
static_assert(r8.trees.dit_rank.blocks.node.self_attn.attn_core.cost().tensor_flops == 4ULL * 12 * 4'095 * 32'760 * 128);
static_assert(r8.collectives[0].kind == collective::send_recv && r8.collectives[0].message_bytes == 12'579'840);
static_assert(r8.collectives[0].calls == 100ULL * 2 * 7 * 30);
// xDiT's ring loop merges the 8 partial outputs into an fp32 accumulator after each step
// (yunchang `update_out_and_lse`, one fused kernel per merge): 7 merges per block forward, each
// reading the fp32 running output (4 B) and the step's bf16 output (2 B) and writing the fp32
// output (4 B) per element of [4,095 queries, 12 heads x 128], with 3 FLOPs (sub, mul, sub):
//   elements 7 x 4,095 x 1,536 = 44,029,440; read x 6 = 264,176,640 B; written x 4 = 176,117,760 B;
//   vector FLOPs x 3 = 132,088,320; the accumulator 4,095 x 1,536 x 4 = 25,159,680 B.
constexpr auto& r8_attn = r8.trees.dit_rank.blocks.node.self_attn;
static_assert(r8_attn.ring_merge.present && r8_attn.ring_merge.node.merges == 7);
static_assert(r8_attn.ring_merge.node.cost().bytes_read == 264'176'640ULL);
static_assert(r8_attn.ring_merge.node.cost().bytes_written == 176'117'760ULL);
static_assert(r8_attn.ring_merge.node.cost().vector_flops == 132'088'320ULL);
static_assert(r8_attn.ring_merge.node.cost().activation_bytes == 25'159'680ULL);
// Ulysses alone has no merge (its single step's fp32 round trip is the core's output cast).
static_assert(!blk.self_attn.ring_merge.present);

// Under --exec fused, q, k and v travel packed in one all-to-all of 3 x 96,768,000 B per block,
// then the output back: 2 per block instead of 4.
constexpr run_plan fused8 = make_run_plan(run_request{.model = t2v14, .w = w720, .exec = {.mode = exec_model::fused},
                                                      .layout = {.ulysses = 8}});
static_assert(fused8.collectives[0].module == "blocks.*.self_attn.qkv" && fused8.collectives[0].calls == 4'000);
static_assert(fused8.collectives[0].message_bytes == 3ULL * 96'768'000);
static_assert(fused8.collectives[1].module == "blocks.*.self_attn.o" && fused8.collectives[1].message_bytes == 96'768'000);

// Patch-parallel VAE decode (--parallel-vae, fused; LightX2V's 1-D split), 14B 1280x720x81 on 8
// GPUs: the Wan2.1 VAE's latent is 90 rows x 160 columns (stride 8). Each rank keeps ceil(90 / 8)
// = 12 latent rows (96 pixel rows); an inner rank decodes one more latent row beside each of its
// two cuts: 14 rows, 112 pixel rows, 81 x 112 x 1280 = 11,612,160 pixels. The all-gather moves
// the fp32 slices [3, 81, 96, 1280]: 3 x 81 x 96 x 1280 x 4 = 119,439,360 B a rank, which it
// sends to the 7 others (ring all-gather: 7 x 119,439,360 = 836,075,520 B); every rank then holds the whole gathered video, 8 x 119,439,360 = 955,514,880 B.
constexpr run_plan pvae = make_run_plan(run_request{.model = t2v14, .w = w720, .exec = {.mode = exec_model::fused},
                                                    .layout = {.ulysses = 8, .parallel_vae = true}});
constexpr planned_collective vae_gather = pvae.collectives[pvae.collective_count - 1];
static_assert(vae_gather.stage == stage_id::vae_decode && vae_gather.purpose == comm_purpose::vae);
static_assert(vae_gather.kind == collective::all_gather && vae_gather.group == 8 && vae_gather.calls == 1);
static_assert(vae_gather.message_bytes == 119'439'360ULL && vae_gather.bytes_per_call == 836'075'520ULL);
static_assert(pvae.vae_rank_pixels == 11'612'160ULL && pvae.vae_gathered_bytes == 955'514'880ULL);
// The rank's decode tree is the whole decode over 14 of the 90 latent rows: its latent-sized
// conv2 (1x1x1, over 21 x rows x 160) costs 14 / 90 of the whole one's.
static_assert(pvae.trees.wan2_1_decode_rank.conv2.cost().tensor_flops * 90 == pvae.trees.wan2_1_decode.conv2.cost().tensor_flops * 14);
// Without the flag, rank 0 decodes the whole video and no VAE collective is planned.
static_assert(fused8.collectives[fused8.collective_count - 1].purpose != comm_purpose::vae);

// One GPU: the rank is the whole model and nothing is sent.
constexpr run_plan one = plan(t2v14, w720, {});
static_assert(one.collective_count == 0 && one.padded_seq_len == 75'600);
static_assert(cost_of(one.trees.dit_rank) == cost_of(one.trees.dit));

} // namespace
