#pragma once
// Stable node ids: the official PyTorch module path of a node, e.g. `blocks.12.self_attn.q`.
//
// A path is a fixed-capacity list of segments, each a name (`self_attn`) or an index (`12`, for
// a child of a repeated node), so it is a literal type: ids can be built and compared inside
// constant evaluation and rendered to text at run time.

#include <wanmeter/core/checked.hpp>

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace wanmeter {

struct path_segment {
  std::string_view name{};       ///< empty for an index segment
  count index = 0;               ///< used when `name` is empty
  friend constexpr bool operator==(const path_segment&, const path_segment&) = default;
};

class node_path {
public:
  static constexpr std::size_t max_depth = 10;

  constexpr node_path() = default;

  /// This path extended by a named child.
  [[nodiscard]] constexpr node_path operator/(std::string_view child) const {
    return with(path_segment{child, 0});
  }
  /// This path extended by the i-th child of a repeated node.
  [[nodiscard]] constexpr node_path operator/(count index) const { return with(path_segment{{}, index}); }

  [[nodiscard]] constexpr std::size_t depth() const { return depth_; }
  [[nodiscard]] constexpr bool empty() const { return depth_ == 0; }
  [[nodiscard]] constexpr const path_segment& operator[](std::size_t i) const { return segments_[i]; }

  /// The parent path (the empty path for a top-level node).
  [[nodiscard]] constexpr node_path parent() const {
    node_path p = *this;
    if (p.depth_ > 0) p.segments_[--p.depth_] = path_segment{};
    return p;
  }

  /// Dotted text, e.g. "blocks.12.self_attn.q"; `prefix` (e.g. "dit") goes first when given.
  [[nodiscard]] std::string str(std::string_view prefix = {}) const {
    std::string s(prefix);
    for (std::size_t i = 0; i < depth_; ++i) {
      if (!s.empty()) s += '.';
      if (segments_[i].name.empty()) {
        s += std::to_string(segments_[i].index);
      } else {
        s.append(segments_[i].name);
      }
    }
    return s;
  }

  friend constexpr bool operator==(const node_path& a, const node_path& b) {
    if (a.depth_ != b.depth_) return false;
    for (std::size_t i = 0; i < a.depth_; ++i) {
      if (!(a.segments_[i] == b.segments_[i])) return false;
    }
    return true;
  }

private:
  [[nodiscard]] constexpr node_path with(path_segment s) const {
    node_path p = *this;
    if (p.depth_ == max_depth) throw std::length_error("wanmeter: node path deeper than node_path::max_depth");
    p.segments_[p.depth_++] = s;
    return p;
  }
  std::array<path_segment, max_depth> segments_{};
  std::size_t depth_ = 0;
};

} // namespace wanmeter
