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

class node_path;

/// Writes the dotted id of `p` (defined below the class).
template <class Out>
constexpr void write_id(Out& out, std::string_view prefix, const node_path& p,
                        std::size_t depth = static_cast<std::size_t>(-1), std::string_view index_text = {});

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
    std::string s;
    write_id(s, prefix, *this);
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

/// The one renderer of module ids: `prefix`, then the first `depth` segments of `p` (all by
/// default), joined by '.'; an index segment is written as its number, or as `index_text` when
/// one is given ("*" for the roofline points of a repeated block). `Out` needs `push_back(char)`
/// and `append(const char*, std::size_t)` (std::string, or a fixed buffer at compile time).
///   write_id(s, "dit", blocks/12/"self_attn"/"q")  ->  "dit.blocks.12.self_attn.q"
template <class Out>
constexpr void write_id(Out& out, std::string_view prefix, const node_path& p, std::size_t depth,
                        std::string_view index_text) {
  out.append(prefix.data(), prefix.size());
  bool empty = prefix.empty();
  for (std::size_t i = 0; i < depth && i < p.depth(); ++i) {
    if (!empty) out.push_back('.');
    empty = false;
    const path_segment& seg = p[i];
    if (!seg.name.empty()) {
      out.append(seg.name.data(), seg.name.size());
    } else if (!index_text.empty()) {
      out.append(index_text.data(), index_text.size());
    } else {
      std::array<char, 20> digits{};
      std::size_t n = 0;
      count v = seg.index;
      do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
      } while (v != 0);
      while (n > 0) out.push_back(digits[--n]);
    }
  }
}


namespace detail {
/// The text of segment `i` of the id `prefix` + `p` (the prefix is segment 0 when not empty);
/// an index is written into `digits`.
[[nodiscard]] constexpr std::string_view id_segment_text(std::string_view prefix, const node_path& p, std::size_t i,
                                                         std::array<char, 20>& digits) {
  if (!prefix.empty()) {
    if (i == 0) return prefix;
    --i;
  }
  const path_segment& seg = p[i];
  if (!seg.name.empty()) return seg.name;
  std::size_t n = digits.size();
  count v = seg.index;
  do {
    digits[--n] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  return {digits.data() + n, digits.size() - n};
}
} // namespace detail

/// Byte-wise order of two ids as `write_id` renders them (negative, 0, positive), without
/// rendering them: the ids are compared segment by segment, and where one segment's text is a
/// proper prefix of the other's, the shorter id continues with the separator '.' (or ends) where
/// the longer continues with a character of the same segment. Segment texts never contain '.'.
/// Characters compare as unsigned char, as std::string_view does.
///   compare_ids("dit", blocks/12/"q", "dit", blocks/2/"q") < 0          ("1" < "2")
///   compare_ids("dit", blocks/0, "dit_high_noise", blocks/0) < 0       ('.' < '_')
[[nodiscard]] constexpr int compare_ids(std::string_view prefix_a, const node_path& a, std::string_view prefix_b,
                                        const node_path& b) {
  const std::size_t na = a.depth() + (prefix_a.empty() ? 0 : 1);
  const std::size_t nb = b.depth() + (prefix_b.empty() ? 0 : 1);
  std::array<char, 20> da{};
  std::array<char, 20> db{};
  for (std::size_t i = 0;; ++i) {
    if (i == na || i == nb) return i == na ? (i == nb ? 0 : -1) : 1;
    const std::string_view ta = detail::id_segment_text(prefix_a, a, i, da);
    const std::string_view tb = detail::id_segment_text(prefix_b, b, i, db);
    const std::size_t n = ta.size() < tb.size() ? ta.size() : tb.size();
    if (const int c = ta.substr(0, n).compare(tb.substr(0, n)); c != 0) return c;
    if (ta.size() == tb.size()) continue;
    // One segment is a proper prefix of the other: the shorter id's next character is '.' or
    // its end, the longer's is a character of the segment (never '.').
    const bool a_shorter = ta.size() < tb.size();
    const bool shorter_ends = a_shorter ? i + 1 == na : i + 1 == nb;
    const auto next = static_cast<unsigned char>(a_shorter ? tb[n] : ta[n]);
    const bool shorter_first = shorter_ends || static_cast<unsigned char>('.') < next;
    return shorter_first == a_shorter ? -1 : 1;
  }
}

} // namespace wanmeter
