#pragma once
// The space `wanmeter plan` searches (run/plan_search.hpp): a run's execution options as axes,
// each a constexpr list of values, and the multi-GPU layouts of a GPU count. A candidate is one
// value of every axis plus one layout; the space is the product of the axes and the layouts,
// filtered by legality (each value's `legal` rule, `check_layout`, the node rules of run/cluster.hpp).
//
// | axis          | values (lossy marked *) | `wanmeter analyze` flags        | generate.py flags        |
// |---------------|-------------------------|---------------------------------|--------------------------|
// | exec          | eager, fused            | --exec eager|fused              | eager only               |
// | weight_format | fp32, bf16, fp8*, int8*, q8_0*, q6_k*, q5_k_m*, q4_k_m* | --weight-dtype T | "", --convert_model_dtype (Wan2.2), none |
// | offload       | none, model, block, sequential (one GPU) | --offload P    | --offload_model False|True, none |
// | text_encoder  | gpu, cpu                | "", --t5-cpu                    | "", --t5_cpu             |
// | vae           | whole, tiled            | "", --vae-tiling                | whole only               |
// | attention     | fa2, fa3 (Hopper only), sage2* (INT8 tensor cores) | --attention K | "" (the installed kernel), none |
// | tf32          | off, on*                | "", --allow-tf32                | off only                 |
// | layout        | ulysses x ring x cfg = GPUs, with/without --dit-fsdp, --t5-fsdp (run/parallel.hpp) |
//
// Lossy: a value that changes the video the model makes beyond rounding the official code already
// does. bf16 weights are lossless here: under autocast the official code already runs every GEMM
// in bf16 from the fp32 weights; bf16 storage also rounds the norm, modulation and bias
// parameters, which Wan2.2's own benchmarks accept (`--convert_model_dtype`). fp8 weights and
// TF32 GEMMs (fp32 GEMMs on 10-bit mantissas) change the output, as do the other quantised
// formats and SageAttention2 (int8 Q K^T). `fused` (an ideal fused implementation,
// models/wan/execution.hpp) is the same arithmetic in other kernels. The tiled VAE decode blends
// overlapping tiles (pixels near a seam differ slightly from the whole decode); the engines offer
// it as a memory option and users take it as such, so it is not counted lossy here.
//
// Not searched, because they are quality choices the user states (`wanmeter plan` takes them as
// flags and every candidate carries them): the attention density, step caching, the distilled
// preset. `sdpa` is not a value: the model prices it as FA2 (perf/efficiency.hpp), so it would
// repeat FA2's candidates. Block offload keeps the most blocks that fit (`--resident-blocks` is
// resolved against the question's VRAM limit by the search).
//
// Worked example: Wan2.1 T2V-14B (40 heads) on 8 GPUs, eager: Ulysses x ring in {8x1, 4x2, 2x4,
// 1x8} (all divide 40 heads), each with the 4 FSDP choices: 16 layouts; fused adds CFG parallel
// with Ulysses x ring = 4: {4x1, 2x2, 1x4}: 28 layouts.
//
// Adding a value: append an `axis_value` to its axis's array below (its name, lossy flag, the
// analyze flags that select it, the generate.py flags or `official_support::no`, the `apply`
// that sets it on a `run_execution`, and a `legal` rule if it does not run everywhere); bump the
// array's size. Adding an axis: a new array, a `plan_axis` entry in `plan_axes` (time_only when
// its values change `run_execution::roofline` only: the plan is then shared by its values).

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/models/vae/tiling.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/perf/run_execution.hpp>
#include <wanmeter/run/parallel.hpp>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace wanmeter {

/// Whether the official `generate.py` can run a value.
enum class official_support : unsigned char {
  yes,    ///< with the value's `official` flags (possibly none)
  no,     ///< the official code has no such option
  wan2_2, ///< only the Wan2.2 repository has the flag (`--convert_model_dtype`)
};

/// What a legality rule sees: the model, the device, the execution being built, the layout and
/// the workload.
struct axis_context {
  const model_entry& model;
  const device_spec& device;
  const run_execution& exec;
  const parallel_layout& layout;
  const workload& w;
};

/// One value of an axis.
struct axis_value {
  std::string_view name{};    ///< as plan.json and plan.md print it, e.g. "bf16"
  bool lossy = false;         ///< changes the output (see the header comment)
  std::string_view args{};    ///< `wanmeter analyze` flags that select it, space separated; "" for none
  std::string_view official{}; ///< `generate.py` flags, space separated; "" for none
  official_support support = official_support::yes;
  void (*apply)(run_execution&) = nullptr;
  /// false: the value cannot run in this context (not enumerated); null: legal everywhere.
  bool (*legal)(const axis_context&) = nullptr;

  [[nodiscard]] constexpr bool legal_in(const axis_context& c) const { return legal == nullptr || legal(c); }
  [[nodiscard]] constexpr bool runs_officially(const model_entry& m) const {
    return support == official_support::yes || (support == official_support::wan2_2 && m.arch.version == wan_version::v2_2);
  }
};

/// An axis: its name and values. `time_only`: its values change nothing but
/// `run_execution::roofline` (the attention kernel, the TF32 switches), so one plan serves them all.
struct plan_axis {
  std::string_view name{};
  bool time_only = false;
  std::span<const axis_value> values{};
};

inline constexpr std::array<axis_value, 2> exec_values{{
    {.name = "eager", .args = "--exec eager", .apply = [](run_execution& x) { x.mode = exec_model::eager; }},
    {.name = "fused", .args = "--exec fused", .support = official_support::no,
     .apply = [](run_execution& x) { x.mode = exec_model::fused; }},
}};

/// The dense storage a quantised format keeps for the rest of the DiT: the mode's (fp32 eager,
/// bf16 fused), as `wanmeter analyze` resolves `--weight-dtype` (src/cli/request.cpp).
constexpr void set_quantised(run_execution& x, weight_quant q) {
  x.dit_weight = x.mode == exec_model::fused ? dtype::bf16 : dtype::fp32;
  x.dit_quant = q;
}

inline constexpr std::array<axis_value, 8> weight_values{{
    {.name = "fp32", .args = "--weight-dtype fp32", .apply = [](run_execution& x) {
       x.dit_weight = dtype::fp32;
       x.dit_quant = weight_quant::none;
     }},
    {.name = "bf16", .args = "--weight-dtype bf16", .official = "--convert_model_dtype",
     .support = official_support::wan2_2, .apply = [](run_execution& x) {
       x.dit_weight = dtype::bf16;
       x.dit_quant = weight_quant::none;
     }},
    // core/weight_format.hpp: fp8 GEMMs where the GPU has fp8 tensor cores, else upcast; the
    // others dequantised to bf16 each forward (less memory, not less time).
    {.name = "fp8", .lossy = true, .args = "--weight-dtype fp8", .support = official_support::no,
     .apply = [](run_execution& x) { set_quantised(x, weight_quant::fp8); }},
    {.name = "int8", .lossy = true, .args = "--weight-dtype int8", .support = official_support::no,
     .apply = [](run_execution& x) { set_quantised(x, weight_quant::int8); }},
    {.name = "q8_0", .lossy = true, .args = "--weight-dtype q8_0", .support = official_support::no,
     .apply = [](run_execution& x) { set_quantised(x, weight_quant::q8_0); }},
    {.name = "q6_k", .lossy = true, .args = "--weight-dtype q6_k", .support = official_support::no,
     .apply = [](run_execution& x) { set_quantised(x, weight_quant::q6_k); }},
    {.name = "q5_k_m", .lossy = true, .args = "--weight-dtype q5_k_m", .support = official_support::no,
     .apply = [](run_execution& x) { set_quantised(x, weight_quant::q5_k_m); }},
    {.name = "q4_k_m", .lossy = true, .args = "--weight-dtype q4_k_m", .support = official_support::no,
     .apply = [](run_execution& x) { set_quantised(x, weight_quant::q4_k_m); }},
}};

/// Block and sequential offload are modelled on one GPU (run/plan.hpp).
constexpr bool one_gpu(const axis_context& c) { return c.layout.single_gpu(); }

inline constexpr std::array<axis_value, 4> offload_values{{
    {.name = "none", .args = "--offload none", .official = "--offload_model False",
     .apply = [](run_execution& x) { x.offload = offload_policy::none; }},
    {.name = "model", .args = "--offload model", .official = "--offload_model True",
     .apply = [](run_execution& x) { x.offload = offload_policy::model; }},
    {.name = "block", .args = "--offload block", .support = official_support::no,
     .apply = [](run_execution& x) {
       x.offload = offload_policy::block;
       x.host = host_memory::pinned; // as `wanmeter analyze` defaults it under block offload
     },
     .legal = one_gpu},
    {.name = "sequential", .args = "--offload sequential", .support = official_support::no,
     .apply = [](run_execution& x) { x.offload = offload_policy::sequential; }, .legal = one_gpu},
}};

inline constexpr std::array<axis_value, 2> text_encoder_values{{
    {.name = "gpu", .apply = [](run_execution& x) { x.t5_cpu = false; }},
    // --t5-fsdp shards a text encoder on the GPUs: with --t5-cpu it would shard nothing.
    {.name = "cpu", .args = "--t5-cpu", .official = "--t5_cpu", .apply = [](run_execution& x) { x.t5_cpu = true; },
     .legal = [](const axis_context& c) { return !c.layout.t5_fsdp; }},
}};

inline constexpr std::array<axis_value, 2> vae_values{{
    {.name = "whole", .apply = [](run_execution& x) { x.vae_tiling = false; }},
    // diffusers' tiled decode (models/vae/tiling.hpp); the patch-parallel decode is not searched.
    // Only where it changes something: a latent larger than one tile (a smaller one decodes whole).
    {.name = "tiled", .args = "--vae-tiling", .support = official_support::no,
     .apply = [](run_execution& x) { x.vae_tiling = true; },
     .legal = [](const axis_context& c) {
       const token_geometry g = make_geometry(c.model.arch.rules(), c.w);
       return vae_tiling_applies(g.latent_height, g.latent_width);
     }},
}};

inline constexpr std::array<axis_value, 3> attention_values{{
    {.name = "fa2", .args = "--attention fa2",
     .apply = [](run_execution& x) { x.roofline.attention = attention_kernel::flash_attention_2; }},
    // FlashAttention 3 runs on Hopper only (perf/efficiency.hpp keeps FA2's figures elsewhere).
    {.name = "fa3", .args = "--attention fa3",
     .apply = [](run_execution& x) { x.roofline.attention = attention_kernel::flash_attention_3; },
     .legal = [](const axis_context& c) { return c.device.generation == gpu_generation::hopper; }},
    // SageAttention2 needs INT8 tensor cores (perf/efficiency.hpp `sage2_tensor_rate`).
    {.name = "sage2", .lossy = true, .args = "--attention sage2", .support = official_support::no,
     .apply = [](run_execution& x) { x.roofline.attention = attention_kernel::sage2; },
     .legal = [](const axis_context& c) { return c.device.int8_tensor_flops > 0; }},
}};

inline constexpr std::array<axis_value, 2> tf32_values{{
    {.name = "off", .apply = [](run_execution& x) { x.roofline.allow_tf32 = false; }},
    {.name = "on", .lossy = true, .args = "--allow-tf32", .support = official_support::no,
     .apply = [](run_execution& x) { x.roofline.allow_tf32 = true; }},
}};

/// Every execution axis, the ones that change the plan first, then the time-only ones.
inline constexpr std::array<plan_axis, 7> plan_axes{{
    {.name = "exec", .values = exec_values},
    {.name = "weight_format", .values = weight_values},
    {.name = "offload", .values = offload_values},
    {.name = "text_encoder", .values = text_encoder_values},
    {.name = "vae", .values = vae_values},
    {.name = "attention", .time_only = true, .values = attention_values},
    {.name = "tf32", .time_only = true, .values = tf32_values},
}};

inline constexpr std::size_t plan_axis_count = plan_axes.size();

/// A candidate's value of each axis (indices into `plan_axes[i].values`).
using axis_choice = std::array<unsigned char, plan_axis_count>;

/// The value axis `i` takes in `c`.
[[nodiscard]] constexpr const axis_value& value_of(const axis_choice& c, std::size_t i) {
  return plan_axes[i].values[c[i]];
}

/// The index of the axis named `axis` in `plan_axes`; throws `std::out_of_range` when none.
[[nodiscard]] constexpr std::size_t axis_index(std::string_view axis) {
  for (std::size_t i = 0; i < plan_axis_count; ++i) {
    if (plan_axes[i].name == axis) return i;
  }
  throw std::out_of_range("wanmeter: no such plan axis");
}

/// The choice with the named values (`{{"weight_format", "bf16"}, {"attention", "fa3"}}`) and each
/// other axis at its first value; throws `std::out_of_range` for an unknown axis or value.
[[nodiscard]] constexpr axis_choice make_choice(std::initializer_list<std::pair<std::string_view, std::string_view>> named) {
  axis_choice c{};
  for (const auto& [axis, value] : named) {
    const std::size_t i = axis_index(axis);
    bool found = false;
    for (std::size_t j = 0; j < plan_axes[i].values.size(); ++j) {
      if (plan_axes[i].values[j].name == value) {
        c[i] = static_cast<unsigned char>(j);
        found = true;
      }
    }
    if (!found) throw std::out_of_range("wanmeter: no such value of a plan axis");
  }
  return c;
}

/// Every legal layout of `gpus` GPUs for model `m` under `mode` and workload `w`: ulysses x ring
/// x cfg = gpus (cfg 2 only under fused and with guidance; ring only in Wan2.1 or fused; the
/// Ulysses degree divides the heads: `check_layout`), each with and without --dit-fsdp and
/// --t5-fsdp when gpus > 1. Order: cfg, then Ulysses degree descending, then FSDP choices.
[[nodiscard]] inline std::vector<parallel_layout> layouts_of(count gpus, const model_entry& m, exec_model mode,
                                                             const workload& w) {
  std::vector<parallel_layout> out;
  if (gpus == 1) {
    out.push_back(parallel_layout{});
    return out;
  }
  if (gpus > max_world_size) return out;
  for (count cfg = 1; cfg <= 2; ++cfg) {
    if (gpus % cfg != 0) continue;
    const count sp = gpus / cfg;
    for (count u = sp; u >= 1; --u) {
      if (sp % u != 0) continue;
      const parallel_layout base{.ulysses = u, .ring = sp / u, .cfg = cfg};
      try {
        check_layout(base, m, mode, w);
      } catch (const invalid_input&) {
        continue; // a rule of run/parallel.hpp: not a layout of this model
      }
      for (const bool dit_fsdp : {false, true}) {
        for (const bool t5_fsdp : {false, true}) {
          parallel_layout l = base;
          l.dit_fsdp = dit_fsdp;
          l.t5_fsdp = t5_fsdp;
          out.push_back(l);
        }
      }
    }
  }
  return out;
}

} // namespace wanmeter
