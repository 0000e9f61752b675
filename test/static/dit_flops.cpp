// Static tier: tensor FLOPs of the DiT, hand-derived from the official op list (the modules
// `WanModel.forward` of `wan/modules/model.py` calls; also recomputed by an independent Python
// script of the same formulas).
//
// Per block (B = 1, Lt = 512): L (12 D^2 + 4 D F) + 4 L^2 D + 4 L Lt D + 4 Lt D^2
// Once per forward: patch 2 L (4 * 16) D; text 2 * 512 (4096 D + D^2);
// time 2 (256 D + D^2) + 2 * 6 D^2; head 2 L D 64.
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/profiles.hpp>

namespace {
using namespace wanmeter;

constexpr wan_model dit14_720 = make_wan_dit(wan2_1_t2v_14b, profile_720p);
constexpr wan_model dit13_480 = make_wan_dit(wan2_1_t2v_1_3b, profile_480p);

// --- Wan2.1 T2V-14B, 1280x720x81: D = 5120, F = 13824, L = 75,600 ----------------------------
// block: 75,600 * (12 * 5120^2 + 4 * 5120 * 13824) = 75,600 * 597,688,320 =  45,185,236,992,000
//      + 4 * 75,600^2 * 5120                                              = 117,050,572,800,000
//      + 4 * 75,600 * 512 * 5120                                          =     792,723,456,000
//      + 4 * 512 * 5120^2                                                 =      53,687,091,200
//      = 163,082,220,339,200
static_assert(cost_of(dit14_720.blocks.node).tensor_flops == 163'082'220'339'200ULL);
static_assert(dit14_720.blocks.node.self_attn.attn_core.cost().tensor_flops == 117'050'572'800'000ULL);
static_assert(dit14_720.blocks.node.cross_attn.attn_core.cost().tensor_flops == 792'723'456'000ULL);
static_assert(dit14_720.blocks.node.self_attn.q.cost().tensor_flops == 3'963'617'280'000ULL); // 2 L D^2
// embeddings: patch 2 * 75,600 * 64 * 5120 = 49,545,216,000; text 2 * 512 * (4096 * 5120 +
// 5120^2) = 48,318,382,080; time 2 * (256 * 5120 + 5120^2) + 2 * 6 * 5120^2 = 369,623,040;
// head 2 * 75,600 * 5120 * 64 = 49,545,216,000.
static_assert(dit14_720.patch_embedding.cost().tensor_flops == 49'545'216'000ULL);
static_assert(cost_of(dit14_720.text_embedding).tensor_flops == 48'318'382'080ULL);
static_assert(cost_of(dit14_720.time_embedding).tensor_flops + cost_of(dit14_720.time_projection).tensor_flops ==
              369'623'040ULL);
static_assert(cost_of(dit14_720.head).tensor_flops == 49'545'216'000ULL);
// forward: 40 * 163,082,220,339,200 + 49,545,216,000 + 48,318,382,080 + 369,623,040
//          + 49,545,216,000 = 6,523,436,592,005,120 (README.md's headline figure)
static_assert(cost_of(dit14_720).tensor_flops == 6'523'436'592'005'120ULL);

// --- Wan2.1 T2V-1.3B, 832x480x81: D = 1536, F = 8960, L = 32,760 ----------------------------
// block: 32,760 * (12 * 1536^2 + 4 * 1536 * 8960) = 32,760 * 83,361,792 = 2,730,932,305,920
//      + 4 * 32,760^2 * 1536                                          = 6,593,848,934,400
//      + 4 * 32,760 * 512 * 1536                                      =   103,054,049,280
//      + 4 * 512 * 1536^2                                             =     4,831,838,208
//      = 9,432,667,127,808
static_assert(cost_of(dit13_480.blocks.node).tensor_flops == 9'432'667'127'808ULL);
// forward: 30 * 9,432,667,127,808 + patch 6,440,878,080 + text 8,858,370,048
//          + time 33,816,576 + head 6,440,878,080 = 283,001,787,777,024
static_assert(cost_of(dit13_480).tensor_flops == 283'001'787'777'024ULL);

// --- both models on the tiny profile (256x256x5, L = 512) ----------------------------------
// 14B: 40 * 370,440,929,280 + 335,544,320 + 48,318,382,080 + 369,623,040 + 335,544,320
static_assert(dit_forward_cost(wan2_1_t2v_14b, profile_ci_tiny).tensor_flops == 14'866'996'264'960ULL);
// 1.3B: 30 * 50,734,301,184 + 100,663,296 + 8,858,370,048 + 33,816,576 + 100,663,296
static_assert(dit_forward_cost(wan2_1_t2v_1_3b, profile_ci_tiny).tensor_flops == 1'531'122'548'736ULL);

// --- batch scales every FLOP (cond and uncond are separate batch-1 forwards) ---------------
static_assert(dit_forward_cost(wan2_1_t2v_1_3b, workload{.batch = 2, .height = 480, .width = 832}).tensor_flops ==
              2 * 283'001'787'777'024ULL);

// --- monotonic in frames, height and width ---------------------------------------------------
constexpr count flops(count f, count h, count w) {
  return dit_forward_cost(wan2_1_t2v_1_3b, workload{.frames = f, .height = h, .width = w}).tensor_flops;
}
static_assert(flops(77, 480, 832) < flops(81, 480, 832) && flops(81, 480, 832) < flops(85, 480, 832));
static_assert(flops(81, 464, 832) < flops(81, 480, 832) && flops(81, 480, 832) < flops(81, 496, 832));
static_assert(flops(81, 480, 816) < flops(81, 480, 832) && flops(81, 480, 832) < flops(81, 480, 848));

// --- step scaling: linear in steps, x2 with guidance, footprints unchanged -------------------
constexpr dit_run_cost run1 = dit_run(wan2_1_t2v_1_3b, workload{.height = 480, .width = 832, .steps = 1});
constexpr dit_run_cost run50 = dit_run(wan2_1_t2v_1_3b, profile_480p);
constexpr dit_run_cost run50_nocfg =
    dit_run(wan2_1_t2v_1_3b, workload{.height = 480, .width = 832, .steps = 50, .guidance_scale = 1.0});
static_assert(run1.forwards == 2 && run50.forwards == 100 && run50_nocfg.forwards == 50);
static_assert(run50.total.tensor_flops == 50 * run1.total.tensor_flops);
static_assert(run50.total.tensor_flops == 100 * 283'001'787'777'024ULL); // 28.3 PFLOP per video
static_assert(run50_nocfg.total.tensor_flops * 2 == run50.total.tensor_flops);
static_assert(run50.total.vector_flops == 100 * run50.per_forward.vector_flops);
static_assert(run50.total.bytes_read == 100 * run50.per_forward.bytes_read);

// --- no KV cache: nothing accumulates across steps, and every forward recomputes the text K/V
// projections (4 * 512 * D^2 per block) instead of caching them ------------------------------
static_assert(run50.total.weight_bytes == run1.per_forward.weight_bytes);
static_assert(run50.total.activation_bytes == run1.per_forward.activation_bytes);
static_assert(run50.total.parameters == run1.per_forward.parameters);
static_assert(dit13_480.blocks.node.cross_attn.k.cost().tensor_flops +
                  dit13_480.blocks.node.cross_attn.v.cost().tensor_flops ==
              4ULL * 512 * 1536 * 1536);
} // namespace
