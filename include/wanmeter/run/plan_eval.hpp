#pragma once
// The lean evaluation of a planned run (run/plan.hpp) that `wanmeter plan` (run/plan_search.hpp)
// makes for thousands of candidates: the run's time without the report rows, with the compute of
// each stage shared between the candidates whose stage trees are the same.
//
// `analyze` (run/analyze.hpp) emits a row per module (1,261 for the 14B DiT) and reads the
// run's time from them (perf/run_time.hpp `time_of`). The time needs only, per stage:
//   root      the stage tree's time, all calls of the busiest rank (the sum of its leaves);
//   block     one repeated block's time and lower bound per call (`blocks`: FSDP prefetch and
//             block-offload streams hide behind it);
//   core      the first block's self-attention core per call (ring overlap);
// here one fold each, with no paths and no rows (`stage_time_algebra`). That compute depends on
// the stage's tree, the device, the roofline switches, host or device and the rank's calls; the
// tree of a DiT stage on the DiT execution and the rank's sequence shard (make_wan_dit), the VAE
// decode's on the tiling and the patch-parallel slice, the other trees on the question alone
// (model and workload). `stage_compute_cache` keeps each
// (`stage_compute_key`) once. The run's time then adds the collectives and the offload
// transfers and streams exactly as `time_of` does, in the same order, so the two agree to the last bit
// (test/runtime/plan_search.cpp checks every candidate of a case against `analyze`).
//
// Keep in step with perf/run_time.hpp: a change of `time_of` must be mirrored in `lean_time_of`;
// a new option that changes a non-DiT stage tree (e.g. a tiled VAE) must enter
// `stage_compute_key` (`key_of`).
//
// Host memory (`host_bytes_of`): what the run keeps in host RAM at its host peak, over all ranks
// (each rank is a process with its own copies): the weights the offload policy keeps on the host
// (run/plan.hpp `offload.host_bytes`: the models moved out, the T5 with --t5-cpu, every model
// under sequential offload) and, with --t5-cpu, the text encoder's activations. Not counted: the
// process itself (PyTorch, CUDA context), checkpoint loading, pinned staging buffers.
// Example: Wan2.1 T2V-14B, 1 GPU, offload, fp32 DiT: T5 11.36 GB + DiT 57.15 GB = 68.5 GB.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/models/t5/memory.hpp>
#include <wanmeter/perf/collective.hpp>
#include <wanmeter/perf/memory.hpp>
#include <wanmeter/perf/module_time.hpp>
#include <wanmeter/perf/run_time.hpp>
#include <wanmeter/run/plan.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <unordered_map>

namespace wanmeter {

/// The fold of a stage tree into its time (perf/module_time.hpp), without paths or rows.
struct stage_time_algebra {
  using value = module_time;
  static constexpr bool wants_paths = false;
  const stage_timing* timing = nullptr;
  template <class L>
  constexpr module_time leaf(const L& l, const node_path&) const {
    return timing->leaf(l);
  }
};

/// What the time of a stage needs from its tree (all calls of the busiest rank).
struct stage_compute {
  module_time root{};
  double block_s = 0.0; ///< one repeated block, per call (0 without `blocks`)
  double block_lower_bound_s = 0.0; ///< its lower bound
  double core_s = 0.0;  ///< the first block's self-attention core, per call (0 without one)
};

/// Everything a stage's compute depends on besides the question (model, workload).
struct stage_compute_key {
  stage_id stage = stage_id::dit;
  dit_execution dit{};     ///< DiT stages only (default otherwise)
  sequence_shard shard{};  ///< DiT stages only
  const device_spec* device = nullptr;
  roofline_options roofline{};
  bool on_host = false;
  host_spec cpu{};
  count rank_calls = 0;
  bool vae_tiled = false;  ///< VAE decode only: the tiled decode (models/vae/tiling.hpp)
  count vae_slices = 0;    ///< VAE decode only: the patch-parallel ranks (0: the whole video)
  friend constexpr bool operator==(const stage_compute_key&, const stage_compute_key&) = default;
};

struct stage_compute_key_hash {
  [[nodiscard]] std::size_t operator()(const stage_compute_key& k) const noexcept {
    std::uint64_t h = 1469598103934665603ULL;
    const auto mix = [&](std::uint64_t v) {
      h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6U) + (h >> 2U);
    };
    mix(static_cast<std::uint64_t>(k.stage));
    mix(static_cast<std::uint64_t>(k.dit.mode) | (static_cast<std::uint64_t>(k.dit.weight) << 8U) |
        (static_cast<std::uint64_t>(k.dit.gemm) << 16U) | (static_cast<std::uint64_t>(k.dit.stream) << 24U) |
        (static_cast<std::uint64_t>(k.dit.rope) << 32U) | (static_cast<std::uint64_t>(k.dit.time) << 40U));
    mix(k.shard.ulysses);
    mix(k.shard.ring);
    mix(std::hash<const void*>{}(k.device));
    mix(static_cast<std::uint64_t>(k.roofline.attention) | (std::uint64_t{k.roofline.allow_tf32} << 8U) |
        (std::uint64_t{k.roofline.allow_tf32_conv} << 9U) | (std::uint64_t{k.on_host} << 10U) |
        (std::uint64_t{k.shard.mask_padded_keys} << 11U) | (std::uint64_t{k.dit.step_cache} << 12U));
    mix(k.rank_calls);
    mix(k.vae_slices | (std::uint64_t{k.vae_tiled} << 32U));
    return static_cast<std::size_t>(h);
  }
};

/// The stage computes met so far (one search: one question).
using stage_compute_cache = std::unordered_map<stage_compute_key, stage_compute, stage_compute_key_hash>;

/// The key of stage `s` of plan `p` on device `d` with the (resolved) switches `ro`.
[[nodiscard]] inline stage_compute_key key_of(const run_plan& p, const planned_stage& s, const device_spec& d,
                                              const roofline_options& ro) {
  stage_compute_key k{.stage = s.id,
                      .device = &d,
                      .roofline = ro,
                      .on_host = s.where == placement::host,
                      .cpu = p.request.exec.cpu,
                      .rank_calls = s.rank_calls};
  if (is_dit_forward(s.id)) {
    k.dit = p.request.exec.dit(); // with the device: the fp8 GEMM choice (resolve_quant_gemm)
    k.dit.step_cache = p.pipeline.step_cache;
    k.shard = p.shard;
  }
  if (s.kind() == stage_kind::vae_decode) {
    k.vae_tiled = p.vae_tiling.tiled;
    k.vae_slices = p.layout().parallel_vae ? p.layout().world_size() : 0;
  }
  return k;
}

namespace detail {

/// The compute of stage `s` with tree `tree` (for a DiT stage: the rank's tree).
template <class Tree>
[[nodiscard]] stage_compute compute_stage(const Tree& tree, const planned_stage& s, const stage_timing& timing) {
  stage_time_algebra a{.timing = &timing};
  stage_compute c{};
  c.root = fold(tree, a);
  const double calls = static_cast<double>(s.rank_calls);
  if constexpr (requires { tree.blocks.node; }) {
    if (tree.blocks.n > 0 && s.rank_calls > 0) {
      const module_time blocks = fold(tree.blocks, a);
      c.block_s = blocks.time_s / calls / static_cast<double>(tree.blocks.n);
      c.block_lower_bound_s = blocks.lower_bound_s / calls / static_cast<double>(tree.blocks.n);
    }
    if constexpr (requires { tree.blocks.node.self_attn.attn_core; }) {
      if (tree.blocks.n > 0 && s.rank_calls > 0) c.core_s = fold(tree.blocks.node.self_attn.attn_core, a).time_s / calls;
    }
  }
  return c;
}

} // namespace detail

/// The time of a run, as `time_of` computes it, without the per-kernel split.
struct lean_time {
  double time_s = 0.0;
  double time_lower_bound_s = 0.0;
  double compute_s = 0.0;
  double communication_s = 0.0;
  double transfer_s = 0.0;
  double serial_s = 0.0; ///< text encoder + VAE decode
};

/// The time of plan `p` on its device with the resolved switches `ro` (what `time_of` gives for
/// the same plan with `p.roofline == ro`), the stage computes shared through `cache`. Throws
/// what the roofline throws for an illegal combination (e.g. fp8 GEMMs without fp8 tensor cores).
[[nodiscard]] inline lean_time lean_time_of(const run_plan& p, const roofline_options& ro, stage_compute_cache& cache) {
  lean_time r{};
  const device_spec& d = *p.request.device;
  const bool multi = p.collective_count > 0;
  const cluster_spec cl = multi ? cluster_of(p) : cluster_spec{};
  std::array<const stage_compute*, stage_id_count> computed{}; // by stage, for the streams
  for (const planned_stage& s : p.stage_list()) {
    const stage_compute_key key = key_of(p, s, d, ro);
    auto it = cache.find(key);
    if (it == cache.end()) {
      const stage_timing timing{.device = &d,
                                .roofline = ro,
                                .on_host = key.on_host,
                                .cpu = key.cpu,
                                .calls = static_cast<double>(s.rank_calls)};
      stage_compute c{};
      if (s.kind() == stage_kind::dit) {
        c = detail::compute_stage(p.trees.dit_rank, s, timing);
      } else if (s.kind() == stage_kind::dit_skipped) {
        c = detail::compute_stage(p.trees.dit_skipped_rank, s, timing);
      } else if (key.vae_slices > 0 && p.pipeline.wan2_2_vae) { // the rank's slice (report/report.hpp)
        c = detail::compute_stage(p.trees.wan2_2_decode_rank, s, timing);
      } else if (key.vae_slices > 0) {
        c = detail::compute_stage(p.trees.wan2_1_decode_rank, s, timing);
      } else { // the stage's tree, built (a tiled decode) only on a miss
        with_stage_tree(p, s, [&](const planned_stage&, const auto& tree) { c = detail::compute_stage(tree, s, timing); });
      }
      it = cache.emplace(key, c).first;
    }
    const stage_compute& c = it->second;
    computed[static_cast<std::size_t>(s.id)] = &c;
    double time_s = c.root.time_s;
    double lower_s = c.root.lower_bound_s;
    double communication_s = 0.0;
    if (multi) {
      for (const planned_collective& k : p.collective_list()) {
        if (k.stage != s.id) continue;
        const double call_s = collective_time_s(k, cl);
        communication_s += detail::exposed_s(k, call_s, c.block_s, c.core_s);
        lower_s += static_cast<double>(k.calls) * collective_time_lower_bound_s(k, cl) *
                   (k.overlap == comm_overlap::none ? 1.0 : 0.0);
      }
      time_s += communication_s;
    }
    r.time_s += time_s;
    r.time_lower_bound_s += lower_s;
    r.compute_s += c.root.time_s;
    r.communication_s += communication_s;
    if (s.id == stage_id::text_encoder || s.id == stage_id::vae_decode) r.serial_s += time_s;
  }
  transfer_time t = offload_transfers(p, d);
  for (const planned_stream& st : p.stream_list()) {
    const stage_compute* c = computed[static_cast<std::size_t>(st.stage)];
    add_stream(t, st, d, p.request.exec.host, c == nullptr ? 0.0 : c->block_s, c == nullptr ? 0.0 : c->block_lower_bound_s);
  }
  r.transfer_s = t.time_s;
  r.time_s += t.time_s;
  r.time_lower_bound_s += t.time_lower_bound_s;
  return r;
}

/// Host bytes of plan `p` over all its ranks (see the header comment).
[[nodiscard]] constexpr count host_bytes_of(const run_plan& p) {
  count per_rank = p.offload.host_bytes;
  if (p.request.exec.t5_cpu && p.pipeline.text_encoder_calls > 0) per_rank = add(per_rank, t5_activation_bytes());
  return mul(per_rank, p.layout().world_size());
}

} // namespace wanmeter
