#pragma once
// Report assembly: from a list of stages (a name, a number of calls and any layer tree accepted by
// `visit` / `cost_of`) to the rows of `report.json` (schema `wanmeter.report/1`).
//
//   stages   one row per stage: calls, per_call = cost_of(tree), total = scaled_work(per_call, calls)
//   totals   the sum of the stages' totals (every field)
//   modules  every node of every stage tree in traversal order, its id prefixed by the stage
//            (`dit.blocks.0.self_attn.q`), calls = the stage's calls, total = scaled work
//   hotspots the top-10 leaves and the top-5 categories by total tensor FLOPs, ties by id
//
// Everything here is constexpr and allocation-free except `make_report`, which keeps the module
// rows in a std::vector: `make_static_report<"wan2.1-t2v-14b", "wan2-1-720p">()` builds the whole
// report (1,261 module rows for the 14B DiT) during constant evaluation, and the JSON / Markdown
// writers of `wanmeter::json` (include/wanmeter/io/) print either through a `report_view`.
//
// This header does not include Boost.JSON.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/node_path.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/models/wan/registry.hpp>

#include <boost/hana/basic_tuple.hpp>
#include <boost/hana/for_each.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wanmeter {

/// The `schema` value of report.json; bumped on any breaking change of the keys.
inline constexpr std::string_view report_schema = "wanmeter.report/1";

inline constexpr std::size_t max_stages = 12;
inline constexpr std::size_t hotspot_leaf_count = 10;
inline constexpr std::size_t hotspot_category_count = 5;

// ---- stages -------------------------------------------------------------------------------------

/// One stage of a run: `calls` calls of the layer tree `tree` (e.g. "dit": steps x 2 forwards).
/// A stage with zero calls does not run: it has no stage row and no module rows (a pipeline
/// lists every stage it may run, with the calls of this run).
template <class Tree>
struct stage_def {
  std::string_view name;
  count calls = 1;
  Tree tree{};
};
template <class Tree>
stage_def(std::string_view, count, Tree) -> stage_def<Tree>;

/// A list of stages of any tree types, in report order.
template <class... Trees>
[[nodiscard]] constexpr auto make_stage_list(const stage_def<Trees>&... s) {
  return boost::hana::make_basic_tuple(s...);
}

/// Number of nodes `visit` reports for `tree` (a repeated node: itself and N x its child's).
template <class Tree>
[[nodiscard]] constexpr std::size_t node_count(const Tree& tree) {
  if constexpr (detail::is_optional<Tree>) {
    return tree.present ? node_count(tree.node) : 0;
  } else if constexpr (detail::is_repeated<Tree>) {
    return 1 + static_cast<std::size_t>(tree.n) * node_count(tree.node);
  } else if constexpr (Leaf<Tree>) {
    return 1;
  } else {
    std::size_t n = 1;
    boost::hana::for_each(tree.children(), [&](const auto& c) { n += node_count(c.node); });
    return n;
  }
}

/// Number of module rows of a stage list (the sum of the trees' node counts).
template <class Stages>
[[nodiscard]] constexpr std::size_t module_count(const Stages& stages) {
  std::size_t n = 0;
  boost::hana::for_each(stages, [&](const auto& s) {
    if (s.calls != 0) n += node_count(s.tree);
  });
  return n;
}

// ---- rows ---------------------------------------------------------------------------------------

/// One stage of the report.
struct stage_row {
  std::string_view name;
  count calls = 0;
  metrics per_call{};
  metrics total{};
  std::size_t first_module = 0; ///< index of the stage's root in `modules`
  std::size_t module_count = 0; ///< rows of this stage in `modules`
  friend constexpr bool operator==(const stage_row&, const stage_row&) = default;
};

/// One node of a stage tree. Its id is `stage` followed by the path; the stage root's id is the
/// stage name and it has no parent.
struct module_row {
  std::string_view stage;
  node_path path;
  std::string_view kind;
  category cat = category::module;
  bool leaf = false;
  count calls = 0;
  metrics per_call{};
  metrics total{};

  [[nodiscard]] constexpr bool has_parent() const { return !path.empty(); }
  /// "dit.blocks.0.self_attn.q"
  [[nodiscard]] std::string id() const { return path.str(stage); }
  /// The parent's id; meaningful only when `has_parent()`.
  [[nodiscard]] std::string parent_id() const { return path.parent().str(stage); }
  friend constexpr bool operator==(const module_row&, const module_row&) = default;
};

/// The total of one category over the leaves of every stage.
struct category_row {
  category cat = category::other;
  count leaves = 0;
  metrics total{};
  friend constexpr bool operator==(const category_row&, const category_row&) = default;
};

/// What was analysed: model, resolved workload (with the profile id, empty if none) and geometry.
struct report_header {
  std::string_view model_id;
  std::string_view model_description;
  wan_dit_arch arch{};
  std::string_view profile_id; ///< empty when no profile was used
  workload w{};
  token_geometry geometry{};
  friend constexpr bool operator==(const report_header&, const report_header&) = default;
};

/// Everything of a report except the module rows (fixed size, so a literal type).
struct report_core {
  report_header header{};
  std::array<stage_row, max_stages> stages{};
  std::size_t stage_count = 0;
  metrics totals{};
  std::array<std::size_t, hotspot_leaf_count> top_leaves{}; ///< indices into `modules`
  std::size_t top_leaf_count = 0;
  std::array<category_row, hotspot_category_count> top_categories{};
  std::size_t top_category_count = 0;

  [[nodiscard]] constexpr std::span<const stage_row> stage_rows() const { return {stages.data(), stage_count}; }
  /// The stage named `name`, or nullptr.
  [[nodiscard]] constexpr const stage_row* find_stage(std::string_view name) const {
    for (std::size_t i = 0; i < stage_count; ++i) {
      if (stages[i].name == name) return &stages[i];
    }
    return nullptr;
  }
  /// The stage named `name`; throws std::out_of_range when there is none.
  [[nodiscard]] constexpr const stage_row& stage(std::string_view name) const {
    const stage_row* s = find_stage(name);
    if (s == nullptr) throw std::out_of_range("wanmeter: the report has no such stage");
    return *s;
  }
  friend constexpr bool operator==(const report_core&, const report_core&) = default;
};

struct run_info; // report/run.hpp

/// A report as the writers see it, whether its rows live in a std::array or a std::vector.
struct report_view {
  const report_core& core;
  std::span<const module_row> modules;
  /// Execution, memory and time of the run (report/run.hpp), or null: the writers then print
  /// the FLOP report only (compile-time reports, `make_report`).
  const run_info* run = nullptr;

  [[nodiscard]] constexpr const report_header& header() const { return core.header; }
};

// ---- ids without allocation (for ranking at compile time) ---------------------------------------

namespace detail {

/// The dotted id rendered into a fixed buffer (constexpr twin of `node_path::str`).
struct id_text {
  std::array<char, 256> chars{};
  std::size_t size = 0;

  constexpr void put(char c) {
    if (size == chars.size()) throw std::length_error("wanmeter: module id longer than 256 characters");
    chars[size++] = c;
  }
  constexpr void put(std::string_view s) {
    for (const char c : s) put(c);
  }
  constexpr void put(count v) {
    std::array<char, 20> digits{};
    std::size_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) put(digits[--n]);
  }
  [[nodiscard]] constexpr std::string_view view() const { return {chars.data(), size}; }
};

[[nodiscard]] constexpr id_text render_id(std::string_view stage, const node_path& p) {
  id_text t{};
  t.put(stage);
  for (std::size_t i = 0; i < p.depth(); ++i) {
    if (t.size != 0) t.put('.');
    if (p[i].name.empty()) {
      t.put(p[i].index);
    } else {
      t.put(p[i].name);
    }
  }
  return t;
}

/// Hotspot order: larger total tensor FLOPs first, then smaller id (byte-wise).
[[nodiscard]] constexpr bool ranks_before(const module_row& a, const module_row& b) {
  if (a.total.tensor_flops != b.total.tensor_flops) return a.total.tensor_flops > b.total.tensor_flops;
  return render_id(a.stage, a.path).view() < render_id(b.stage, b.path).view();
}

[[nodiscard]] constexpr bool ranks_before(const category_row& a, const category_row& b) {
  if (a.total.tensor_flops != b.total.tensor_flops) return a.total.tensor_flops > b.total.tensor_flops;
  return name_of(a.cat) < name_of(b.cat);
}

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

/// Emits the rows of `n` (at `path`) in the order of `visit` and returns `cost_of(n)`.
///
/// Same nodes, ids, order and metrics as `visit` (test/runtime/report_invariants.cpp checks it),
/// but each metric is computed once, bottom-up, and the rows of a repeated node's children
/// 1..N-1 are copies of child 0's with the index renamed: the 40 blocks of the 14B DiT cost one
/// block's traversal, which keeps the compile-time report within the compilers' step limits.
template <class N, class Store>
constexpr metrics emit_rows(const N& n, const node_path& path, Store& out, std::string_view stage, count calls) {
  const auto open = [&](std::string_view kind) {
    out.push_back(module_row{stage, path, kind, category::module, false, calls, metrics{}, metrics{}});
    return out.size() - 1;
  };
  const auto close = [&](std::size_t self, const metrics& m) {
    out[self].per_call = m;
    out[self].total = scaled_work(m, calls);
  };
  if constexpr (is_optional<N>) {
    return n.present ? emit_rows(n.node, path, out, stage, calls) : metrics{};
  } else if constexpr (is_repeated<N>) {
    const std::size_t self = open(N::kind);
    metrics one{};
    if (n.n > 0) {
      const std::size_t first = out.size();
      one = emit_rows(n.node, path / count{0}, out, stage, calls);
      const std::size_t last = out.size();
      for (count i = 1; i < n.n; ++i) {
        const node_path prefix = path / i;
        for (std::size_t j = first; j < last; ++j) {
          module_row r = out[j];
          r.path = rebase(prefix, r.path);
          out.push_back(r);
        }
      }
    }
    const metrics all = repeated(one, n.n);
    close(self, all);
    return all;
  } else if constexpr (Leaf<N>) {
    const metrics m = n.cost();
    out.push_back(module_row{stage, path, N::kind, n.cat(), true, calls, m, scaled_work(m, calls)});
    return m;
  } else {
    static_assert(Composite<N>, "wanmeter: a tree node must be a Leaf, a Composite, repeated_node or optional_node");
    const std::size_t self = open(N::kind);
    metrics sum{};
    boost::hana::for_each(n.children(),
                          [&](const auto& c) { sum += emit_rows(c.node, path / c.name, out, stage, calls); });
    close(self, sum);
    return sum;
  }
}

/// Walks every stage: appends one stage row per stage to `core` and its module rows to `out`.
template <class Stages, class Store>
constexpr void assemble(report_core& core, const Stages& stages, Store& out) {
  boost::hana::for_each(stages, [&](const auto& s) {
    if (s.calls == 0) return;
    if (core.stage_count == max_stages) throw std::length_error("wanmeter: more stages than max_stages");
    stage_row row{};
    row.name = s.name;
    row.calls = s.calls;
    row.first_module = out.size();
    row.per_call = emit_rows(s.tree, node_path{}, out, s.name, s.calls);
    row.total = scaled_work(row.per_call, s.calls);
    row.module_count = out.size() - row.first_module;
    core.stages[core.stage_count++] = row;
    core.totals += row.total;
  });
}

/// Fills the hotspots of `core` from the module rows.
constexpr void rank_hotspots(report_core& core, std::span<const module_row> modules) {
  // Top leaves: insertion into a sorted array of at most hotspot_leaf_count indices.
  core.top_leaf_count = 0;
  for (std::size_t i = 0; i < modules.size(); ++i) {
    const module_row& row = modules[i];
    if (!row.leaf) continue;
    std::size_t pos = core.top_leaf_count;
    while (pos > 0 && ranks_before(row, modules[core.top_leaves[pos - 1]])) --pos;
    if (pos >= hotspot_leaf_count) continue;
    const std::size_t last = core.top_leaf_count < hotspot_leaf_count ? core.top_leaf_count : hotspot_leaf_count - 1;
    for (std::size_t j = last; j > pos; --j) core.top_leaves[j] = core.top_leaves[j - 1];
    core.top_leaves[pos] = i;
    if (core.top_leaf_count < hotspot_leaf_count) ++core.top_leaf_count;
  }
  // Categories: the five leaf categories, summed over the leaves, then sorted.
  std::array<category_row, hotspot_category_count> cats{};
  static_assert(static_cast<std::size_t>(category::module) == hotspot_category_count);
  constexpr std::array<category, hotspot_category_count> leaf_categories{
      category::attention_proj, category::attention_core, category::mlp_proj, category::conv, category::other};
  for (std::size_t c = 0; c < leaf_categories.size(); ++c) cats[c].cat = leaf_categories[c];
  for (const module_row& row : modules) {
    if (!row.leaf) continue;
    // The leaf categories are the enum's first five values, in the order of `leaf_categories`.
    category_row& c = cats[static_cast<std::size_t>(row.cat)];
    c.total += row.total;
    c.leaves = checked_add(c.leaves, 1);
  }
  for (std::size_t i = 1; i < cats.size(); ++i) { // insertion sort of five rows
    for (std::size_t j = i; j > 0 && ranks_before(cats[j], cats[j - 1]); --j) {
      const category_row t = cats[j];
      cats[j] = cats[j - 1];
      cats[j - 1] = t;
    }
  }
  core.top_categories = cats;
  core.top_category_count = cats.size();
}

} // namespace detail

/// Sum of the stages' totals, without building module rows (what a scheduler needs).
template <class Stages>
[[nodiscard]] constexpr metrics run_totals(const Stages& stages) {
  metrics t{};
  boost::hana::for_each(stages, [&](const auto& s) {
    if (s.calls != 0) t += scaled_work(cost_of(s.tree), s.calls);
  });
  return t;
}

// ---- the two report types -----------------------------------------------------------------------

/// A report whose N module rows live in a std::array: a literal type, built at compile time.
template <std::size_t N>
struct static_report {
  report_core core{};
  std::array<module_row, N> modules{};

  [[nodiscard]] constexpr report_view view() const { return report_view{core, {modules.data(), modules.size()}, nullptr}; }
};

/// A report built at run time (module rows in a std::vector).
struct report {
  report_core core{};
  std::vector<module_row> modules;

  [[nodiscard]] report_view view() const { return report_view{core, {modules.data(), modules.size()}, nullptr}; }
};

/// Builds a report over `stages` into a static_report<N>; N must equal `module_count(stages)`.
template <std::size_t N, class Stages>
[[nodiscard]] constexpr static_report<N> assemble_static_report(const report_header& h, const Stages& stages) {
  static_report<N> r{};
  r.core.header = h;
  detail::span_store out{r.modules.data(), N, 0};
  detail::assemble(r.core, stages, out);
  if (out.size() != N) throw std::length_error("wanmeter: static_report capacity larger than the module count");
  detail::rank_hotspots(r.core, {r.modules.data(), r.modules.size()});
  return r;
}

/// Builds a report over `stages` with its module rows in a std::vector.
template <class Stages>
[[nodiscard]] report assemble_report(const report_header& h, const Stages& stages) {
  report r{};
  r.core.header = h;
  r.modules.reserve(module_count(stages));
  detail::vector_store out{r.modules};
  detail::assemble(r.core, stages, out);
  detail::rank_hotspots(r.core, {r.modules.data(), r.modules.size()});
  return r;
}

} // namespace wanmeter
