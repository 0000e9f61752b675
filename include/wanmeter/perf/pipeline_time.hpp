#pragma once
// Roofline time of every stage of a run and of the whole run, including the host <-> device
// transfers of the official offload policy.
//
//   const pipeline_time t = time_of_run(plan, model, x, find_device("h100-sxm"));
//   t.time_s, t.time_lower_bound_s, t.stages[i].time_s, t.transfers.time_s
//
// Stage (on the device): time_of(stage tree) (perf/tree_time.hpp: per-leaf roofline, summed,
// since eager kernels run one after another) x calls.
// Stage on the host (the T5 with --t5_cpu): its FLOPs (tensor + vector) / host_spec.bf16_flops
// as the lower bound, divided by host_spec.efficiency as the estimate.
//
// Offload transfers per run (reference 5.2; each one way over the host link, from pageable
// memory by default, perf/transfer.hpp):
//   T5     in before encoding, out after (unless --t5_cpu)
//   CLIP   in and out (Wan2.1 I2V / FLF2V)
//   DiT    each expert that runs: in and out (Wan2.1 T2V: out after sampling and back in at the
//          next call; the others: in before sampling, out after; A14B swaps at the boundary)
// Without offload every model stays on the device and nothing moves (loading at init is not
// part of a generate call).
//
// Worked example (transfer part): Wan2.1 T2V-14B with offload on an H100 SXM (PCIe 5.0 x16,
// 64e9 B/s, pageable 0.40): T5 2 x 11.36 GB + DiT 2 x 57.15 GB = 137.0 GB -> 2.14 s lower bound,
// 5.35 s estimated.
//
// The totals: time_s = sum of the stages' time_s + transfers.time_s (likewise the lower bound).
// What is not modelled: the UniPC scheduler step and the CFG combine (a few latent-sized
// elementwise ops per step, < 0.1 s per run), Python and launch overheads, tokenisation, video
// encoding to mp4.

#include <wanmeter/hw/device.hpp>
#include <wanmeter/perf/memory.hpp>
#include <wanmeter/perf/pipeline_stages.hpp>
#include <wanmeter/perf/roofline_points.hpp>
#include <wanmeter/perf/run_execution.hpp>
#include <wanmeter/perf/transfer.hpp>
#include <wanmeter/perf/tree_time.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace wanmeter {

struct stage_time {
  stage_info stage{};
  bool on_host = false;          ///< ran on the CPU (time_by_kernel and bounds stay zero)
  tree_time per_call{};          ///< one call on the device (zero for a host stage)
  double time_lower_bound_s = 0.0; ///< all calls
  double time_s = 0.0;             ///< all calls
};

struct transfer_time {
  count h2d_bytes = 0;
  count d2h_bytes = 0;
  double time_lower_bound_s = 0.0;
  double time_s = 0.0;
};

struct pipeline_time {
  std::array<stage_time, max_pipeline_stages> stages{};
  std::size_t stage_count = 0;
  transfer_time transfers{};
  double host_time_s = 0.0;              ///< stages run on the CPU
  std::array<double, 4> time_by_kernel{}; ///< device stages, all calls, indexed by kernel_class
  double time_lower_bound_s = 0.0;
  double time_s = 0.0;

  [[nodiscard]] constexpr const stage_time* find(std::string_view name) const {
    for (std::size_t i = 0; i < stage_count; ++i) {
      if (stages[i].stage.name == name) return &stages[i];
    }
    return nullptr;
  }
};

/// Bytes moved each way by the official offload policy during one run of `p` (zero without offload).
[[nodiscard]] constexpr transfer_time offload_transfers(const pipeline_plan& p, const model_entry& m,
                                                        const run_execution& x, const device_spec& d) {
  transfer_time t{};
  if (!x.offload) return t;
  const model_weights mw = weights_of(p, m, x);
  const auto move = [&](count bytes) {
    t.h2d_bytes = add(t.h2d_bytes, bytes);
    t.d2h_bytes = add(t.d2h_bytes, bytes);
    t.time_lower_bound_s += 2.0 * host_transfer_lower_bound_s(bytes, d);
    t.time_s += 2.0 * host_transfer_time_s(bytes, d, x.host);
  };
  if (p.text_encoder_calls > 0 && !x.t5_cpu) move(mw.t5);
  if (p.image_encoder_calls > 0) move(mw.clip);
  if (p.dit_calls > 0) move(mw.dit);
  if (p.dit_high_noise_calls > 0) move(mw.dit);
  if (p.dit_low_noise_calls > 0) move(mw.dit);
  return t;
}

/// Time of every stage and of the whole run `p` of model `m` under `x` on device `d`.
[[nodiscard]] constexpr pipeline_time time_of_run(const pipeline_plan& p, const model_entry& m,
                                                  const run_execution& x, const device_spec& d) {
  pipeline_time r{};
  for_each_stage(p, m, x, [&](const stage_info& s, const auto& tree) {
    stage_time st{};
    st.stage = s;
    const double calls = static_cast<double>(s.calls);
    if (s.kind == stage_kind::text_encoder && x.t5_cpu) {
      st.on_host = true;
      const metrics c = cost_of(tree);
      const double flops = static_cast<double>(add(c.tensor_flops, c.vector_flops));
      st.time_lower_bound_s = calls * flops / x.cpu.bf16_flops;
      st.time_s = st.time_lower_bound_s / x.cpu.efficiency;
      r.host_time_s += st.time_s;
    } else {
      st.per_call = time_of(tree, d, x.roofline);
      st.time_lower_bound_s = calls * st.per_call.lower_bound_s;
      st.time_s = calls * st.per_call.time_s;
      for (std::size_t k = 0; k < 4; ++k) r.time_by_kernel[k] += calls * st.per_call.time_by_kernel[k];
    }
    r.time_lower_bound_s += st.time_lower_bound_s;
    r.time_s += st.time_s;
    r.stages[r.stage_count++] = st;
  });
  r.transfers = offload_transfers(p, m, x, d);
  r.time_lower_bound_s += r.transfers.time_lower_bound_s;
  r.time_s += r.transfers.time_s;
  return r;
}

/// The roofline points of every device stage of the run (stages on the host are left out), for
/// io/svg.hpp's `svg_roofline`.
[[nodiscard]] inline std::vector<roofline_point> run_roofline_points(const pipeline_plan& p, const model_entry& m,
                                                                     const run_execution& x, const device_spec& d) {
  std::vector<roofline_point> pts;
  for_each_stage(p, m, x, [&](const stage_info& s, const auto& tree) {
    if (s.kind == stage_kind::text_encoder && x.t5_cpu) return;
    collect_roofline_points(tree, s.name, d, x.roofline, pts);
  });
  return pts;
}

} // namespace wanmeter
