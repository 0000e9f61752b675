#pragma once
// The points of a roofline chart: one per distinct leaf kernel of a stage tree, with its
// arithmetic intensity (FLOPs per byte of device traffic) and the rate it achieves under the
// calibrated time model (FLOPs / time_s).
//
//   std::vector<roofline_point> pts;
//   collect_roofline_points(make_wan_dit(a, w), "dit", dev, {}, pts);
//
// A repeated node (the 40 DiT blocks) contributes its leaves once, since every repetition runs
// the same kernels; `calls` carries the repetition count so a consumer can weight the points.
// Example: `dit.blocks.*.self_attn.attn_core` of Wan2.1 14B at 720p on an H100 SXM with FA3:
// 117.05e12 + 1.14e12 FLOP over 3.10e9 B -> intensity 38,160 FLOP/B, 0.1806 s -> 654 TFLOP/s.

#include <wanmeter/core/node_path.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/perf/roofline.hpp>

#include <string>
#include <string_view>
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

namespace detail {
template <class N>
void collect_points(const N& n, const std::string& id, count reps, const device_spec& d, const roofline_options& o,
                    std::vector<roofline_point>& out) {
  if constexpr (is_optional<N>) {
    if (n.present) collect_points(n.node, id, reps, d, o, out);
  } else if constexpr (is_repeated<N>) {
    collect_points(n.node, id + ".*", checked_mul(reps, n.n), d, o, out);
  } else if constexpr (Leaf<N>) {
    const metrics m = n.cost();
    const roofline_time r = leaf_roofline(n, d, o);
    roofline_point p{};
    p.id = id;
    p.cat = n.cat();
    p.kernel = r.kernel;
    p.calls = reps;
    p.flops = static_cast<double>(m.tensor_flops) + static_cast<double>(m.vector_flops);
    p.bytes = static_cast<double>(m.bytes());
    p.time_s = r.time_s;
    p.lower_bound_s = r.lower_bound_s;
    out.push_back(std::move(p));
  } else {
    boost::hana::for_each(n.children(), [&](const auto& c) {
      collect_points(c.node, id.empty() ? std::string(c.name) : id + "." + std::string(c.name), reps, d, o, out);
    });
  }
}
} // namespace detail

/// Appends one point per distinct leaf of `tree` (ids prefixed by `stage`) on device `d`.
template <class Tree>
void collect_roofline_points(const Tree& tree, std::string_view stage, const device_spec& d,
                             const roofline_options& o, std::vector<roofline_point>& out) {
  detail::collect_points(tree, std::string(stage), 1, d, o, out);
}

} // namespace wanmeter
