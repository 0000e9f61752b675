// Static tier: the memory footprint model (perf/memory.hpp). Every expected number is derived by
// hand in the comment next to it from the architecture (the official element counts, tested in
// dit_params.cpp, t5_encoder.cpp and vae_wan2_1.cpp) and the live-set rules documented in
// models/{t5,clip}/memory.hpp, models/vae/liveness.hpp and run/plan.hpp, never read back from the
// code under test.
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/perf/memory.hpp>
#include <wanmeter/run/plan.hpp>

namespace {
using namespace wanmeter;

// umT5-XXL, one prompt of T = 512 tokens, bf16, 64 heads:
//   x + norm 2 x 512 x 4096 x 2 = 8,388,608; q k v 3 x 512 x 4096 x 2 = 12,582,912;
//   scores 64 x 512^2 = 16,777,216 elements x (bias 2 + attn_bias 2 + einsum 2 + float 4 +
//   softmax 4 = 14 B) = 234,881,024; total 255,852,544.
static_assert(t5_activation_bytes() == 255'852'544);
// Two prompts in one call double everything but the layer's [1, n, T, T] position bias:
// 2 x (8,388,608 + 12,582,912) + 16,777,216 x (2 + 2 x 12) = 41,943,040 + 436,207,616.
static_assert(t5_activation_bytes(umt5_xxl, 2) == 478'150'656);

// CLIP ViT-H/14, one image of 257 tokens in fp16: MLP phase 257 x (2 x 1280 + 2 x 5120) x 2
// = 6,579,200 > attention phase 257 x 6 x 1280 x 2 = 3,947,520.
static_assert(clip_activation_bytes() == 6'579'200);
// visual 632,076,800 + text 560,937,984 + log_scale 1 (derivation in models/clip/memory.hpp).
static_assert(clip_loaded_parameters == 632'076'800 + 560'937'984 + 1);

constexpr const model_entry& t2v14 = *try_find_model("wan2.1-t2v-14b");
constexpr workload w720{.frames = 81, .height = 720, .width = 1280, .steps = 50, .guidance_scale = 5.0};
constexpr run_execution official21 = official_single_gpu(false, false);
constexpr run_plan plan_of(const model_entry& m, const workload& w, const run_execution& x,
                           const device_spec* d = nullptr) {
  return make_run_plan(run_request{.model = m, .w = w, .exec = x, .device = d});
}
constexpr run_plan plan720 = plan_of(t2v14, w720, official21, &h100_sxm);

// Weights: DiT 14,288,491,584 x 4 = 57,153,966,336; T5 5,680,910,336 x 2 = 11,361,820,672;
// Wan2.1 VAE 126,892,531 x 4 = 507,570,124 (the official element counts).
constexpr model_weights mw = plan720.weights;
static_assert(mw.dit == 57'153'966'336);
static_assert(mw.t5 == 11'361'820'672);
static_assert(mw.vae == 507'570'124);
static_assert(mw.clip == 0 && mw.dit_models == 1);
// Offload moves the T5 and the DiT in and out once each (the VAE stays).
static_assert(plan720.move_count == 2 && plan720.moves[0] == 11'361'820'672 && plan720.moves[1] == 57'153'966'336);
static_assert(plan_of(t2v14, w720, run_execution{}).move_count == 0);

// Wan2.1 VAE decode of 1280x720x81 (derivation in models/vae/liveness.hpp, cache term conv by conv:
// conv1 16 ch 1,843,200; middle 2 x 88,473,600; ups 0-2 265,420,800; ups 3 time conv
// 44,236,800; level 2h 973,209,600 + time conv 176,947,200; level 4h 2,123,366,400; level 8h
// 4,246,732,800; head 707,788,800 -> 8,716,492,800) + phase 6,379,324,416 + video 895,795,200.
static_assert(vae_activation_bytes(plan720.trees.wan2_1_decode, 81ULL * 720 * 1280) ==
              8'716'492'800ULL + 6'379'324'416ULL + 895'795'200ULL);

// The run with offload on an H100: the text-encoder stage holds the resident DiT, the T5 and the
// VAE plus the T5's activations: 57,153,966,336 + 11,361,820,672 + 507,570,124 + 255,852,544.
// The DiT stage holds the DiT and the VAE plus the DiT activations of dit_memory.hpp's worked
// example (E = 75,600 x 5120 = 387,072,000): x 4E 1,548,288,000 + context 512 x 5120 x 2
// 5,242,880 + e, e0 7 x 5120 x 4 143,360 + eager block 34E 13,160,448,000 = 14,714,122,240;
// 57,661,536,460 + 14,714,122,240 = 72,375,658,700, the run's peak (published: 69.1 GB).
constexpr pipeline_memory mem = memory_of(plan720);
static_assert(mem.stage_count == 3);
static_assert(mem.find(stage_id::text_encoder)->peak_bytes == 69'279'209'676ULL);
static_assert(mem.find(stage_id::dit)->peak_activation_bytes == 14'714'122'240ULL);
static_assert(mem.find(stage_id::dit)->peak_bytes == 72'375'658'700ULL);
static_assert(mem.find(stage_id::vae_decode)->peak_bytes == 507'570'124ULL + 15'991'612'416ULL);
static_assert(mem.peak_bytes == 72'375'658'700ULL && mem.stages[mem.peak_stage].stage == stage_id::dit);
static_assert(mem.weights_bytes == 57'661'536'460ULL && mem.peak_activation_bytes == 14'714'122'240ULL);
// 80 GiB = 85,899,345,920 B holds it; 40 GiB does not.
static_assert(mem.has_device && mem.device_bytes == 85'899'345'920ULL && mem.fits);
static_assert(!memory_of(plan_of(t2v14, w720, official21, &a100_40gb_sxm)).fits);
static_assert(!memory_of(plan_of(t2v14, w720, official21)).has_device);

// Without offload every model stays: the DiT stage holds DiT + T5 + VAE + DiT activations
// = 57,153,966,336 + 11,361,820,672 + 507,570,124 + 14,714,122,240; the decode, with the DiT
// still resident, peaks higher: 69,023,357,132 + 15,991,612,416.
constexpr run_execution resident{};
static_assert(memory_of(plan_of(t2v14, w720, resident)).find(stage_id::dit)->peak_bytes == 83'737'479'372ULL);
static_assert(memory_of(plan_of(t2v14, w720, resident)).peak_bytes == 85'014'969'548ULL);
// --t5_cpu takes the T5 off the device: the text-encoder stage holds DiT + VAE only.
constexpr run_execution t5cpu = official_single_gpu(false, true);
static_assert(memory_of(plan_of(t2v14, w720, t5cpu)).find(stage_id::text_encoder)->peak_bytes == 57'661'536'460ULL);
static_assert(memory_of(plan_of(t2v14, w720, t5cpu)).find(stage_id::text_encoder)->on_host);

// Wan2.2 A14B with --convert_model_dtype and offload: one bf16 expert at a time,
// 14,288,491,584 x 2 = 28,576,983,168 B; both experts resident without offload.
constexpr const model_entry& a14b = *try_find_model("wan2.2-t2v-a14b");
constexpr workload w480{.frames = 81, .height = 480, .width = 832, .steps = 40, .guidance_scale = 4.0};
constexpr pipeline_memory mem_a14b = memory_of(plan_of(a14b, w480, official_single_gpu(true, false)));
static_assert(mem_a14b.find(stage_id::dit_high_noise)->resident_weights_bytes == 28'576'983'168ULL + 507'570'124ULL);
static_assert(mem_a14b.find(stage_id::dit_low_noise)->resident_weights_bytes == 28'576'983'168ULL + 507'570'124ULL);
// Wan2.2 keeps its experts on the CPU until sampling: the T5 stage holds T5 + VAE only.
static_assert(mem_a14b.find(stage_id::text_encoder)->resident_weights_bytes == 11'361'820'672ULL + 507'570'124ULL);
static_assert(memory_of(plan_of(a14b, w480, run_execution{.dit_weight = dtype::bf16}))
                  .find(stage_id::dit_low_noise)
                  ->resident_weights_bytes == 2 * 28'576'983'168ULL + 11'361'820'672ULL + 507'570'124ULL);

} // namespace
