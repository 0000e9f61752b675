// Static tier: the stages and calls of a run of each official pipeline (`generate.py` defaults,
// `wan/configs/`, and the sampling loops of `wan/text2video.py`, `wan/image2video.py` and
// Wan2.2's `wan/textimage2video.py`: one conditional and one unconditional forward per step, the
// expert switch at `boundary * num_train_timesteps`).
#include <wanmeter/models/wan/pipeline.hpp>

namespace {
using namespace wanmeter;

constexpr pipeline_plan plan(std::string_view id, const pipeline_options& o = {}) {
  const model_entry& m = *try_find_model(id);
  return plan_pipeline(m, m.defaults.w, o);
}

// Wan2.1 T2V-14B: 2 prompts, 50 x 2 forwards, 1 decode, no encoders.
constexpr pipeline_plan t2v = plan("wan2.1-t2v-14b");
static_assert(t2v.text_encoder_calls == 2 && t2v.image_encoder_calls == 0 && t2v.vae_encode_calls == 0);
static_assert(t2v.dit_calls == 100 && t2v.dit_forwards() == 100 && t2v.vae_decode_calls == 1 && !t2v.two_experts);

// Wan2.1 I2V: CLIP once, an 81-frame encode, 40 x 2 forwards.
constexpr pipeline_plan i2v = plan("wan2.1-i2v-14b-720p");
static_assert(i2v.image_encoder_calls == 1 && i2v.images_per_image_encoder_call == 1);
static_assert(i2v.vae_encode_calls == 1 && i2v.vae_encode_frames == 81 && i2v.dit_calls == 80);
// FLF2V: both frames through CLIP in one call, 50 x 2 forwards.
constexpr pipeline_plan flf = plan("wan2.1-flf2v-14b");
static_assert(flf.images_per_image_encoder_call == 2 && flf.dit_calls == 100 && flf.vae_encode_frames == 81);

// Wan2.2 A14B: expert split from the shifted-sigma schedule (26 / 14 and 15 / 25 at 40 steps),
// no CLIP; I2V encodes the conditioning video.
constexpr pipeline_plan a14 = plan("wan2.2-t2v-a14b");
static_assert(a14.two_experts && a14.high_noise_steps == 26 && a14.low_noise_steps == 14);
static_assert(a14.dit_high_noise_calls == 52 && a14.dit_low_noise_calls == 28 && a14.dit_calls == 0);
static_assert(a14.dit_forwards() == 80 && a14.image_encoder_calls == 0 && a14.vae_encode_calls == 0);
constexpr pipeline_plan i2v22 = plan("wan2.2-i2v-a14b");
static_assert(i2v22.high_noise_steps == 15 && i2v22.low_noise_steps == 25 && i2v22.image_encoder_calls == 0);
static_assert(i2v22.vae_encode_calls == 1 && i2v22.vae_encode_frames == 81);

// TI2V-5B: text-to-video encodes nothing; with an image it encodes one frame.
constexpr pipeline_plan ti2v = plan("wan2.2-ti2v-5b");
static_assert(ti2v.wan2_2_vae && ti2v.vae_encode_calls == 0 && ti2v.dit_calls == 100 && ti2v.w.frames == 121);
static_assert(plan("wan2.2-ti2v-5b", {.image_input = true}).vae_encode_frames == 1);

// No guidance: no negative prompt, one forward per step.
constexpr workload nocfg{.frames = 81, .height = 480, .width = 832, .steps = 50, .guidance_scale = 1.0};
static_assert(plan_pipeline(*try_find_model("wan2.1-t2v-1.3b"), nocfg).text_encoder_calls == 1);
static_assert(plan_pipeline(*try_find_model("wan2.1-t2v-1.3b"), nocfg).dit_calls == 50);

// Batch 3: every per-video stage x 3, the DiT forwards unchanged (the batch is inside them).
constexpr workload b3{.batch = 3, .frames = 81, .height = 720, .width = 1280, .steps = 40};
static_assert(plan_pipeline(*try_find_model("wan2.1-i2v-14b-720p"), b3).vae_decode_calls == 3);
static_assert(plan_pipeline(*try_find_model("wan2.1-i2v-14b-720p"), b3).text_encoder_calls == 6);
static_assert(plan_pipeline(*try_find_model("wan2.1-i2v-14b-720p"), b3).dit_calls == 80);

// An I2V input image sets the size: 4:3 at the 720P area -> 816 x 1104 (`wan/image2video.py`:
// lat_h, lat_w from sqrt(max_area * aspect_ratio), rounded down to the VAE stride x patch).
constexpr pipeline_plan i2v43 = plan("wan2.1-i2v-14b-720p", {.image_width = 1024, .image_height = 768});
static_assert(i2v43.w.height == 816 && i2v43.w.width == 1104);
// A shift override moves the expert boundary: shift 5 at the T2V boundary 0.875 -> fewer high steps.
static_assert(plan("wan2.2-t2v-a14b", {.shift = 5.0}).high_noise_steps < 26);
} // namespace

