// Static tier: what step caching (--cache-skip) costs, as TeaCache4Wan2.1's `teacache_forward`
// runs it (models/wan/step_cache.hpp, models/wan/skipped_forward.hpp): the forward it skips
// (embeddings, the cache's test, the stored residual added back, the head) and what a computed
// forward adds (x saved, the residual stored), worked by hand from the official code's kernels
// (`WanModel.forward` under autocast(bf16), fp32 weights) for Wan2.1 T2V-14B at 1280x720x81;
// and the forwards of each kind per expert.
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/models/wan/skipped_forward.hpp>

namespace {
using namespace wanmeter;

constexpr count L = 75'600;
constexpr count D = 5'120;
constexpr count LD = L * D; // 387,072,000

constexpr dit_execution cached{.step_cache = true};
constexpr wan_model computed = make_wan_dit(wan2_1_t2v_14b, profile_720p, cached);
constexpr wan_model plain = make_wan_dit(wan2_1_t2v_14b, profile_720p);
constexpr wan_skipped_forward skipped = make_wan_skipped_forward(computed, cached);
constexpr metrics s = cost_of(skipped);

// --- the skipped forward: FLOPs ------------------------------------------------------------------
// patch_embedding  Conv3d(16, D, 1x2x2) over L patches: 2 L (16 x 4) D        = 49,545,216,000
// text_embedding   2 x 512 x (4096 D + D^2)                                     = 48,318,382,080
// time_embedding   2 x (256 D + D^2)                                            =     55,050,240
// time_projection  2 x 6 D^2                                                    =    314,572,800
// head             2 L D (4 x 16)                                               = 49,545,216,000
//                                                                        total  147,778,437,120
static_assert(s.tensor_flops == 147'778'437'120);
static_assert(skipped.patch_embedding.cost().tensor_flops == 49'545'216'000);
static_assert(skipped.head.head.cost().tensor_flops == 49'545'216'000);
// Vector FLOPs: patch bias L D; text 2 x 512 D biases + 512 D GELU (9 ops each in
// layers/activations.hpp: 23,592,960 / 2,621,440 = 9); the cache test 5 D + 1; x += residual
// L D; the head's LayerNorm 5 L D + L, modulate 2 L D + D, bias L x 64; the rest small. The
// residual add is the one new full-size op of the skipped path: L D = 387,072,000.
static_assert(skipped.cache_apply.cost().vector_flops == LD);
static_assert(skipped.cache.test.cost().vector_flops == 5 * D + 1);

// --- the skipped forward: bytes ------------------------------------------------------------------
// Linear with fp32 weights under autocast(bf16): the weight (and bias) cast read 4 P write 2 P,
// the GEMM reads the copy 2 P; under autocast(fp32) (time MLP, head) the GEMM reads 4 P.
//                       read                                   written
// patch_embedding       L 64 x 2 + (64 D + D) x 4 = 11,008,000  L D x 2 = 774,144,000
// text_embedding.0      6 x 20,976,640 + 512 x 4096 x 2          2 x 20,976,640 + 512 D x 2
//                       = 130,054,144                            = 47,196,160
// text_embedding.1      512 D x 2 = 5,242,880 (GELU, bf16)       5,242,880
// text_embedding.2      6 x 26,219,520 + 512 D x 2 = 162,560,000 2 x 26,219,520 + 512 D x 2 = 57,681,920
// time_sinusoidal       8 (t, fp64)                              256 x 8 = 2,048
// time_embedding.0      1,315,840 x 4 + 256 x 4 = 5,264,384      D x 4 = 20,480
// time_embedding.1      20,480 (SiLU, fp32)                      20,480
// time_embedding.2      26,219,520 x 4 + D x 4 = 104,898,560     20,480
// time_projection.0     20,480                                   20,480
// time_projection.1     157,317,120 x 4 + D x 4 = 629,288,960    6 D x 4 = 122,880
// cache.test            (6 D + 3) x 4 = 122,892                  (3 D + 3) x 4 = 61,452
// cache.keep_input      D x 4 = 20,480                           20,480
// cache_apply           x bf16 + residual fp32: 6 L D            x bf16 in place: 2 L D
// head.modulation       2 D x 4 + 2 D x 4 (table) = 81,920       2 D x 4 = 40,960
// head.norm             x.float() 2 + norm 4 + .type_as 4: 10 L D  4 + 4 + 2: 10 L D
// head.modulate         bf16 x 2 + fp32 4: 6 L D + 2 D x 4       two fp32 results: 8 L D
// head.head             L D x 4 + (64 D + 64) x 4                L 64 x 4 = 19,353,600
//                       = 1,549,598,976
// unpatchify            19,353,600                               19,353,600
// total read  = 11,008,000 + 130,054,144 + 5,242,880 + 162,560,000 + 8 + 5,264,384 + 20,480
//               + 104,898,560 + 20,480 + 629,288,960 + 122,892 + 20,480 + 6 LD + 81,920 + 10 LD
//               + 6 LD + 40,960 + 1,549,598,976 + 19,353,600 = 11,133,160,724
// total written = 774,144,000 + 47,196,160 + 5,242,880 + 57,681,920 + 2,048 + 4 x 20,480
//               + 122,880 + 61,452 + 20,480 + 2 LD + 40,960 + 10 LD + 8 LD + 2 x 19,353,600
//               = 8,664,741,900
// 19.80 GB per skipped forward (the 12.8 GB estimated before left out the casts of the bf16 x
// at the head and the text embedding's 8 B/param weight casts).
static_assert(s.bytes_read == 11'133'160'724);
static_assert(s.bytes_written == 8'664'741'900);
static_assert(skipped.cache_apply.cost().bytes_read == 6 * LD && skipped.cache_apply.cost().bytes_written == 2 * LD);
static_assert(skipped.head.norm.cost().bytes_read == 10 * LD && skipped.head.norm.cost().bytes_written == 10 * LD);
static_assert(skipped.head.modulate_out.cost().bytes_read == 6 * LD + 2 * D * 4);
// A computed forward's head reads the fp32 stream: no casts (norm 4 + 4, modulate 16 L D).
static_assert(computed.head.norm.cost().bytes_read == 4 * LD && computed.head.norm.cost().bytes_written == 4 * LD);
static_assert(computed.head.modulate_out.cost().bytes_read == 8 * LD + 2 * D * 4);
// The skipped forward runs no block: no x saved, and none of the blocks' weights.
static_assert(!skipped.cache.save_x.present);
static_assert(s.parameters == cost_of(plain).parameters - cost_of(plain.blocks).parameters);

// --- what a computed forward adds ------------------------------------------------------------------
// cache.test + cache.keep_input (as above), ori_x = x.clone() (bf16: read and write 2 L D) and
// x - ori_x after the blocks (fp32 - bf16 -> fp32: read 6 L D, write 4 L D; L D FLOPs).
static_assert(computed.cache.present && computed.cache_store.present && !plain.cache.present);
static_assert(computed.cache.node.save_x.node.cost().bytes_read == 2 * LD);
static_assert(computed.cache_store.node.cost().bytes_read == 6 * LD && computed.cache_store.node.cost().bytes_written == 4 * LD);
constexpr metrics extra = [] {
  metrics m = cost_of(computed);
  const metrics p = cost_of(plain);
  m.tensor_flops -= p.tensor_flops;
  m.vector_flops -= p.vector_flops;
  m.bytes_read -= p.bytes_read;
  m.bytes_written -= p.bytes_written;
  return m;
}();
static_assert(extra.tensor_flops == 0);
static_assert(extra.vector_flops == (5 * D + 1) + LD);
static_assert(extra.bytes_read == 122'892 + 20'480 + 2 * LD + 6 * LD);     // 3,096,719,372
static_assert(extra.bytes_written == 61'452 + 20'480 + 2 * LD + 4 * LD);   // 2,322,513,932

// --- Wan2.2: the test runs on a timestep per token ---------------------------------------------------
// TI2V-5B at 1280x704x121 (L = 31 x 44 x 80 / 4 = 27,280 with its 4x16x16 VAE and 1x2x2 patches;
// D = 3072): e is [L, D] fp32, E = 83,804,160: 5 E + 1 FLOPs, (6 E + 3) x 4 B read.
constexpr wan_model ti2v = make_wan_dit(wan2_2_ti2v_5b, workload{.frames = 121, .height = 704, .width = 1280},
                                        dit_execution{.step_cache = true});
static_assert(ti2v.cache.node.test.cost().vector_flops == 5 * 27'280ULL * 3'072 + 1);
static_assert(ti2v.cache.node.test.cost().bytes_read == (6 * 27'280ULL * 3'072 + 3) * 4);

// --- forwards of each kind --------------------------------------------------------------------------
// Wan2.1 T2V-14B, 50 steps x 2 at 0.5: 25 steps skipped -> 50 computed forwards, 50 skipped.
constexpr pipeline_plan t2v = plan_pipeline(*try_find_model("wan2.1-t2v-14b"), profile_720p, {.cache_skip = 0.5});
static_assert(t2v.dit_calls == 50 && t2v.dit_skipped_calls == 50 && t2v.skipped_forwards == 50 && t2v.step_cache);
// Wan2.2 T2V-A14B, 40 steps (26 high-noise, 14 low-noise) at 0.5: floor(13) and floor(7) steps
// skipped per expert -> high 26 computed + 26 skipped, low 14 + 14.
constexpr pipeline_plan a14b =
    plan_pipeline(*try_find_model("wan2.2-t2v-a14b"), workload{.frames = 81, .height = 720, .width = 1280, .steps = 40},
                  {.cache_skip = 0.5});
static_assert(a14b.dit_high_noise_calls == 26 && a14b.dit_high_noise_skipped_calls == 26);
static_assert(a14b.dit_low_noise_calls == 14 && a14b.dit_low_noise_skipped_calls == 14 && a14b.dit_skipped_calls == 0);
// A fraction that skips no step still runs the cache (the engine is on): 0.01 x 50 = 0.5 -> 0.
constexpr pipeline_plan on_nothing_skipped = plan_pipeline(*try_find_model("wan2.1-t2v-14b"), profile_720p, {.cache_skip = 0.01});
static_assert(on_nothing_skipped.step_cache && on_nothing_skipped.skipped_forwards == 0);
static_assert(!plan_pipeline(*try_find_model("wan2.1-t2v-14b"), profile_720p).step_cache);

} // namespace
