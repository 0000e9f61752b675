#pragma once
// The time of a module: its own leaves' roofline times, summed, for all calls of its stage.
//
//   leaf on the device   calls x leaf_roofline(leaf) (perf/roofline.hpp): the lower bound, the
//                        calibrated estimate, the bounding resource and the kernel class;
//   leaf on the host     calls x (tensor + vector FLOPs) / host rate as the lower bound, that /
//                        host efficiency as the estimate, bound `host` (the T5 with --t5-cpu);
//   parent               the sum of its children (time, lower bound, and the lower bound per
//                        resource); its `bound_by` is the resource with the largest summed lower
//                        bound (ties: tensor, vector, sfu, memory, host in that order).
// Eager kernels run one after another, so times add; a repeated node is its child's time added
// N times (kept as additions so that a parent equals the sum of its children's rows exactly).
//
// Worked example: Wan2.1 T2V-14B 1280x720x81 on an H100 SXM: each of the 40 self-attention cores
// of a forward is 117.05e12 FLOPs, 0.1183 s lower bound at 989.4 TFLOP/s; x 100 calls.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/perf/kernel_class.hpp>
#include <wanmeter/perf/roofline.hpp>
#include <wanmeter/perf/run_execution.hpp>

#include <array>
#include <cstddef>

namespace wanmeter {

struct module_time {
  double time_s = 0.0;
  double lower_bound_s = 0.0;
  std::array<double, bound_count> lower_bound_by{}; ///< summed lower bound of its leaves, by resource
  bound bound_by = bound::memory;
  kernel_class kernel = kernel_class::elementwise;  ///< a leaf's kernel class (parents: unused)

  constexpr module_time& operator+=(const module_time& o) {
    time_s += o.time_s;
    lower_bound_s += o.lower_bound_s;
    for (std::size_t i = 0; i < bound_count; ++i) lower_bound_by[i] += o.lower_bound_by[i];
    return *this;
  }
  /// N repetitions of `one`, added one after another.
  friend constexpr module_time times(const module_time& one, count n) {
    module_time sum{};
    for (count i = 0; i < n; ++i) sum += one;
    return sum;
  }
  /// Sets `bound_by` from `lower_bound_by` (first maximum; memory when everything is zero).
  constexpr void settle() {
    std::size_t best = static_cast<std::size_t>(bound::memory);
    double top = 0.0;
    for (std::size_t i = 0; i < bound_count; ++i) {
      if (lower_bound_by[i] > top) {
        top = lower_bound_by[i];
        best = i;
      }
    }
    bound_by = static_cast<bound>(best);
  }
  friend constexpr bool operator==(const module_time&, const module_time&) = default;
};

/// How the leaves of one stage are timed: on `device`, or on the host CPU.
struct stage_timing {
  const device_spec* device = nullptr;
  roofline_options roofline{};
  bool on_host = false;
  host_spec cpu{};
  double calls = 1.0; ///< calls of the stage

  /// The time of all calls of leaf `l`.
  template <Leaf L>
  [[nodiscard]] constexpr module_time leaf(const L& l) const {
    module_time m{};
    if (on_host) {
      const metrics c = l.cost();
      const double flops = static_cast<double>(c.tensor_flops) + static_cast<double>(c.vector_flops);
      m.lower_bound_s = calls * flops / cpu.bf16_flops;
      m.time_s = m.lower_bound_s / cpu.efficiency;
      m.bound_by = bound::host;
    } else {
      const roofline_time r = leaf_roofline(l, *device, roofline);
      m.lower_bound_s = calls * r.lower_bound_s;
      m.time_s = calls * r.time_s;
      m.bound_by = r.bound_by;
      m.kernel = r.kernel;
    }
    m.lower_bound_by[static_cast<std::size_t>(m.bound_by)] = m.lower_bound_s;
    return m;
  }
};

} // namespace wanmeter
