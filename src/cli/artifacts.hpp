#pragma once
// The artifacts of `wanmeter analyze`: every text (report.json, summary.md and, with a device,
// the SVG charts) formed from the run's report in one place, before anything is written or
// printed, so that an input gives one outcome whether --stdout is given or not; then written as
// one folder (io/files.hpp: write_folder_atomically).
#include "request.hpp"

#include <wanmeter/io/files.hpp>
#include <wanmeter/run/analyze.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace wanmeter::cli {

struct artifact_set {
  /// `<output-root>/<run-id>/static_analysis/<wan2_1|wan2_2>`
  std::filesystem::path folder;
  std::string report_json;
  std::string summary_md;
  std::string roofline_svg;    ///< empty without a device
  std::string stage_times_svg; ///< empty without a device
  std::string scaling_svg;     ///< a multi-GPU run on a device: time and memory on 1, 2, 4, 8 GPUs

  [[nodiscard]] bool has_charts() const { return !roofline_svg.empty(); }
  /// The files of the folder, report.json first.
  [[nodiscard]] std::vector<folder_file> files() const;
};

/// Forms every artifact text of the run (throws what forming them throws, e.g. overflow_error).
[[nodiscard]] artifact_set make_artifacts(const analyze_request& a, const run_report& r);

/// Writes the folder all or nothing (throws io_error).
void write_artifacts(const artifact_set& set, write_fault_hook hook = nullptr,
                     swap_method method = swap_method::exchange);

} // namespace wanmeter::cli
