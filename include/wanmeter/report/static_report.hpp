#pragma once
// The report of a built-in model on a fixed workload, computed by the compiler.
//
//   constexpr auto r = make_static_report<"wan2.1-t2v-14b", "wan2-1-720p">();
//   static_assert(r.core.stage("dit").calls == 100);
//
// (compiled in examples/profile_720p.cpp, which checks the FLOPs of the whole pipeline)

#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/report/report.hpp>
#include <wanmeter/run/plan.hpp>
#include <wanmeter/run/request.hpp>

#include <cstddef>
#include <string_view>

namespace wanmeter {

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
template <fixed_id ProfileId>
[[nodiscard]] consteval std::string_view profile_label() {
  if constexpr (ProfileId.view().empty()) {
    return {};
  } else {
    return profile_by_id<ProfileId>().id;
  }
}
} // namespace detail

/// The plan of model `ModelId` on workload `W` with the default execution and no device.
template <fixed_id ModelId, workload W, fixed_id ProfileId = "">
inline constexpr run_plan static_plan = make_run_plan(
    run_request{.model = detail::model_by_id<ModelId>(), .w = W, .profile_id = detail::profile_label<ProfileId>()});

/// The report of model `ModelId` on workload `W`, built during constant evaluation
/// (`ProfileId` only labels the workload in the report).
template <fixed_id ModelId, workload W, fixed_id ProfileId = "">
[[nodiscard]] constexpr auto make_static_report_for() {
  constexpr const run_plan& p = static_plan<ModelId, W, ProfileId>;
  return assemble_static_report<module_count(p)>(p);
}

/// The report of model `ModelId` on the workload profile `ProfileId`, built at compile time.
template <fixed_id ModelId, fixed_id ProfileId>
[[nodiscard]] constexpr auto make_static_report() {
  constexpr const profile_entry& p = detail::profile_by_id<ProfileId>();
  return make_static_report_for<ModelId, p.w, ProfileId>();
}

} // namespace wanmeter
