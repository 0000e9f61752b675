#pragma once
// nn.Sequential: children named "0", "1", ... in order, as PyTorch names them
// (`blocks.0.ffn.0` is the first Linear of the FFN).

#include <wanmeter/core/tree.hpp>

#include <array>
#include <cstddef>
#include <utility>

namespace wanmeter {

namespace detail {
inline constexpr std::array<std::string_view, 20> digit_names{
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19"};
}

template <class... Layers>
struct sequential {
  static_assert(sizeof...(Layers) <= detail::digit_names.size(), "wanmeter: sequential supports up to 20 children");
  static constexpr std::string_view kind = "sequential";
  boost::hana::basic_tuple<Layers...> layers{};

  constexpr sequential() = default;
  constexpr sequential(Layers... ls) : layers(ls...) {}

  [[nodiscard]] constexpr auto children() const {
    return children_impl(std::index_sequence_for<Layers...>{});
  }

private:
  template <std::size_t... I>
  [[nodiscard]] constexpr auto children_impl(std::index_sequence<I...>) const {
    return children_of(named{detail::digit_names[I], boost::hana::at_c<I>(layers)}...);
  }
};

} // namespace wanmeter
