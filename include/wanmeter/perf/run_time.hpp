#pragma once
// The time of a whole run on its device, read from the timed report rows (report/report.hpp):
// each stage's time is its root module's (the sum of its leaves' times, perf/module_time.hpp),
// and the run's is the sum of the stage times plus the offload transfers of the plan:
//
//   time_s = sum(stages.time_s) + transfers.time_s   (likewise time_lower_bound_s)
//
// Transfers: each model the plan moves (run/plan.hpp) goes in and out once, over the device's
// host link from pageable memory by default (perf/transfer.hpp).
// Worked example: Wan2.1 T2V-14B with offload on an H100 SXM (PCIe 5.0 x16, 64e9 B/s, pageable
// 0.40): T5 2 x 11.36 GB + DiT 2 x 57.15 GB = 137.0 GB -> 2.14 s lower bound, 5.35 s estimated.
//
// What is not modelled: the UniPC scheduler step and the CFG combine (a few latent-sized
// elementwise ops per step, < 0.1 s per run), Python and launch overheads, tokenisation, video
// encoding to mp4.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/perf/kernel_class.hpp>
#include <wanmeter/perf/transfer.hpp>
#include <wanmeter/report/report.hpp>
#include <wanmeter/run/plan.hpp>

#include <array>
#include <cstddef>
#include <span>

namespace wanmeter {

struct transfer_time {
  count h2d_bytes = 0;
  count d2h_bytes = 0;
  double time_lower_bound_s = 0.0;
  double time_s = 0.0;
};

struct stage_time {
  stage_id stage = stage_id::dit;
  bool on_host = false;
  double time_lower_bound_s = 0.0; ///< all calls
  double time_s = 0.0;             ///< all calls, on the busiest rank: compute + exposed communication
  double compute_s = 0.0;          ///< the rank's compute (its root module's time)
  double communication_s = 0.0;    ///< exposed communication of the stage
};

inline constexpr std::size_t kernel_class_count = 4;

/// The time of one planned collective of the busiest rank (the same index as in the plan).
struct collective_time {
  double call_s = 0.0;     ///< one call
  double total_s = 0.0;    ///< all calls of the run
  double exposed_s = 0.0;  ///< what the compute does not hide (perf/run_time.hpp's overlap rules)
};

struct run_time {
  std::array<stage_time, stage_id_count> stages{};
  std::size_t stage_count = 0;
  transfer_time transfers{};
  double host_time_s = 0.0;                                 ///< stages run on the CPU
  std::array<double, kernel_class_count> time_by_kernel{}; ///< device leaves, all calls, by kernel_class
  double time_lower_bound_s = 0.0;
  double time_s = 0.0;
  std::array<collective_time, max_collectives> collectives{}; ///< parallel to the plan's collectives
  double compute_s = 0.0;        ///< the busiest rank's compute over all stages
  double communication_s = 0.0;  ///< its exposed communication
  double serial_s = 0.0;         ///< stages no extra GPU shortens: the text encoder, the VAE decode on rank 0

  [[nodiscard]] constexpr std::span<const stage_time> stage_list() const { return {stages.data(), stage_count}; }
  /// The time of stage `id`, or nullptr when it does not run.
  [[nodiscard]] constexpr const stage_time* find(stage_id id) const {
    for (std::size_t i = 0; i < stage_count; ++i) {
      if (stages[i].stage == id) return &stages[i];
    }
    return nullptr;
  }
};

/// The offload transfers of plan `p` on device `d`.
[[nodiscard]] constexpr transfer_time offload_transfers(const run_plan& p, const device_spec& d) {
  transfer_time t{};
  for (const count bytes : p.move_list()) {
    t.h2d_bytes = add(t.h2d_bytes, bytes);
    t.d2h_bytes = add(t.d2h_bytes, bytes);
    t.time_lower_bound_s += 2.0 * host_transfer_lower_bound_s(bytes, d);
    t.time_s += 2.0 * host_transfer_time_s(bytes, d, p.request.exec.host);
  }
  return t;
}

/// The time of plan `p` from its timed report rows (`core`, `modules`); zero without a device.
[[nodiscard]] constexpr run_time time_of(const run_plan& p, const report_core& core, std::span<const module_row> modules) {
  run_time r{};
  if (!p.has_device()) return r;
  for (const stage_row& row : core.stage_rows()) {
    const module_time& root = modules[row.first_module].time;
    const planned_stage* s = p.stage(row.id);
    const bool host = s != nullptr && s->where == placement::host;
    r.stages[r.stage_count++] = stage_time{.stage = row.id, .on_host = host, .time_lower_bound_s = root.lower_bound_s,
                                           .time_s = root.time_s};
    r.time_s += root.time_s;
    r.time_lower_bound_s += root.lower_bound_s;
    if (host) {
      r.host_time_s += root.time_s;
    } else {
      for (std::size_t i = row.first_module; i < row.first_module + row.module_count; ++i) {
        if (modules[i].leaf) r.time_by_kernel[static_cast<std::size_t>(modules[i].time.kernel)] += modules[i].time.time_s;
      }
    }
  }
  r.transfers = offload_transfers(p, *p.request.device);
  r.time_s += r.transfers.time_s;
  r.time_lower_bound_s += r.transfers.time_lower_bound_s;
  return r;
}

} // namespace wanmeter
