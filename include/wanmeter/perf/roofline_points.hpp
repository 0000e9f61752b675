#pragma once
// The points of a roofline chart, read from the timed report rows: one per distinct leaf kernel
// of a device stage, with its arithmetic intensity (FLOPs per byte of device traffic) and the
// rate it achieves under the calibrated time model (FLOPs / time).
//
//   const std::vector<roofline_point> pts = roofline_points(r.rows.view());
//
// The leaves of a repeated node (the 40 DiT blocks) are one point with the index written `*`
// (`dit.blocks.*.self_attn.attn_core`); `calls` counts the repetitions inside one call of the
// stage. Stages on the host are left out.
// Example: `dit.blocks.*.self_attn.attn_core` of Wan2.1 14B at 720p on an H100 SXM with FA3:
// 117.05e12 + 1.14e12 FLOP over 3.10e9 B -> intensity 38,160 FLOP/B, 0.1806 s -> 654 TFLOP/s.

#include <wanmeter/core/node_path.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/perf/kernel_class.hpp>
#include <wanmeter/report/report.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace wanmeter {

struct roofline_point {
  std::string id;                    ///< e.g. "dit.blocks.*.self_attn.attn_core"
  category cat = category::other;
  kernel_class kernel = kernel_class::elementwise;
  count calls = 1;                   ///< repetitions inside one call of the stage
  double flops = 0.0;                ///< tensor + vector FLOPs of one call of the leaf
  double bytes = 0.0;                ///< device bytes of one call
  double time_s = 0.0;               ///< calibrated time of one call
  double lower_bound_s = 0.0;

  [[nodiscard]] double intensity() const { return bytes > 0.0 ? flops / bytes : 0.0; }
  [[nodiscard]] double rate() const { return time_s > 0.0 ? flops / time_s : 0.0; }
};

/// The roofline points of the leaf rows of `modules` whose stage is on the device (`on_host(id)`
/// false), in order of first appearance.
template <class OnHost>
[[nodiscard]] std::vector<roofline_point> roofline_points(std::span<const module_row> modules, OnHost&& on_host) {
  std::vector<roofline_point> pts;
  std::unordered_map<std::string, std::size_t> index;
  std::string id;
  for (const module_row& m : modules) {
    if (!m.leaf || on_host(m.stage)) continue;
    id.clear();
    write_id(id, name_of(m.stage), m.path, static_cast<std::size_t>(-1), "*");
    const auto [it, fresh] = index.try_emplace(id, pts.size());
    if (!fresh) {
      pts[it->second].calls = checked_add(pts[it->second].calls, 1);
      continue;
    }
    const double calls = static_cast<double>(m.calls);
    pts.push_back(roofline_point{.id = id,
                                 .cat = m.cat,
                                 .kernel = m.time.kernel,
                                 .calls = 1,
                                 .flops = static_cast<double>(m.per_call.tensor_flops) +
                                          static_cast<double>(m.per_call.vector_flops),
                                 .bytes = static_cast<double>(m.per_call.bytes()),
                                 .time_s = m.time.time_s / calls,
                                 .lower_bound_s = m.time.lower_bound_s / calls});
  }
  return pts;
}

} // namespace wanmeter
