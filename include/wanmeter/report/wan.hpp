#pragma once
// The report of a Wan run: its stage list, and the report built at run time or at compile time.
//
// Stages today: `dit` only, calls = forwards_per_run(w) (steps x 2 with classifier-free guidance,
// steps x 1 when guidance_scale == 1). The text encoder, image encoder and VAE stages are added
// to `make_wan_stages` as their trees land; the assembly (report.hpp) is generic over the list.
//
//   // run time, any knobs:
//   const report r = make_report(find_model("wan2.1-t2v-14b"), w, "wan2-1-720p");
//   // compile time, a fixed workload:
//   constexpr auto r = make_static_report<"wan2.1-t2v-14b", "wan2-1-720p">();
//   static_assert(r.core.stage("dit").calls == 100);

#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/execution.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/report/report.hpp>

#include <cstddef>
#include <string_view>

namespace wanmeter {

/// The stages of one run of `a` on `w`, in report order.
[[nodiscard]] constexpr auto make_wan_stages(const wan_dit_arch& a, const workload& w, const dit_execution& x = {}) {
  return make_stage_list(stage_def<wan_model>{"dit", forwards_per_run(w), make_wan_dit(a, w, x)});
}

/// The header of a report: model, workload (validated), geometry.
[[nodiscard]] constexpr report_header make_report_header(const model_entry& m, const workload& w,
                                                         std::string_view profile_id = {}) {
  return report_header{m.id, m.description, m.arch, profile_id, w, make_geometry(m.arch.rules(), w)};
}

/// The report of model `m` on workload `w` (`profile_id`: the profile it came from, if any).
/// Throws `invalid_input` for an illegal workload and `overflow_error` when a count overflows.
[[nodiscard]] inline report make_report(const model_entry& m, const workload& w, std::string_view profile_id = {}) {
  const report_header h = make_report_header(m, w, profile_id);
  return assemble_report(h, make_wan_stages(m.arch, w));
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
  constexpr std::size_t n = module_count(make_wan_stages(m.arch, W));
  constexpr std::string_view profile = [] {
    if constexpr (ProfileId.view().empty()) {
      return std::string_view{};
    } else {
      return detail::profile_by_id<ProfileId>().id;
    }
  }();
  return assemble_static_report<n>(make_report_header(m, W, profile), make_wan_stages(m.arch, W));
}

/// The report of model `ModelId` on the workload profile `ProfileId`, built at compile time.
template <fixed_id ModelId, fixed_id ProfileId>
[[nodiscard]] constexpr auto make_static_report() {
  return make_static_report_for<ModelId, detail::profile_by_id<ProfileId>().w, ProfileId>();
}

} // namespace wanmeter
