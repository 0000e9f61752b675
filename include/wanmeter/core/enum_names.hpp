#pragma once
// The names of an enum's values, kept beside the enum in one table that serves both directions:
// report.json, summary.md and the console print `name_of(value)`; the CLI parses a flag's text
// with `find` and lists the valid words with `list`.
//
//   inline constexpr enum_names<exec_model, 2> exec_model_names{{{{exec_model::eager, "eager"},
//                                                                 {exec_model::fused, "fused"}}}};
//   exec_model_names.name(exec_model::fused) == "fused";  *exec_model_names.find("eager") == exec_model::eager

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace wanmeter {

template <class E, std::size_t N>
struct enum_names {
  std::array<std::pair<E, std::string_view>, N> entries{};

  /// The name of `e` ("?" for a value outside the table).
  [[nodiscard]] constexpr std::string_view name(E e) const {
    for (const auto& [value, text] : entries) {
      if (value == e) return text;
    }
    return "?";
  }
  /// The value named `text`, or nullptr.
  [[nodiscard]] constexpr const E* find(std::string_view text) const {
    for (const auto& entry : entries) {
      if (entry.second == text) return &entry.first;
    }
    return nullptr;
  }
  /// "eager, fused"
  [[nodiscard]] std::string list() const {
    std::string s;
    for (const auto& entry : entries) {
      if (!s.empty()) s += ", ";
      s += entry.second;
    }
    return s;
  }
};

} // namespace wanmeter
