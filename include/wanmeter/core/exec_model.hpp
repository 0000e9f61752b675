#pragma once
// How the DiT executes: `eager` is the official PyTorch code kernel by kernel; `fused` an ideal
// fused implementation (models/wan/execution.hpp says what each changes).

#include <wanmeter/core/enum_names.hpp>

#include <string_view>

namespace wanmeter {

enum class exec_model : unsigned char { eager, fused };

inline constexpr enum_names<exec_model, 2> exec_model_names{{{{exec_model::eager, "eager"}, {exec_model::fused, "fused"}}}};

[[nodiscard]] constexpr std::string_view name_of(exec_model m) { return exec_model_names.name(m); }

} // namespace wanmeter
