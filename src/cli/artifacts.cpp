// Forming and writing the artifacts of `wanmeter analyze` (artifacts.hpp).
#include "artifacts.hpp"

#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/io/svg.hpp>

namespace wanmeter::cli {

std::vector<folder_file> artifact_set::files() const {
  std::vector<folder_file> f{{.name = "report.json", .text = report_json}, {.name = "summary.md", .text = summary_md}};
  if (has_charts()) {
    f.push_back({.name = "roofline.svg", .text = roofline_svg});
    f.push_back({.name = "stage_times.svg", .text = stage_times_svg});
  }
  if (!scaling_svg.empty()) f.push_back({.name = "scaling.svg", .text = scaling_svg});
  return f;
}

artifact_set make_artifacts(const analyze_request& a, const run_report& r) {
  const run_request& q = a.run;
  artifact_set set{};
  set.folder = std::filesystem::path(a.output_root) / a.run_id / "static_analysis" /
               (q.model.arch.version == wan_version::v2_1 ? "wan2_1" : "wan2_2");
  set.report_json = to_json_text(r.view());
  const std::vector<scaling_point> scaling = scaling_of(r);
  set.summary_md = to_summary_markdown(r.view(), scaling);
  if (r.has_device()) {
    const std::string title = std::string(q.model.id) + " on " + std::string(q.device->id);
    set.roofline_svg = svg_roofline(*q.device, r.points, "roofline: " + title);
    set.stage_times_svg = svg_stage_times(r.time, "time per stage: " + title);
    if (!q.layout.single_gpu()) {
      set.scaling_svg = svg_scaling(scaling, static_cast<double>(q.device->memory_capacity),
                                    "time and memory per GPU: " + title);
    }
  }
  return set;
}

void write_artifacts(const artifact_set& set, write_fault_hook hook, swap_method method) {
  write_folder_atomically(set.folder, set.files(), hook, method);
}

} // namespace wanmeter::cli
