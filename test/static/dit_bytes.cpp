// Static tier: memory traffic of the DiT under the two execution models, against the official
// code's kernel sequence (`WanModel.forward` of `wan/modules/model.py` under autocast(bf16) with
// fp32 weights) worked by hand, kernel by kernel, and a per-token estimate of the same kernels.
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/dit_memory.hpp>
#include <wanmeter/models/wan/profiles.hpp>

namespace {
using namespace wanmeter;

constexpr count L = 75'600;
constexpr count D = 5'120;
constexpr count LD = L * D;
constexpr count P = D * D + D; // one D x D Linear with bias

constexpr wan_model eager = make_wan_dit(wan2_1_t2v_14b, profile_720p);                    // official
constexpr wan_model fused = make_wan_dit(wan2_1_t2v_14b, profile_720p, fused_execution()); // ideal
constexpr wan_model eager_bf16 = make_wan_dit(wan2_1_t2v_14b, profile_720p, eager_execution(dtype::bf16));

// q projection, eager: fp32 weight cast to bf16 (read 4P, write 2P), GEMM reads the copy (2P);
// fp32 input cast (read 4 LD, write 2 LD), GEMM reads it (2 LD); output bf16 (2 LD).
constexpr metrics q_eager = eager.blocks.node.self_attn.q.cost();
static_assert(q_eager.bytes_read == 4 * P + 2 * P + 4 * LD + 2 * LD);
static_assert(q_eager.bytes_written == 2 * P + 2 * LD + 2 * LD);
// With bf16 weights (convert_model_dtype) there is no weight cast: 2 B/param.
static_assert(eager_bf16.blocks.node.self_attn.q.cost().bytes_read == 2 * P + 4 * LD + 2 * LD);
// Fused: weights and bf16 input read once, output written once.
static_assert(fused.blocks.node.self_attn.q.cost().bytes_read == 2 * P + 2 * LD);
static_assert(fused.blocks.node.self_attn.q.cost().bytes_written == 2 * LD);

// norm_q, eager: x.float() r2 w4, pow r4 w4, mean r4, x*rsqrt r4 w4, type_as r4 w2, *weight
// r2 w4 -> 20 read and 18 written per element, plus the fp32 weight (4 D).
static_assert(eager.blocks.node.self_attn.norm_q.cost().bytes_read == 20 * LD + 4 * D);
static_assert(eager.blocks.node.self_attn.norm_q.cost().bytes_written == 18 * LD);
// RoPE on q and k, eager float64: 36 read and 36 written per element per tensor.
static_assert(eager.blocks.node.self_attn.rope.cost().bytes_read == 2 * 36 * LD);
static_assert(eager.blocks.node.self_attn.rope.cost().bytes_written == 2 * 36 * LD);
// Self-attention core, eager: cast q and k (r4 w2 each), flash-attention I/O (r q k v, w o in
// bf16), output cast back to fp32 (r2 w4) -> read 8 + 6 + 2 = 16, written 4 + 2 + 4 = 10.
static_assert(eager.blocks.node.self_attn.attn_core.cost().bytes_read == 16 * LD);
static_assert(eager.blocks.node.self_attn.attn_core.cost().bytes_written == 10 * LD);
// Fused: FlashAttention I/O only.
static_assert(fused.blocks.node.self_attn.attn_core.cost().bytes_read == 6 * LD);
static_assert(fused.blocks.node.self_attn.attn_core.cost().bytes_written == 2 * LD);
// Gated residual, eager: y*gate r2 w4, x + r8 w4 (+ the fp32 gate row).
static_assert(eager.blocks.node.residual_sa.cost().bytes_read == 10 * LD + 4 * D);
static_assert(eager.blocks.node.residual_sa.cost().bytes_written == 8 * LD);

// Whole block: a per-token estimate of the same eager kernels (weight casts spread over the
// tokens) gives about 269 D read and 237 D written per token per block; the kernel-by-kernel sum lands within
// 2% of both, and the fused implementation needs less than a sixth of it.
constexpr metrics blk_eager = cost_of(eager.blocks.node);
constexpr metrics blk_fused = cost_of(fused.blocks.node);
static_assert(blk_eager.bytes_read > 264 * LD && blk_eager.bytes_read < 274 * LD);
static_assert(blk_eager.bytes_written > 232 * LD && blk_eager.bytes_written < 242 * LD);
static_assert(6 * blk_fused.bytes() < blk_eager.bytes());
// Whole forward: that estimate is about 7.8 TB eager at 720p (2.6 MB per token-block x 75,600
// tokens x 40 blocks), about 1.2-1.3 TB fused.
static_assert(cost_of(eager).bytes() > 7'600'000'000'000ULL && cost_of(eager).bytes() < 8'000'000'000'000ULL);
static_assert(cost_of(fused).bytes() > 1'100'000'000'000ULL && cost_of(fused).bytes() < 1'400'000'000'000ULL);

// The execution model never changes the FLOPs or the parameters.
static_assert(cost_of(eager).tensor_flops == cost_of(fused).tensor_flops);
static_assert(cost_of(eager).vector_flops == cost_of(fused).vector_flops);
static_assert(cost_of(eager).parameters == cost_of(fused).parameters);
// Weight bytes follow the storage dtype: fp32 official, bf16 fused, fp8 fused at 1 B/param.
static_assert(cost_of(fused).weight_bytes * 2 == cost_of(eager).weight_bytes);
static_assert(dit_forward_cost(wan2_1_t2v_14b, profile_720p, fused_execution(dtype::fp8)).weight_bytes ==
              14'288'491'584ULL);
} // namespace

// ---- peak activation memory (models/wan/dit_memory.hpp) --------------------------------------
namespace {
// Eager 14B 720p: persistent x 4 E + context 512 * 5120 * 2 + e/e0 7 * 5120 * 4; block peak in
// self-attention 34 E (4+4+4+2+4 + 2*8). E = 387,072,000.
constexpr dit_memory mem = dit_activation_memory(wan2_1_t2v_14b, profile_720p);
static_assert(mem.persistent == 4 * LD + 512ULL * 5120 * 2 + 7ULL * 5120 * 4);
static_assert(mem.block_peak == 34 * LD);
static_assert(mem.peak == 38 * LD + 512ULL * 5120 * 2 + 7ULL * 5120 * 4);
// With the fp32 weights (57.15 GB) that is within 10% of the official 69.1 GB peak
// (62.19 GB .. 76.01 GB).
static_assert(mem.peak + 57'153'966'336ULL > 62'190'000'000ULL);
static_assert(mem.peak + 57'153'966'336ULL < 76'010'000'000ULL);
// Fused: y, q, k, v, o in bf16 = 10 E bytes, far below eager.
static_assert(dit_activation_memory(wan2_1_t2v_14b, profile_720p, fused_execution()).block_peak == 10 * LD);
// Wan2.2 keeps the per-token e and e0 (n_t 7 D * 4 = 28 E) and each block's modulation + e0
// (n_t 6 D * 4 = 24 E) alive: the A14B peak is much larger at the same size.
static_assert(dit_activation_memory(wan2_2_t2v_a14b, profile_720p).persistent ==
              4 * LD + 512ULL * 5120 * 2 + 28 * LD + 24 * LD);
} // namespace
