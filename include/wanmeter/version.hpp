#pragma once
// Library version (kept equal to the CMake project version).

#include <string_view>

namespace wanmeter {
inline constexpr std::string_view version = "0.1.0";
inline constexpr std::string_view tool_name = "wanmeter";
} // namespace wanmeter
