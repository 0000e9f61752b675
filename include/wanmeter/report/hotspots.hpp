#pragma once
// The hotspots of a report: the top leaves and the five leaf categories, ranked by total tensor
// FLOPs (no device) or by time (a device is chosen), larger first, ties broken by id (leaves,
// byte-wise) or by category name.
//
//   rank_hotspots(core, modules, hotspot_key::tensor_flops)

#include <wanmeter/core/checked.hpp>
#include <wanmeter/report/rows.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace wanmeter {

inline constexpr std::size_t hotspot_leaf_count = 10;
inline constexpr std::size_t hotspot_category_count = 5;

/// What the hotspots are ranked by.
enum class hotspot_key : unsigned char { tensor_flops, time };

/// The report.json `hotspots.ranked_by` text.
[[nodiscard]] constexpr std::string_view name_of(hotspot_key k) {
  return k == hotspot_key::time ? "time_s" : "total.tensor_flops";
}

/// The ranked hotspots.
struct hotspots {
  std::array<std::size_t, hotspot_leaf_count> top_leaves{}; ///< indices into the module rows
  std::size_t top_leaf_count = 0;
  std::array<category_row, hotspot_category_count> top_categories{};
  std::size_t top_category_count = 0;
  hotspot_key ranked_by = hotspot_key::tensor_flops;
  friend constexpr bool operator==(const hotspots&, const hotspots&) = default;
};

namespace detail {

/// -1, 0, 1 as a row of time `ta` and tensor FLOPs `fa` ranks before, with, after one of `tb`,
/// `fb` by `key` alone.
[[nodiscard]] constexpr int compare_by(hotspot_key key, double ta, count fa, double tb, count fb) {
  if (key == hotspot_key::time) return ta > tb ? -1 : (ta < tb ? 1 : 0);
  return fa > fb ? -1 : (fa < fb ? 1 : 0);
}

[[nodiscard]] constexpr bool ranks_before(hotspot_key key, const module_row& a, const module_row& b) {
  const int c = compare_by(key, a.time.time_s, a.total.tensor_flops, b.time.time_s, b.total.tensor_flops);
  if (c != 0) return c < 0;
  return compare_ids(name_of(a.stage), a.path, name_of(b.stage), b.path) < 0;
}

[[nodiscard]] constexpr bool ranks_before(hotspot_key key, const category_row& a, const category_row& b) {
  const int c = compare_by(key, a.time_s, a.total.tensor_flops, b.time_s, b.total.tensor_flops);
  if (c != 0) return c < 0;
  return name_of(a.cat) < name_of(b.cat);
}

} // namespace detail

/// The hotspots of `modules` ranked by `key`.
[[nodiscard]] constexpr hotspots rank_hotspots(std::span<const module_row> modules, hotspot_key key) {
  hotspots h{.ranked_by = key};
  // Top leaves: insertion into a sorted array of at most hotspot_leaf_count indices.
  for (std::size_t i = 0; i < modules.size(); ++i) {
    const module_row& row = modules[i];
    if (!row.leaf) continue;
    std::size_t pos = h.top_leaf_count;
    while (pos > 0 && detail::ranks_before(key, row, modules[h.top_leaves[pos - 1]])) --pos;
    if (pos >= hotspot_leaf_count) continue;
    const std::size_t last = h.top_leaf_count < hotspot_leaf_count ? h.top_leaf_count : hotspot_leaf_count - 1;
    for (std::size_t j = last; j > pos; --j) h.top_leaves[j] = h.top_leaves[j - 1];
    h.top_leaves[pos] = i;
    if (h.top_leaf_count < hotspot_leaf_count) ++h.top_leaf_count;
  }
  // Categories: the five leaf categories (the enum's first five values), summed over the
  // leaves, then sorted.
  static_assert(static_cast<std::size_t>(category::module) == hotspot_category_count);
  std::array<category_row, hotspot_category_count> cats{};
  for (std::size_t c = 0; c < cats.size(); ++c) cats[c].cat = static_cast<category>(c);
  for (const module_row& row : modules) {
    if (!row.leaf) continue;
    category_row& c = cats[static_cast<std::size_t>(row.cat)];
    c.total += row.total;
    c.leaves = checked_add(c.leaves, 1);
    c.time_s += row.time.time_s;
  }
  for (std::size_t i = 1; i < cats.size(); ++i) { // insertion sort of five rows
    for (std::size_t j = i; j > 0 && detail::ranks_before(key, cats[j], cats[j - 1]); --j) {
      const category_row t = cats[j];
      cats[j] = cats[j - 1];
      cats[j - 1] = t;
    }
  }
  h.top_categories = cats;
  h.top_category_count = cats.size();
  return h;
}

} // namespace wanmeter
