#pragma once
// A report: the rows of `report.json` (schema `wanmeter.report/1`) for a planned run
// (run/plan.hpp), built at run time (`report`, rows in a std::vector) or during constant
// evaluation (`static_report<N>`, rows in a std::array).
//
//   stages   one row per stage that runs: calls, per_call, total (report/rows.hpp)
//   totals   the sum of the stages' totals (every field; a `*_skipped` stage's weights and
//            parameters are its expert's, already counted by its DiT stage: `add_stage_total`)
//   modules  every node of every stage tree in traversal order (report/rows.hpp)
//   hotspots the top-10 leaves and the five categories (report/hotspots.hpp)
//
// `make_static_report<"wan2.1-t2v-14b", "wan2-1-720p">()` (report/static_report.hpp) builds the
// whole report (1,261 DiT module rows for the 14B model) at compile time; `analyze`
// (run/analyze.hpp) builds it at run time with every module's time on a device. The JSON and
// Markdown writers of `wanmeter::json` (include/wanmeter/io/) print either through a
// `report_view`. This header does not include Boost.JSON.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/perf/module_time.hpp>
#include <wanmeter/report/hotspots.hpp>
#include <wanmeter/report/rows.hpp>
#include <wanmeter/run/plan.hpp>
#include <wanmeter/run/stage.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace wanmeter {

/// The `schema` value of report.json; bumped on any breaking change of the keys.
inline constexpr std::string_view report_schema = "wanmeter.report/1";

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
  std::array<stage_row, stage_id_count> stages{};
  std::size_t stage_count = 0;
  metrics totals{};
  hotspots hot{};

  [[nodiscard]] constexpr std::span<const stage_row> stage_rows() const { return {stages.data(), stage_count}; }
  /// The stage `id`, or nullptr when it does not run.
  [[nodiscard]] constexpr const stage_row* find_stage(stage_id id) const {
    for (std::size_t i = 0; i < stage_count; ++i) {
      if (stages[i].id == id) return &stages[i];
    }
    return nullptr;
  }
  /// The stage whose report key is `name`, or nullptr.
  [[nodiscard]] constexpr const stage_row* find_stage(std::string_view name) const {
    stage_id id{};
    return stage_from_name(name, id) ? find_stage(id) : nullptr;
  }
  /// The stage whose report key is `name`; throws std::out_of_range when there is none.
  [[nodiscard]] constexpr const stage_row& stage(std::string_view name) const {
    const stage_row* s = find_stage(name);
    if (s == nullptr) throw std::out_of_range("wanmeter: the report has no such stage");
    return *s;
  }
  /// The first DiT stage row (`dit`, else the high-noise expert, else the low-noise one), or nullptr.
  [[nodiscard]] constexpr const stage_row* first_dit() const {
    for (const stage_row& s : stage_rows()) {
      if (is_dit(s.id)) return &s;
    }
    return nullptr;
  }
  friend constexpr bool operator==(const report_core&, const report_core&) = default;
};

struct run_report; // run/analyze.hpp

/// A report as the writers see it, whether its rows live in a std::array or a std::vector.
struct report_view {
  const report_core& core;
  std::span<const module_row> modules;
  /// The run (plan, memory, time) the report belongs to, or null: the writers then print the
  /// FLOP report only (compile-time reports).
  const run_report* run = nullptr;

  [[nodiscard]] constexpr const report_header& header() const { return core.header; }
};

/// The header of the report of plan `p`.
[[nodiscard]] constexpr report_header make_report_header(const run_plan& p) {
  const run_request& q = p.request;
  return report_header{.model_id = q.model.id,
                       .model_description = q.model.description,
                       .arch = q.model.arch,
                       .profile_id = q.profile_id,
                       .w = p.pipeline.w,
                       .geometry = p.geometry};
}

/// Number of module rows of plan `p` (the sum of its stage trees' node counts).
[[nodiscard]] constexpr std::size_t module_count(const run_plan& p) {
  std::size_t n = 0;
  for_each_stage(p, [&](const planned_stage&, const auto& tree) { n += node_count(tree); });
  return n;
}

/// Adds stage `id`'s `total` to the run's `totals`: every field, but the weights and parameters
/// of a skipped-forward stage (run/stage.hpp), which runs its DiT stage's expert (counted there).
constexpr void add_stage_total(metrics& totals, stage_id id, metrics total) {
  if (kind_of(id) == stage_kind::dit_skipped) total.weight_bytes = total.parameters = 0;
  totals += total;
}

namespace detail {

/// Emits every stage's rows of plan `p` into `core` and `out`; with `Timed`, on the plan's device.
///
/// The rows count the model's work (what one GPU would run); the stage row adds what the busiest
/// rank runs. With a sequence-parallel DiT the times of its rows are those of the rank's tree
/// (the same nodes over the rank's tokens, models/wan/sequence_shard.hpp), for the rank's calls.
template <bool Timed, class Store>
constexpr void assemble(const run_plan& p, report_core& core, Store& out) {
  core.header = make_report_header(p);
  for_each_stage(p, [&](const planned_stage& s, const auto& tree) {
    stage_row row{.id = s.id, .calls = s.calls, .first_module = out.size(), .rank_calls = s.rank_calls};
    const run_execution& x = p.request.exec;
    const stage_timing timing{.device = p.request.device,
                              .roofline = p.roofline,
                              .on_host = s.where == placement::host,
                              .cpu = x.cpu,
                              .calls = static_cast<double>(s.rank_calls)};
    const bool sharded = is_dit_forward(s.id) && p.layout().sequence_degree() > 1;
    // A patch-parallel VAE decode (run/parallel.hpp): the rank decodes its slice's tree.
    const bool sliced = s.kind() == stage_kind::vae_decode && p.layout().parallel_vae;
    const auto rank_rows_of = [&](const auto& rank_tree) {
      detail::row_algebra<Store, false> model{.out = out, .stage = s.id, .calls = s.calls};
      row.per_call = fold(tree, model);
      if constexpr (Timed) {
        std::vector<module_row> rank_rows;
        rank_rows.reserve(out.size() - row.first_module);
        detail::vector_store rank_out{rank_rows};
        detail::row_algebra<detail::vector_store, true> rank{
            .out = rank_out, .stage = s.id, .calls = s.rank_calls, .timing = &timing};
        row.rank_per_call = fold(rank_tree, rank).cost;
        for (std::size_t i = 0; i < rank_rows.size(); ++i) out[row.first_module + i].time = rank_rows[i].time;
      } else {
        row.rank_per_call = cost_of(rank_tree);
      }
    };
    if (sharded && s.kind() == stage_kind::dit_skipped) {
      rank_rows_of(p.trees.dit_skipped_rank);
    } else if (sharded) {
      rank_rows_of(p.trees.dit_rank);
    } else if (sliced && p.pipeline.wan2_2_vae) {
      rank_rows_of(p.trees.wan2_2_decode_rank);
    } else if (sliced) {
      rank_rows_of(p.trees.wan2_1_decode_rank);
    } else {
      detail::row_algebra<Store, Timed> a{.out = out, .stage = s.id, .calls = s.calls, .timing = &timing};
      row.per_call = cost_part(fold(tree, a));
      row.rank_per_call = row.per_call;
    }
    row.total = scaled_work(row.per_call, s.calls);
    row.module_count = out.size() - row.first_module;
    core.stages[core.stage_count++] = row;
    add_stage_total(core.totals, s.id, row.total);
  });
}

} // namespace detail

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

/// The FLOP report of plan `p` into a static_report<N>; N must equal `module_count(p)`.
template <std::size_t N>
[[nodiscard]] constexpr static_report<N> assemble_static_report(const run_plan& p) {
  static_report<N> r{};
  detail::span_store out{r.modules.data(), N, 0};
  detail::assemble<false>(p, r.core, out);
  if (out.size() != N) throw std::length_error("wanmeter: static_report capacity larger than the module count");
  r.core.hot = rank_hotspots({r.modules.data(), r.modules.size()}, hotspot_key::tensor_flops);
  return r;
}

/// The report of plan `p` with its module rows in a std::vector; with a device in the plan,
/// every row carries its time and the hotspots are ranked by time.
[[nodiscard]] inline report assemble_report(const run_plan& p) {
  report r{};
  r.modules.reserve(module_count(p));
  detail::vector_store out{r.modules};
  if (p.has_device()) {
    detail::assemble<true>(p, r.core, out);
    r.core.hot = rank_hotspots({r.modules.data(), r.modules.size()}, hotspot_key::time);
  } else {
    detail::assemble<false>(p, r.core, out);
    r.core.hot = rank_hotspots({r.modules.data(), r.modules.size()}, hotspot_key::tensor_flops);
  }
  return r;
}

/// Sum of the stages' totals of plan `p`, without module rows (what a scheduler needs).
[[nodiscard]] constexpr metrics run_totals(const run_plan& p) {
  metrics t{};
  for_each_stage(p, [&](const planned_stage& s, const auto& tree) {
    add_stage_total(t, s.id, scaled_work(cost_of(tree), s.calls));
  });
  return t;
}

} // namespace wanmeter
