#pragma once
// The report of one run with everything around the FLOPs: how it executes (`run_execution`), its
// device-memory footprint (perf/memory.hpp), and, on a chosen device, the roofline time of every
// stage, of every module and of the whole run (perf/pipeline_time.hpp, perf/roofline.hpp).
//
//   run_request q{.model = find_model("wan2.1-t2v-14b"), .w = profile_720p, .profile_id = "wan2-1-720p"};
//   q.device = &find_device("h100-sxm");
//   const run_report r = analyze_run(q);
//   r.info.memory.peak_bytes, r.info.time.time_s, r.info.module_times[i].time_s
//   to_json_text(r.view())   // io/json.hpp: the report with `execution`, `memory`, `device`, ...
//
// Module times (a device is chosen), for all calls of the module's stage:
//   leaf    calls x the leaf's roofline (perf/roofline.hpp: `leaf_roofline`), or, for a stage
//           run on the host (T5 with --t5-cpu), calls x (tensor + vector FLOPs) / host rate
//           (lower bound) and that / host efficiency (estimate), bound "host";
//   parent  the sum of its children (time and lower bound); its `bound` is the resource with
//           the largest summed lower bound among its leaves (ties: tensor, vector, sfu, memory,
//           host in that order).
// A stage's time is its root module's, so stage times are sums of module times, and the run's
// time is the sum of the stage times plus the offload transfers:
//   time_s = sum(stages.time_s) + transfers.time_s   (likewise time_lower_bound_s)
// With a device the hotspots are ranked by time_s (leaves and the five categories), ties by id.

#include <wanmeter/core/errors.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/perf/memory.hpp>
#include <wanmeter/perf/pipeline_time.hpp>
#include <wanmeter/perf/roofline.hpp>
#include <wanmeter/perf/run_execution.hpp>
#include <wanmeter/report/report.hpp>
#include <wanmeter/report/wan.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wanmeter {

/// The resource that sets a module's lower bound: the four roofline resources, or the host CPU.
enum class time_bound : unsigned char { tensor, vector, sfu, memory, host };

[[nodiscard]] constexpr std::string_view name_of(time_bound b) {
  switch (b) {
  case time_bound::tensor: return "tensor";
  case time_bound::vector: return "vector";
  case time_bound::sfu: return "sfu";
  case time_bound::memory: return "memory";
  case time_bound::host: return "host";
  }
  return "?";
}

inline constexpr std::size_t time_bound_count = 5;

/// Time of one module row, all calls of its stage.
struct module_time {
  double time_s = 0.0;
  double lower_bound_s = 0.0;
  std::array<double, time_bound_count> lower_bound_by{}; ///< summed lower bound of its leaves, by resource
  time_bound bound_by = time_bound::memory;

  module_time& operator+=(const module_time& o) {
    time_s += o.time_s;
    lower_bound_s += o.lower_bound_s;
    for (std::size_t i = 0; i < time_bound_count; ++i) lower_bound_by[i] += o.lower_bound_by[i];
    return *this;
  }
  /// Sets `bound_by` from `lower_bound_by` (first maximum; memory when everything is zero).
  void settle() {
    std::size_t best = static_cast<std::size_t>(time_bound::memory);
    double top = 0.0;
    for (std::size_t i = 0; i < time_bound_count; ++i) {
      if (lower_bound_by[i] > top) {
        top = lower_bound_by[i];
        best = i;
      }
    }
    bound_by = static_cast<time_bound>(best);
  }
};

/// What a run is, besides the workload: the inputs of `analyze_run`.
struct run_request {
  model_entry model{};          ///< a registry entry, or one with a config.json architecture
  std::string config_path;      ///< where `model.arch` came from; empty for a built-in one
  workload w{};
  std::string_view profile_id;  ///< the profile `w` came from; empty when none
  pipeline_options options{};
  run_execution exec{};
  const device_spec* device = nullptr; ///< null: no time, no fit check
};

/// Everything of a run report besides the FLOP rows (report_view::run points at it).
struct run_info {
  std::string config_path;
  pipeline_plan plan{};          ///< resolved workload, shift, expert split
  pipeline_options options{};    ///< as requested
  run_execution exec{};
  const device_spec* device = nullptr;
  pipeline_memory memory{};
  pipeline_time time{};          ///< zero without a device
  std::vector<module_time> module_times; ///< parallel to the module rows; empty without a device
  std::array<double, hotspot_category_count> category_time_s{}; ///< by `category` (leaf categories)
  std::array<double, hotspot_leaf_count> top_leaf_time_s{};     ///< of core.top_leaves
  std::array<double, hotspot_category_count> top_category_time_s{};

  [[nodiscard]] bool has_device() const { return device != nullptr; }
};

/// A report with its run information.
struct run_report {
  report rows{};
  run_info info{};

  [[nodiscard]] report_view view() const {
    return report_view{rows.core, {rows.modules.data(), rows.modules.size()}, &info};
  }
};

namespace detail {

struct time_walk {
  const device_spec& d;
  const roofline_options& o;
  bool host = false;
  host_spec cpu{};
  double calls = 1.0;
  std::vector<module_time>& out;
};

/// Appends the times of `n`'s rows in the order of `emit_rows` and returns `n`'s time.
template <class N>
module_time walk_times(const N& n, time_walk& t) {
  if constexpr (is_optional<N>) {
    return n.present ? walk_times(n.node, t) : module_time{};
  } else if constexpr (is_repeated<N>) {
    const std::size_t self = t.out.size();
    t.out.emplace_back();
    module_time sum{};
    if (n.n > 0) {
      const std::size_t first = t.out.size();
      const module_time one = walk_times(n.node, t);
      const std::size_t last = t.out.size();
      sum += one;
      for (count i = 1; i < n.n; ++i) {
        for (std::size_t j = first; j < last; ++j) t.out.push_back(t.out[j]);
        sum += one;
      }
    }
    sum.settle();
    t.out[self] = sum;
    return sum;
  } else if constexpr (Leaf<N>) {
    module_time m{};
    if (t.host) {
      const metrics c = n.cost();
      const double flops = static_cast<double>(c.tensor_flops) + static_cast<double>(c.vector_flops);
      m.lower_bound_s = t.calls * flops / t.cpu.bf16_flops;
      m.time_s = m.lower_bound_s / t.cpu.efficiency;
      m.bound_by = time_bound::host;
    } else {
      const roofline_time r = leaf_roofline(n, t.d, t.o);
      m.lower_bound_s = t.calls * r.lower_bound_s;
      m.time_s = t.calls * r.time_s;
      m.bound_by = static_cast<time_bound>(static_cast<unsigned char>(r.bound_by));
    }
    m.lower_bound_by[static_cast<std::size_t>(m.bound_by)] = m.lower_bound_s;
    t.out.push_back(m);
    return m;
  } else {
    const std::size_t self = t.out.size();
    t.out.emplace_back();
    module_time sum{};
    boost::hana::for_each(n.children(), [&](const auto& c) { sum += walk_times(c.node, t); });
    sum.settle();
    t.out[self] = sum;
    return sum;
  }
}

/// Hotspot order by time: larger time_s first, then smaller id.
[[nodiscard]] inline bool time_ranks_before(double ta, const module_row& a, double tb, const module_row& b) {
  if (ta != tb) return ta > tb;
  return render_id(a.stage, a.path).view() < render_id(b.stage, b.path).view();
}

/// Ranks the hotspots of `r` by time (leaves and categories).
inline void rank_hotspots_by_time(report& r, run_info& info) {
  report_core& core = r.core;
  const std::vector<module_time>& mt = info.module_times;
  core.top_leaf_count = 0;
  for (std::size_t i = 0; i < r.modules.size(); ++i) {
    const module_row& row = r.modules[i];
    if (!row.leaf) continue;
    std::size_t pos = core.top_leaf_count;
    while (pos > 0 && time_ranks_before(mt[i].time_s, row, mt[core.top_leaves[pos - 1]].time_s,
                                        r.modules[core.top_leaves[pos - 1]])) {
      --pos;
    }
    if (pos >= hotspot_leaf_count) continue;
    const std::size_t last = core.top_leaf_count < hotspot_leaf_count ? core.top_leaf_count : hotspot_leaf_count - 1;
    for (std::size_t j = last; j > pos; --j) core.top_leaves[j] = core.top_leaves[j - 1];
    core.top_leaves[pos] = i;
    if (core.top_leaf_count < hotspot_leaf_count) ++core.top_leaf_count;
  }
  for (std::size_t i = 0; i < core.top_leaf_count; ++i) info.top_leaf_time_s[i] = mt[core.top_leaves[i]].time_s;

  info.category_time_s = {};
  for (std::size_t i = 0; i < r.modules.size(); ++i) {
    if (r.modules[i].leaf) info.category_time_s[static_cast<std::size_t>(r.modules[i].cat)] += mt[i].time_s;
  }
  auto& cats = core.top_categories;
  const auto time_of_cat = [&](const category_row& c) { return info.category_time_s[static_cast<std::size_t>(c.cat)]; };
  for (std::size_t i = 1; i < core.top_category_count; ++i) { // insertion sort of five rows
    for (std::size_t j = i; j > 0; --j) {
      const double a = time_of_cat(cats[j]);
      const double b = time_of_cat(cats[j - 1]);
      const bool before = a != b ? a > b : name_of(cats[j].cat) < name_of(cats[j - 1].cat);
      if (!before) break;
      const category_row t = cats[j];
      cats[j] = cats[j - 1];
      cats[j - 1] = t;
    }
  }
  for (std::size_t i = 0; i < core.top_category_count; ++i) info.top_category_time_s[i] = time_of_cat(cats[i]);
}

} // namespace detail

/// The report of run `q`: the FLOP rows of `make_report` with the DiT built under `q.exec`,
/// the memory footprint, and with a device the time of the run, its stages and modules.
/// Throws `invalid_input` for an illegal workload or option, `overflow_error` on overflow.
[[nodiscard]] inline run_report analyze_run(const run_request& q) {
  run_report r{};
  run_info& info = r.info;
  info.config_path = q.config_path;
  info.options = q.options;
  info.exec = q.exec;
  info.device = q.device;
  info.plan = plan_pipeline(q.model, q.w, q.options);
  const auto stages = make_wan_stages(q.model, q.w, q.options, q.exec.dit());
  r.rows = assemble_report(make_report_header(q.model, info.plan.w, q.profile_id), stages);
  info.memory = memory_of(info.plan, q.model, q.exec, q.device);
  if (q.device == nullptr) return r;

  const device_spec& d = *q.device;
  info.time = time_of_run(info.plan, q.model, q.exec, d);
  info.module_times.reserve(r.rows.modules.size());
  std::size_t stage_index = 0;
  boost::hana::for_each(stages, [&](const auto& s) {
    if (s.calls == 0) return;
    const stage_row& row = r.rows.core.stages[stage_index++];
    const bool host = row.name == std::string_view("text_encoder") && q.exec.t5_cpu;
    detail::time_walk t{d, q.exec.roofline, host, q.exec.cpu, static_cast<double>(s.calls), info.module_times};
    (void)detail::walk_times(s.tree, t);
  });
  if (info.module_times.size() != r.rows.modules.size()) {
    throw std::logic_error("wanmeter: module times do not line up with the module rows");
  }
  // Stage times are their root modules' times; the run's is their sum plus the transfers.
  pipeline_time& pt = info.time;
  pt.time_s = 0.0;
  pt.time_lower_bound_s = 0.0;
  for (const stage_row& row : r.rows.core.stage_rows()) {
    stage_time* st = nullptr;
    for (std::size_t i = 0; i < pt.stage_count; ++i) {
      if (pt.stages[i].stage.name == row.name) st = &pt.stages[i];
    }
    if (st == nullptr) throw std::logic_error("wanmeter: a report stage has no time");
    const module_time& root = info.module_times[row.first_module];
    st->time_s = root.time_s;
    st->time_lower_bound_s = root.lower_bound_s;
    pt.time_s += root.time_s;
    pt.time_lower_bound_s += root.lower_bound_s;
  }
  pt.time_s += pt.transfers.time_s;
  pt.time_lower_bound_s += pt.transfers.time_lower_bound_s;
  detail::rank_hotspots_by_time(r.rows, info);
  return r;
}

/// The roofline points of run `r` on its device (for io/svg.hpp); empty without a device.
[[nodiscard]] inline std::vector<roofline_point> run_roofline_points(const run_request& q, const run_info& info) {
  if (q.device == nullptr) return {};
  return run_roofline_points(info.plan, q.model, q.exec, *q.device);
}

} // namespace wanmeter
