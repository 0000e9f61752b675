#pragma once
// The same run on 1, 2, 4 and 8 GPUs of one layout family: what `summary.md`'s "Across N GPUs"
// section and the scaling chart (io/svg.hpp `svg_scaling`) show. Each point is a whole analysis
// (run/analyze.hpp) of the request with its sequence-parallel axis resized:
//
//   family    the axis the request uses (Ulysses if its Ulysses degree is above 1, else ring),
//             CFG parallel and FSDP kept; n GPUs = cfg x sequence degree
//   skipped   a count the family cannot make (n not a multiple of the CFG groups, a Ulysses
//             degree that does not divide the heads, a layout the node rules refuse: run/cluster.hpp)
//   1 GPU     the same execution on one GPU (FSDP and CFG parallel need several)
//
// Worked example: Wan2.1 T2V-14B 720p, `--ulysses-size 8 --dit-fsdp --t5-fsdp` on H100 SXM: the
// family is Ulysses n with FSDP; the 1-GPU point is the same execution without a layout.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/run/analyze.hpp>

#include <array>
#include <span>
#include <vector>

namespace wanmeter {

struct scaling_point {
  count gpus = 1;
  double time_s = 0.0;
  count peak_bytes = 0; ///< per GPU (the busiest rank)
  bool fits = false;
};

inline constexpr std::array<count, 4> default_scaling_gpus{1, 2, 4, 8};

/// The request `q` on `gpus` GPUs of its layout family, or false when the family cannot make it.
[[nodiscard]] inline bool resized(const run_request& q, count gpus, run_request& out) {
  out = q;
  parallel_layout& l = out.layout;
  if (gpus == 1) {
    l = parallel_layout{};
    return true;
  }
  if (gpus % q.layout.cfg != 0) return false;
  const count sp = gpus / q.layout.cfg;
  const bool ring_family = q.layout.ulysses == 1 && q.layout.ring > 1;
  l.ulysses = ring_family ? 1 : sp;
  l.ring = ring_family ? sp : 1;
  if (sp == 1 && q.layout.cfg == 1) return false;
  return true;
}

/// The scaling points of request `q` (a device is required) over `gpus`.
[[nodiscard]] inline std::vector<scaling_point> scaling_series(const run_request& q,
                                                               std::span<const count> gpus = default_scaling_gpus) {
  std::vector<scaling_point> points;
  for (const count n : gpus) {
    run_request r{};
    if (!resized(q, n, r)) continue;
    try {
      const run_report a = analyze(r);
      points.push_back({.gpus = n, .time_s = a.time.time_s, .peak_bytes = a.memory.peak_bytes, .fits = a.memory.fits});
    } catch (const invalid_input&) {
      // this count is not a legal layout of the family (heads, interconnect size): no point
    }
  }
  return points;
}

/// The scaling points that go with the report of run `r`: those of its layout family on 1, 2, 4
/// and 8 GPUs for a multi-GPU run on a device, none otherwise (what summary.md's "Across N GPUs"
/// section and `scaling.svg` show, for the CLI and the web page alike).
[[nodiscard]] inline std::vector<scaling_point> scaling_of(const run_report& r) {
  if (!r.has_device() || r.request().layout.single_gpu()) return {};
  return scaling_series(r.request());
}

} // namespace wanmeter
