#pragma once
// The stage trees of a planned run, handed one by one to a callback: the one place the perf
// headers (memory.hpp, pipeline_time.hpp) turn a `pipeline_plan` into trees.
//
//   for_each_stage(plan, model, x, [&](const stage_info& s, const auto& tree) { ... });
//
// | stage          | tree                                          | calls                       |
// |----------------|-----------------------------------------------|-----------------------------|
// | text_encoder   | make_t5_encoder(umt5_xxl, 1)                  | plan.text_encoder_calls     |
// | image_encoder  | make_clip_vision(clip_vit_h_14, images/call)  | plan.image_encoder_calls    |
// | vae_encode     | Wan2.1 / Wan2.2 VAE encode of vae_encode_frames frames, one video | plan.vae_encode_calls |
// | dit            | make_wan_dit(arch, plan.w, x.dit())           | plan.dit_calls              |
// | dit_high_noise | the same tree (both experts share the arch)   | plan.dit_high_noise_calls   |
// | dit_low_noise  | the same tree                                 | plan.dit_low_noise_calls    |
// | vae_decode     | VAE decode of one video of plan.w             | plan.vae_decode_calls       |
//
// Stages with zero calls are skipped. The T5, CLIP and VAE trees use their own execution
// structs (one dtype throughout, as the official code); only the DiT follows `x`.

#include <wanmeter/core/workload.hpp>
#include <wanmeter/models/clip/vision.hpp>
#include <wanmeter/models/t5/encoder.hpp>
#include <wanmeter/models/vae/wan2_1.hpp>
#include <wanmeter/models/vae/wan2_2.hpp>
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/perf/run_execution.hpp>

#include <string_view>

namespace wanmeter {

enum class stage_kind : unsigned char { text_encoder, image_encoder, vae_encode, dit, vae_decode };

struct stage_info {
  std::string_view name;  ///< report key: text_encoder, image_encoder, vae_encode, dit, dit_high_noise, ...
  stage_kind kind = stage_kind::dit;
  count calls = 0;
};

/// The workload of one VAE call of `p`: one video (the official code loops over the batch) of
/// `frames` frames at the run's size.
[[nodiscard]] constexpr workload vae_workload(const pipeline_plan& p, count frames) {
  workload w = p.w;
  w.batch = 1;
  w.frames = frames;
  return w;
}

/// Calls `f(stage_info, tree)` for every stage of `p` with at least one call, in report order.
template <class F>
constexpr void for_each_stage(const pipeline_plan& p, const model_entry& m, const run_execution& x, F&& f) {
  if (p.text_encoder_calls > 0) f(stage_info{"text_encoder", stage_kind::text_encoder, p.text_encoder_calls},
                                  make_t5_encoder(umt5_xxl, 1));
  if (p.image_encoder_calls > 0)
    f(stage_info{"image_encoder", stage_kind::image_encoder, p.image_encoder_calls},
      make_clip_vision(clip_vit_h_14, p.images_per_image_encoder_call));
  if (p.vae_encode_calls > 0) {
    const stage_info s{"vae_encode", stage_kind::vae_encode, p.vae_encode_calls};
    const workload w = vae_workload(p, p.vae_encode_frames);
    if (p.wan2_2_vae) f(s, make_wan2_2_vae_encode(w));
    else f(s, make_wan2_1_vae_encode(w));
  }
  if (p.dit_forwards() > 0) {
    const auto dit = make_wan_dit(m.arch, p.w, x.dit());
    if (p.dit_calls > 0) f(stage_info{"dit", stage_kind::dit, p.dit_calls}, dit);
    if (p.dit_high_noise_calls > 0) f(stage_info{"dit_high_noise", stage_kind::dit, p.dit_high_noise_calls}, dit);
    if (p.dit_low_noise_calls > 0) f(stage_info{"dit_low_noise", stage_kind::dit, p.dit_low_noise_calls}, dit);
  }
  if (p.vae_decode_calls > 0) {
    const stage_info s{"vae_decode", stage_kind::vae_decode, p.vae_decode_calls};
    const workload w = vae_workload(p, p.w.frames);
    if (p.wan2_2_vae) f(s, make_wan2_2_vae_decode(w));
    else f(s, make_wan2_1_vae_decode(w));
  }
}

} // namespace wanmeter
