#pragma once
// Lookup by id in a constexpr registry (the devices, the models, the workload profiles): one
// linear search and one error message for all of them.
//
//   try_find_by_id(r, id)       -> pointer to the entry whose `.id == id`, or nullptr (constexpr)
//   find_by_id(r, id, "model")  -> that entry, or throws invalid_input("model", id,
//                                  "unknown model id; valid ids: <ids_of(r)>")
//   ids_of(r)                   -> the ids, comma-separated, in registry order
//
// Worked example (models/wan/registry.hpp; compiled in examples/header_snippets.cpp):
// find_by_id(model_registry, "wan2.1-t2v-13b", "model") throws "wanmeter: invalid model =
// wan2.1-t2v-13b: unknown model id; valid ids: wan2.1-t2v-1.3b, wan2.1-t2v-14b, ...".

#include <wanmeter/core/errors.hpp>

#include <concepts>
#include <iterator>
#include <string>
#include <string_view>

namespace wanmeter {

/// A range of entries with a `std::string_view`-like `id` member.
template <class R>
concept id_registry = requires(const R& r) {
  std::begin(r);
  std::end(r);
  { std::begin(r)->id } -> std::convertible_to<std::string_view>;
};

/// The entry of `r` whose id is `id`, or nullptr.
template <id_registry R>
[[nodiscard]] constexpr auto try_find_by_id(const R& r, std::string_view id) -> decltype(&*std::begin(r)) {
  for (const auto& e : r) {
    if (std::string_view{e.id} == id) return &e;
  }
  return nullptr;
}

/// The ids of `r`, comma-separated, in order (for error messages and `wanmeter list`).
template <id_registry R>
[[nodiscard]] std::string ids_of(const R& r) {
  std::string s;
  for (const auto& e : r) {
    if (!s.empty()) s += ", ";
    s.append(std::string_view{e.id});
  }
  return s;
}

/// The entry of `r` whose id is `id`; otherwise throws `invalid_input` with knob `what`
/// ("device", "model", "profile") and the rule "unknown <what> id; valid ids: <ids_of(r)>".
template <id_registry R>
[[nodiscard]] const auto& find_by_id(const R& r, std::string_view id, std::string_view what) {
  if (const auto* e = try_find_by_id(r, id)) return *e;
  std::string rule = "unknown ";
  rule.append(what).append(" id; valid ids: ").append(ids_of(r));
  throw invalid_input(what, id, rule);
}

} // namespace wanmeter
