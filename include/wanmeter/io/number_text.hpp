#pragma once
// Numbers as the Markdown writers print them (io/summary_md.hpp, io/plan_md.hpp): one definition,
// so that the two writers can be included together (the web page's WebAssembly build includes both).
//
//   fixed(232.316626105119, 1) == "232.3"   (the time of a plan, seconds)
//   fixed(0.0108, 2)           == "0.01"    (a cost per video)

#include <array>
#include <cstddef>
#include <cstdio>
#include <string>

namespace wanmeter::detail {

/// `v` with `decimals` digits after the point ("%.*f": rounded, no exponent).
[[nodiscard]] inline std::string fixed(double v, int decimals) {
  std::array<char, 64> buf{};
  const int n = std::snprintf(buf.data(), buf.size(), "%.*f", decimals, v);
  return std::string(buf.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
}

} // namespace wanmeter::detail
