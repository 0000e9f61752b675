#pragma once
// The report of a Wan run: its stage list, and the report built at run time or at compile time.
//
// The stages are those of the official pipeline of the model (models/wan/pipeline.hpp):
// text_encoder (umT5-XXL), image_encoder (CLIP, Wan2.1 I2V/FLF2V), vae_encode (image-conditioned
// models; one frame for TI2V with an image), dit or dit_high_noise + dit_low_noise (Wan2.2
// A14B), vae_decode. Every stage is listed with its tree type; the ones this run does not execute
// have zero calls and produce no rows.
//
//   // run time, any knobs:
//   const report r = make_report(find_model("wan2.1-t2v-14b"), w, "wan2-1-720p");
//   // compile time, a fixed workload:
//   constexpr auto r = make_static_report<"wan2.1-t2v-14b", "wan2-1-720p">();
//   static_assert(r.core.stage("dit").calls == 100);

#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/models/clip/vision.hpp>
#include <wanmeter/models/t5/encoder.hpp>
#include <wanmeter/models/vae/wan2_1.hpp>
#include <wanmeter/models/vae/wan2_2.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/execution.hpp>
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/report/report.hpp>

#include <cstddef>
#include <string_view>

namespace wanmeter {

/// The stages of one run of model `m` on `w`, in report order (`o`: input image, shift;
/// `x`: how the DiT executes). Trees of stages that do not run are left empty.
[[nodiscard]] constexpr auto make_wan_stages(const model_entry& m, const workload& w, const pipeline_options& o = {},
                                             const dit_execution& x = {}) {
  const pipeline_plan p = plan_pipeline(m, w, o);
  const workload video{.batch = 1, .frames = p.w.frames, .height = p.w.height, .width = p.w.width, .steps = 1};
  const workload encoded{.batch = 1, .frames = p.vae_encode_frames == 0 ? 1 : p.vae_encode_frames,
                         .height = p.w.height, .width = p.w.width, .steps = 1};
  const bool v22 = p.wan2_2_vae;
  const wan_model dit = make_wan_dit(m.arch, p.w, x);
  return make_stage_list(
      stage_def<t5_encoder>{"text_encoder", p.text_encoder_calls, make_t5_encoder(umt5_xxl, 1)},
      stage_def<clip_image_encoder>{"image_encoder", p.image_encoder_calls,
                                    p.image_encoder_calls != 0
                                        ? make_clip_vision(clip_vit_h_14, p.images_per_image_encoder_call)
                                        : clip_image_encoder{}},
      stage_def<wan2_1_vae_encode>{"vae_encode", v22 ? 0 : p.vae_encode_calls,
                                   !v22 && p.vae_encode_calls != 0 ? make_wan2_1_vae_encode(encoded) : wan2_1_vae_encode{}},
      stage_def<wan2_2_vae_encode>{"vae_encode", v22 ? p.vae_encode_calls : 0,
                                   v22 && p.vae_encode_calls != 0 ? make_wan2_2_vae_encode(encoded) : wan2_2_vae_encode{}},
      stage_def<wan_model>{"dit", p.dit_calls, p.dit_calls != 0 ? dit : wan_model{}},
      stage_def<wan_model>{"dit_high_noise", p.dit_high_noise_calls, p.dit_high_noise_calls != 0 ? dit : wan_model{}},
      stage_def<wan_model>{"dit_low_noise", p.dit_low_noise_calls, p.dit_low_noise_calls != 0 ? dit : wan_model{}},
      stage_def<wan2_1_vae_decode>{"vae_decode", v22 ? 0 : p.vae_decode_calls,
                                   v22 ? wan2_1_vae_decode{} : make_wan2_1_vae_decode(video)},
      stage_def<wan2_2_vae_decode>{"vae_decode", v22 ? p.vae_decode_calls : 0,
                                   v22 ? make_wan2_2_vae_decode(video) : wan2_2_vae_decode{}});
}

/// The registry entry of a built-in architecture (the first with that architecture), for code
/// that holds an architecture value: `make_wan_stages(wan2_1_t2v_1_3b, w)`.
[[nodiscard]] constexpr const model_entry& model_of(const wan_dit_arch& a) {
  for (const model_entry& e : model_registry) {
    if (e.arch == a) return e;
  }
  throw invalid_input("model", "(architecture)", "not a built-in architecture; use a model_entry");
}

[[nodiscard]] constexpr auto make_wan_stages(const wan_dit_arch& a, const workload& w, const pipeline_options& o = {},
                                             const dit_execution& x = {}) {
  return make_wan_stages(model_of(a), w, o, x);
}

/// The header of a report: model, workload (validated), geometry.
[[nodiscard]] constexpr report_header make_report_header(const model_entry& m, const workload& w,
                                                         std::string_view profile_id = {}) {
  return report_header{m.id, m.description, m.arch, profile_id, w, make_geometry(m.arch.rules(), w)};
}

/// The report of model `m` on workload `w` (`profile_id`: the profile it came from, if any).
/// Throws `invalid_input` for an illegal workload and `overflow_error` when a count overflows.
[[nodiscard]] inline report make_report(const model_entry& m, const workload& w, std::string_view profile_id = {},
                                        const pipeline_options& o = {}, const dit_execution& x = {}) {
  const pipeline_plan p = plan_pipeline(m, w, o);
  const report_header h = make_report_header(m, p.w, profile_id);
  return assemble_report(h, make_wan_stages(m, w, o, x));
}

/// A string literal usable as a template argument: `make_static_report<"wan2.1-t2v-14b", ...>`.
template <std::size_t N>
struct fixed_id {
  char text[N]{};
  constexpr fixed_id(const char (&s)[N]) {
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
  [[nodiscard]] constexpr std::string_view view() const { return {text, N - 1}; }
};

namespace detail {
template <fixed_id Id>
[[nodiscard]] consteval const model_entry& model_by_id() {
  const model_entry* m = try_find_model(Id.view());
  if (m == nullptr) throw invalid_input("model", Id.view(), "unknown model id");
  return *m;
}
template <fixed_id Id>
[[nodiscard]] consteval const profile_entry& profile_by_id() {
  const profile_entry* p = try_find_profile(Id.view());
  if (p == nullptr) throw invalid_input("profile", Id.view(), "unknown profile id");
  return *p;
}
} // namespace detail

/// The report of model `ModelId` on workload `W`, built during constant evaluation
/// (`ProfileId` only labels the workload in the report).
template <fixed_id ModelId, workload W, fixed_id ProfileId = "">
[[nodiscard]] constexpr auto make_static_report_for() {
  constexpr const model_entry& m = detail::model_by_id<ModelId>();
  constexpr std::size_t n = module_count(make_wan_stages(m, W));
  constexpr std::string_view profile = [] {
    if constexpr (ProfileId.view().empty()) {
      return std::string_view{};
    } else {
      return detail::profile_by_id<ProfileId>().id;
    }
  }();
  return assemble_static_report<n>(make_report_header(m, W, profile), make_wan_stages(m, W));
}

/// The report of model `ModelId` on the workload profile `ProfileId`, built at compile time.
template <fixed_id ModelId, fixed_id ProfileId>
[[nodiscard]] constexpr auto make_static_report() {
  constexpr const profile_entry& p = detail::profile_by_id<ProfileId>();
  return make_static_report_for<ModelId, p.w, ProfileId>();
}

} // namespace wanmeter
