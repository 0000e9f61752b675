#pragma once
// The one value of an analysed run: the plan made once from the request (run/plan.hpp), the
// report rows with every module's time on the device (one walk per stage tree,
// report/report.hpp), the memory footprint (perf/memory.hpp), the run's time (perf/run_time.hpp)
// and the roofline points (perf/roofline_points.hpp). report.json, summary.md, the SVG charts
// and the console all read this value; none of them plans, validates or builds a tree again.
//
//   const run_report r = analyze(run_request{.model = find_model("wan2.1-t2v-14b"),
//                                            .device = &find_device("h100-sxm")});
//   r.memory.peak_bytes, r.time.time_s, r.rows.modules[i].time.time_s, r.points
//   to_json_text(r.view())   // io/json.hpp
//
// (compiled in examples/analyze_run.cpp)

#include <wanmeter/core/instrument.hpp>
#include <wanmeter/perf/memory.hpp>
#include <wanmeter/perf/roofline_points.hpp>
#include <wanmeter/perf/run_time.hpp>
#include <wanmeter/report/report.hpp>
#include <wanmeter/run/plan.hpp>
#include <wanmeter/run/request.hpp>

#include <vector>

namespace wanmeter {

struct run_report {
  run_plan plan{};
  report rows{};
  pipeline_memory memory{};
  run_time time{};                     ///< zero without a device
  std::vector<roofline_point> points;  ///< empty without a device

  [[nodiscard]] bool has_device() const { return plan.has_device(); }
  [[nodiscard]] const run_request& request() const { return plan.request; }
  [[nodiscard]] report_view view() const {
    return report_view{rows.core, {rows.modules.data(), rows.modules.size()}, this};
  }
};

/// The analysis of request `q`. Throws `invalid_input` for an illegal workload or option and
/// `overflow_error` when a count overflows.
[[nodiscard]] inline run_report analyze(const run_request& q) {
  run_report r{};
  r.plan = make_run_plan(q);
  r.rows = assemble_report(r.plan);
  r.memory = memory_of(r.plan);
  if (r.plan.has_device()) {
    r.time = time_of(r.plan, r.rows.core, r.rows.modules);
    r.points = roofline_points(r.rows.modules, [&](stage_id id) {
      const planned_stage* s = r.plan.stage(id);
      return s != nullptr && s->where == placement::host;
    });
  }
  return r;
}

} // namespace wanmeter
