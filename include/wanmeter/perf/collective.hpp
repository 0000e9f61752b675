#pragma once
// Collectives (placeholder until the interconnect model lands: names and bytes only).
#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/enum_names.hpp>

#include <string_view>

namespace wanmeter {

enum class collective : unsigned char { all_to_all, all_gather, send_recv, all_reduce };

inline constexpr enum_names<collective, 4> collective_names{{{{collective::all_to_all, "all_to_all"},
                                                              {collective::all_gather, "all_gather"},
                                                              {collective::send_recv, "send_recv"},
                                                              {collective::all_reduce, "all_reduce"}}}};

[[nodiscard]] constexpr std::string_view name_of(collective c) { return collective_names.name(c); }

} // namespace wanmeter
