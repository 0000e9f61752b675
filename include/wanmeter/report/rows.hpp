#pragma once
// The rows of a report: one per stage, one per node of every stage tree (its module row), one per
// leaf category; and the fold algebra that emits a stage's module rows (core/tree.hpp).
//
//   stage row    calls, per_call = cost of one call of the stage tree, total = scaled_work(per_call, calls)
//   module row   id = the stage key followed by the official module path (`dit.blocks.0.self_attn.q`),
//                calls = the stage's calls, per_call, total, and with a device the time of all
//                calls (perf/module_time.hpp)
//
// Rows are emitted in pre-order (parent before children, children in registration order). The
// rows of a repeated node's children 1..N-1 are copies of child 0's with the index renamed: the
// 40 blocks of the 14B DiT cost one block's traversal, at compile time too.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/node_path.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/perf/module_time.hpp>
#include <wanmeter/run/stage.hpp>

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wanmeter {

/// One stage of the report.
struct stage_row {
  stage_id id = stage_id::dit;
  count calls = 0;
  metrics per_call{};
  metrics total{};
  std::size_t first_module = 0; ///< index of the stage's root in `modules`
  std::size_t module_count = 0; ///< rows of this stage in `modules`
  count rank_calls = 0;         ///< calls on the busiest rank (equal to `calls` on one GPU)
  metrics rank_per_call{};      ///< one call on the busiest rank (equal to `per_call` on one GPU)

  [[nodiscard]] constexpr std::string_view name() const { return name_of(id); }
  friend constexpr bool operator==(const stage_row&, const stage_row&) = default;
};

/// One node of a stage tree. Its id is the stage key followed by the path; the stage root's id
/// is the stage key and it has no parent.
struct module_row {
  stage_id stage = stage_id::dit;
  node_path path;
  std::string_view kind;
  category cat = category::module;
  bool leaf = false;
  count calls = 0;
  metrics per_call{};
  metrics total{};
  module_time time{}; ///< all calls, on the run's device (zero without one)

  [[nodiscard]] constexpr bool has_parent() const { return !path.empty(); }
  /// "dit.blocks.0.self_attn.q"
  [[nodiscard]] std::string id() const { return path.str(name_of(stage)); }
  /// The parent's id; meaningful only when `has_parent()`.
  [[nodiscard]] std::string parent_id() const { return path.parent().str(name_of(stage)); }
  friend constexpr bool operator==(const module_row&, const module_row&) = default;
};

/// The total of one category over the leaves of every stage.
struct category_row {
  category cat = category::other;
  count leaves = 0;
  metrics total{};
  double time_s = 0.0; ///< with a device
  friend constexpr bool operator==(const category_row&, const category_row&) = default;
};

namespace detail {

/// Row storage over a caller's buffer (compile time) ...
struct span_store {
  module_row* data = nullptr;
  std::size_t capacity = 0;
  std::size_t used = 0;
  constexpr void push_back(const module_row& r) {
    if (used == capacity) throw std::length_error("wanmeter: static_report capacity smaller than the module count");
    data[used++] = r;
  }
  [[nodiscard]] constexpr module_row& operator[](std::size_t i) { return data[i]; }
  [[nodiscard]] constexpr std::size_t size() const { return used; }
};

/// ... or a std::vector (run time).
struct vector_store {
  std::vector<module_row>& rows;
  void push_back(const module_row& r) { rows.push_back(r); }
  [[nodiscard]] module_row& operator[](std::size_t i) { return rows[i]; }
  [[nodiscard]] std::size_t size() const { return rows.size(); }
};

/// `prefix` followed by the segments of `p` after its first `prefix.depth()` ones.
[[nodiscard]] constexpr node_path rebase(const node_path& prefix, const node_path& p) {
  node_path q = prefix;
  for (std::size_t k = prefix.depth(); k < p.depth(); ++k) {
    q = p[k].name.empty() ? q / p[k].index : q / p[k].name;
  }
  return q;
}

/// What a subtree yields while its rows are emitted: its cost, and its time when timed.
struct timed_cost {
  metrics cost{};
  module_time time{};
  constexpr timed_cost& operator+=(const timed_cost& o) {
    cost += o.cost;
    time += o.time;
    return *this;
  }
  friend constexpr timed_cost times(const timed_cost& one, count n) {
    return {repeated(one.cost, n), times(one.time, n)};
  }
};
[[nodiscard]] constexpr const metrics& cost_part(const metrics& m) { return m; }
[[nodiscard]] constexpr const metrics& cost_part(const timed_cost& v) { return v.cost; }

/// The row-emitting algebra of one stage: with `Timed`, each leaf is also timed by `timing`.
template <class Store, bool Timed>
struct row_algebra {
  using value = std::conditional_t<Timed, timed_cost, metrics>;
  Store& out;
  stage_id stage = stage_id::dit;
  count calls = 0;
  const stage_timing* timing = nullptr;

  template <class L>
  constexpr value leaf(const L& l, const node_path& path) {
    module_row row{.stage = stage, .path = path, .kind = L::kind, .cat = l.cat(), .leaf = true, .calls = calls};
    row.per_call = l.cost();
    row.total = scaled_work(row.per_call, calls);
    if constexpr (Timed) {
      row.time = timing->leaf(l);
      out.push_back(row);
      return timed_cost{row.per_call, row.time};
    } else {
      out.push_back(row);
      return row.per_call;
    }
  }
  template <class T>
  constexpr std::size_t open(const T&, const branch_info& info, const node_path& path) {
    out.push_back(module_row{.stage = stage, .path = path, .kind = info.kind, .calls = calls});
    return out.size() - 1;
  }
  constexpr value close(std::size_t self, value v) {
    module_row& row = out[self];
    row.per_call = cost_part(v);
    row.total = scaled_work(row.per_call, calls);
    if constexpr (Timed) {
      v.time.settle();
      row.time = v.time;
    }
    return v;
  }
  [[nodiscard]] constexpr std::size_t position() const { return out.size(); }
  /// Child `i` of a repeated node: a copy of child 0's rows (which start at `first`; `i` copies
  /// of the block follow it) with the index renamed.
  template <class T>
  constexpr void expand(std::size_t first, const T&, count i, const node_path& path) {
    const std::size_t block = (out.size() - first) / static_cast<std::size_t>(i);
    for (std::size_t j = first; j < first + block; ++j) {
      module_row r = out[j];
      r.path = rebase(path, r.path);
      out.push_back(r);
    }
  }
};

} // namespace detail

} // namespace wanmeter
