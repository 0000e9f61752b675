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
// Streams of the finer offload policies (run/plan.hpp `planned_stream`), per call of their stage
// with u units of copy time t (one block's bytes over the link) and c the compute of one DiT block:
//   overlapped (block offload, pinned memory)  t + (u - 1) x max(0, t - c)
//     The engines prefetch one block ahead on a side stream: diffusers' group offload with
//     use_stream=True onloads group i+1 while group i computes, LightX2V's block offload swaps
//     double CUDA buffers, ComfyUI-WanVideoWrapper's block swap prefetches with non_blocking
//     copies. The first streamed block of a forward waits for its whole copy; each later one
//     only for what its copy takes beyond the previous block's compute (the rule FSDP's
//     prefetch follows, `detail::exposed_s` with_block).
//   not overlapped (sequential offload; pageable memory, whose copies are synchronous)  u x t
// `transfers.time_s` is what the copies add to the run (moves + the exposed part of the
// streams); `transfers.link_time_s` the time the link is busy with all of them.
// Worked example: Wan2.1 T2V-14B bf16 on an RTX 4090 (PCIe 4.0 x16, 32e9 B/s, pinned 0.80),
// block offload with 20 of 40 blocks streamed (20 x 702.8 MB): t = 27.5 ms per block against
// c ~ 0.39 s of compute per block at 832x480: 27.5 ms exposed per forward, 2.7 s over 100
// forwards, while the link carries 1.41 TB (54.9 s of copies, hidden).
//
// What is not modelled: the UniPC scheduler step and the CFG combine (a few latent-sized
// elementwise ops per step, < 0.1 s per run), Python and launch overheads, tokenisation, video
// encoding to mp4.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/perf/collective.hpp>
#include <wanmeter/perf/kernel_class.hpp>
#include <wanmeter/perf/transfer.hpp>
#include <wanmeter/report/report.hpp>
#include <wanmeter/run/cluster.hpp>
#include <wanmeter/run/plan.hpp>

#include <array>
#include <cstddef>
#include <span>

namespace wanmeter {

struct transfer_time {
  count h2d_bytes = 0;
  count d2h_bytes = 0;
  double time_lower_bound_s = 0.0;
  double time_s = 0.0;         ///< what the copies add to the run (moves + exposed streaming)
  count streamed_bytes = 0;    ///< of h2d_bytes, what block / sequential offload streams during stages
  double link_time_s = 0.0;    ///< the link busy with every copy (>= time_s)
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
  t.link_time_s = t.time_s;
  return t;
}

/// What stream `st` of plan `p` costs on device `d`, given one DiT block's compute per call
/// (`block_s`, `block_lower_bound_s`): adds its bytes and times to `t` (see the header comment).
constexpr void add_stream(transfer_time& t, const planned_stream& st, const device_spec& d, host_memory m,
                          double block_s, double block_lower_bound_s) {
  const double calls = static_cast<double>(st.calls);
  const double units = static_cast<double>(st.units);
  const double unit_s = host_transfer_time_s(st.unit_bytes, d, m);
  const double unit_lb_s = host_transfer_lower_bound_s(st.unit_bytes, d);
  const auto exposed = [&](double copy_s, double compute_s) {
    if (!st.overlapped) return units * copy_s;
    const double later = copy_s > compute_s ? copy_s - compute_s : 0.0;
    return copy_s + (units - 1.0) * later;
  };
  const count bytes = mul(st.calls, st.bytes_per_call());
  t.h2d_bytes = add(t.h2d_bytes, bytes);
  t.streamed_bytes = add(t.streamed_bytes, bytes);
  t.time_s += calls * exposed(unit_s, block_s);
  t.time_lower_bound_s += calls * exposed(unit_lb_s, block_lower_bound_s);
  t.link_time_s += calls * units * unit_s;
}

namespace detail {

/// Per call of its stage, the time of one module of the rank whose path is `blocks` (the DiT's
/// or the T5's repeated blocks), divided by their number: one block's compute; 0 if none.
[[nodiscard]] constexpr double block_compute_s(const stage_row& row, std::span<const module_row> modules,
                                               bool lower_bound = false) {
  for (std::size_t i = row.first_module; i < row.first_module + row.module_count; ++i) {
    const module_row& m = modules[i];
    if (m.path.depth() == 1 && m.path[0].name == "blocks") {
      count blocks = 0;
      for (std::size_t j = i + 1; j < row.first_module + row.module_count && modules[j].path.depth() >= 2 &&
                                  modules[j].path[0].name == "blocks";
           ++j) {
        if (modules[j].path.depth() == 2) ++blocks;
      }
      return blocks == 0 || row.rank_calls == 0
                 ? 0.0
                 : (lower_bound ? m.time.lower_bound_s : m.time.time_s) / static_cast<double>(row.rank_calls) /
                       static_cast<double>(blocks);
    }
  }
  return 0.0;
}

/// Per call of its stage, the self-attention core of one block (ring steps hide behind it).
[[nodiscard]] constexpr double attention_core_s(const stage_row& row, std::span<const module_row> modules) {
  for (std::size_t i = row.first_module; i < row.first_module + row.module_count; ++i) {
    const module_row& m = modules[i];
    if (m.leaf && m.path.depth() == 4 && m.path[0].name == "blocks" && m.path[1].index == 0 &&
        m.path[2].name == "self_attn" && m.path[3].name == "attn_core") {
      return row.rank_calls == 0 ? 0.0 : m.time.time_s / static_cast<double>(row.rank_calls);
    }
  }
  return 0.0;
}

/// What of collective `c` (one call: `call_s`) the compute of its stage does not hide, over the
/// whole run:
///   none            every call;
///   with_block      FSDP's implicit prefetch: per forward the first block's gather, then for
///                   each later block what exceeds the previous block's compute;
///   with_attention  xDiT's ring: each step's K and V hops run beside that step's share of the
///                   attention core (1 / r of it); what exceeds it is exposed.
[[nodiscard]] constexpr double exposed_s(const planned_collective& c, double call_s, double block_s, double core_s) {
  const double calls = static_cast<double>(c.calls);
  switch (c.overlap) {
  case comm_overlap::none: return calls * call_s;
  case comm_overlap::with_block: {
    const double per_forward = static_cast<double>(c.per_forward);
    const double forwards = calls / per_forward;
    const double later = call_s > block_s ? call_s - block_s : 0.0;
    return forwards * (call_s + (per_forward - 1.0) * later);
  }
  case comm_overlap::with_attention: {
    const double steps = static_cast<double>(c.group - 1);
    const double step_s = 2.0 * call_s;                      // K and V
    const double hidden = core_s / static_cast<double>(c.group);
    const double per_step = step_s > hidden ? step_s - hidden : 0.0;
    const double per_block = steps * per_step;
    const double blocks_run = calls / (2.0 * steps);
    return blocks_run * per_block;
  }
  }
  return calls * call_s;
}

} // namespace detail

/// The interconnect of plan `p`'s GPUs: the request's, else the device's own.
[[nodiscard]] inline const interconnect_spec& interconnect_of(const run_plan& p) {
  return p.request.interconnect != nullptr ? *p.request.interconnect : default_interconnect(*p.request.device);
}

/// The network between plan `p`'s nodes: the request's, else the device's own (null: none).
[[nodiscard]] inline const network_spec* network_of(const run_plan& p) {
  return p.request.network != nullptr ? p.request.network : default_network(*p.request.device);
}

/// The nodes plan `p`'s ranks sit on (run/cluster.hpp); throws `invalid_input` naming the rule a
/// multi-node layout breaks (a partial node, no network, a group across a node boundary).
[[nodiscard]] inline cluster_spec cluster_of(const run_plan& p) {
  return cluster_for(p.layout(), interconnect_of(p), network_of(p), *p.request.device);
}

/// The collective `c` of a plan on cluster `cl`: its time (seconds) and lower bound.
[[nodiscard]] constexpr double collective_time_s(const planned_collective& c, const cluster_spec& cl) {
  return collective_time_s(c.kind, process_group{.size = c.group, .stride = c.stride}, c.message_bytes, cl);
}
[[nodiscard]] constexpr double collective_time_lower_bound_s(const planned_collective& c, const cluster_spec& cl) {
  return collective_time_lower_bound_s(c.kind, process_group{.size = c.group, .stride = c.stride}, c.message_bytes,
                                       cl);
}

/// The time of plan `p` from its timed report rows (`core`, `modules`); zero without a device.
/// Each stage is the busiest rank's compute (its root module) plus the communication that
/// compute does not hide; the run adds the offload transfers.
[[nodiscard]] inline run_time time_of(const run_plan& p, const report_core& core, std::span<const module_row> modules) {
  run_time r{};
  if (!p.has_device()) return r;
  const bool multi = p.collective_count > 0;
  const cluster_spec cl = multi ? cluster_of(p) : cluster_spec{};
  for (const stage_row& row : core.stage_rows()) {
    const module_time& root = modules[row.first_module].time;
    const planned_stage* s = p.stage(row.id);
    const bool host = s != nullptr && s->where == placement::host;
    stage_time st{.stage = row.id, .on_host = host, .time_lower_bound_s = root.lower_bound_s, .time_s = root.time_s,
                  .compute_s = root.time_s};
    if (multi) {
      const double block_s = detail::block_compute_s(row, modules);
      const double core_s = detail::attention_core_s(row, modules);
      const auto list = p.collective_list();
      for (std::size_t i = 0; i < list.size(); ++i) {
        const planned_collective& c = list[i];
        if (c.stage != row.id) continue;
        collective_time& t = r.collectives[i];
        t.call_s = collective_time_s(c, cl);
        t.total_s = static_cast<double>(c.calls) * t.call_s;
        t.exposed_s = detail::exposed_s(c, t.call_s, block_s, core_s);
        st.communication_s += t.exposed_s;
        st.time_lower_bound_s +=
            static_cast<double>(c.calls) * collective_time_lower_bound_s(c, cl) *
            (c.overlap == comm_overlap::none ? 1.0 : 0.0);
      }
      st.time_s += st.communication_s;
    }
    r.stages[r.stage_count++] = st;
    r.time_s += st.time_s;
    r.time_lower_bound_s += st.time_lower_bound_s;
    r.compute_s += st.compute_s;
    r.communication_s += st.communication_s;
    if (row.id == stage_id::text_encoder || row.id == stage_id::vae_decode) r.serial_s += st.time_s;
    if (host) {
      r.host_time_s += root.time_s;
    } else {
      for (std::size_t i = row.first_module; i < row.first_module + row.module_count; ++i) {
        if (modules[i].leaf) r.time_by_kernel[static_cast<std::size_t>(modules[i].time.kernel)] += modules[i].time.time_s;
      }
    }
  }
  r.transfers = offload_transfers(p, *p.request.device);
  for (const planned_stream& st : p.stream_list()) {
    double block_s = 0.0, block_lb_s = 0.0;
    for (const stage_row& row : core.stage_rows()) {
      if (row.id != st.stage) continue;
      block_s = detail::block_compute_s(row, modules);
      block_lb_s = detail::block_compute_s(row, modules, true);
    }
    add_stream(r.transfers, st, *p.request.device, p.request.exec.host, block_s, block_lb_s);
  }
  r.time_s += r.transfers.time_s;
  r.time_lower_bound_s += r.transfers.time_lower_bound_s;
  return r;
}

} // namespace wanmeter
