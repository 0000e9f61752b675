#pragma once
// Roofline time of a whole layer tree: the fold of `leaf_roofline` over its leaves, mirroring
// `cost_of` (a repeated node counts N times, an absent optional node not at all).
//
//   lower_bound_s = sum over leaves of max(tensor_s, vector_s, sfu_s, memory_s)
//   time_s        = sum over leaves of the calibrated estimate
//
// Kernels run one after another in eager PyTorch, so per-leaf times add; the sum of per-leaf
// lower bounds is itself a lower bound of the whole forward.
//
// Worked example: one forward of the Wan2.1 T2V-14B DiT at 1280x720x81 on an H100 SXM has 40
// self-attention cores of 0.1183 s lower bound each (4.73 s of the forward's lower bound).

#include <wanmeter/core/tree.hpp>
#include <wanmeter/perf/roofline.hpp>

#include <array>
#include <cstddef>

namespace wanmeter {

struct tree_time {
  double lower_bound_s = 0.0;
  double time_s = 0.0;
  std::array<double, 4> lower_bound_by_bound{};  ///< indexed by `bound`
  std::array<double, 4> time_by_kernel{};        ///< indexed by `kernel_class`

  constexpr tree_time& operator+=(const tree_time& o) {
    lower_bound_s += o.lower_bound_s;
    time_s += o.time_s;
    for (std::size_t i = 0; i < 4; ++i) {
      lower_bound_by_bound[i] += o.lower_bound_by_bound[i];
      time_by_kernel[i] += o.time_by_kernel[i];
    }
    return *this;
  }
  [[nodiscard]] constexpr tree_time times(count n) const {
    tree_time t = *this;
    const double k = static_cast<double>(n);
    t.lower_bound_s *= k;
    t.time_s *= k;
    for (std::size_t i = 0; i < 4; ++i) {
      t.lower_bound_by_bound[i] *= k;
      t.time_by_kernel[i] *= k;
    }
    return t;
  }
};

/// Roofline time of one call of `n` (any tree node) on device `d`.
template <class N>
[[nodiscard]] constexpr tree_time time_of(const N& n, const device_spec& d, const roofline_options& o = {}) {
  if constexpr (detail::is_optional<N>) {
    return n.present ? time_of(n.node, d, o) : tree_time{};
  } else if constexpr (detail::is_repeated<N>) {
    return time_of(n.node, d, o).times(n.n);
  } else if constexpr (Leaf<N>) {
    const roofline_time r = leaf_roofline(n, d, o);
    tree_time t{};
    t.lower_bound_s = r.lower_bound_s;
    t.time_s = r.time_s;
    t.lower_bound_by_bound[static_cast<std::size_t>(r.bound_by)] = r.lower_bound_s;
    t.time_by_kernel[static_cast<std::size_t>(r.kernel)] = r.time_s;
    return t;
  } else {
    static_assert(Composite<N>, "wanmeter: a tree node must be a Leaf, a Composite, repeated_node or optional_node");
    tree_time t{};
    boost::hana::for_each(n.children(), [&](const auto& c) { t += time_of(c.node, d, o); });
    return t;
  }
}

} // namespace wanmeter
