#pragma once
// How a whole pipeline run executes, besides its workload: the DiT execution model and weight
// dtype, the official single-GPU offload policy, where the text encoder runs, the PyTorch switches
// that affect time, and the host the offloaded models live on. One struct, so the CLI maps its
// flags onto it and the plan of a run (run/plan.hpp) reads it.
//
// | field       | CLI flag                       | official code                                  |
// |-------------|--------------------------------|------------------------------------------------|
// | mode        | --exec eager|fused             | eager PyTorch (the default)                    |
// | dit_weight  | --weight-dtype fp32|bf16|fp8   | fp32 checkpoints; bf16 with --convert_model_dtype |
// | offload     | --offload none|model|block|sequential | model: --offload_model True (default on one GPU); perf/offload_policy.hpp |
// | resident_blocks | --resident-blocks N        | block offload: DiT blocks kept on the device (auto: the most that fit) |
// | vae_tiling  | --vae-tiling                   | diffusers AutoencoderKLWan.enable_tiling() (models/vae/tiling.hpp) |
// | t5_cpu      | --t5-cpu                       | --t5_cpu                                       |
// | dit_quant   | --weight-dtype fp8|int8|q8_0|q6_k|q5_k_m|q4_k_m | none (core/weight_format.hpp)  |
// | t5_quant    | --t5-weight-dtype fp8|int8|...  | none: bf16 umT5                                |
// | roofline    | --attention auto|fa2|fa3|sdpa|sage2, --allow-tf32 | the family's install (resolve_attention); TF32 matmul off |
// | attention_density | --attention-density F      | 1: dense attention                             |
// | host        | --host-memory pinned|pageable  | module.to() copies from pageable memory         |
//
// Example: the Wan2.2 single-GPU benchmark of A14B is
//   run_execution{.dit_weight = dtype::bf16, .offload = offload_policy::model}   (`auto` resolves to FA3 on Hopper).

#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/exec_model.hpp>
#include <wanmeter/core/weight_format.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/models/wan/execution.hpp>
#include <wanmeter/perf/offload_policy.hpp>
#include <wanmeter/perf/roofline.hpp>
#include <wanmeter/perf/transfer.hpp>

namespace wanmeter {

/// The host CPU, for the stages that run there (`--t5_cpu`).
///
/// Assumption (no vendor figure applies to "the host of a benchmark"): a two-socket server of
/// 2023 (e.g. 2 x Xeon 8480+, 112 cores with AMX) peaks near 2 x 56 x 1.9 GHz x 1024 bf16
/// FLOP/clk/core ~ 220 TFLOP/s on paper, but PyTorch's eager bf16 `nn.Linear` on CPU through
/// oneDNN sustains a few TFLOP/s on T5-sized GEMMs (512 x 4096 x 10240), and desktop hosts of a
/// GeForce card (no AMX, AVX-512 bf16 or AVX2 only) well under one. We take 2 TFLOP/s as the
/// lower-bound rate and 0.5 of it as the sustained rate: umT5-XXL's 2 x 4.84 TFLOP then take
/// 4.8 s lower bound and 9.7 s estimated.
struct host_spec {
  double bf16_flops = 2.0e12;   ///< FLOP/s, the lower-bound rate of CPU GEMMs in the T5's dtype
  double efficiency = 0.5;      ///< sustained fraction (eager PyTorch on CPU)
  friend constexpr bool operator==(const host_spec&, const host_spec&) = default;
};

inline constexpr host_spec default_host{};

struct run_execution {
  exec_model mode = exec_model::eager;
  dtype dit_weight = dtype::fp32;     ///< DiT parameter storage
  offload_policy offload = offload_policy::none; ///< model: the official single-GPU policy (`generate.py --offload_model`; run/plan.hpp)
  count resident_blocks = resident_blocks_auto;   ///< offload block: DiT blocks kept on the device (auto: the most that fit)
  bool vae_tiling = false;            ///< the VAE decodes in overlapping spatial tiles (models/vae/tiling.hpp)
  bool t5_cpu = false;                ///< the text encoder runs on the host CPU
  roofline_options roofline{};        ///< TF32 switches and the attention kernel
  host_memory host = host_memory::pageable; ///< host memory the offloaded weights live in
  host_spec cpu = default_host;       ///< the host CPU (t5_cpu)
  weight_quant dit_quant = weight_quant::none; ///< quantised DiT block Linears (dit_weight: the rest)
  weight_quant t5_quant = weight_quant::none;  ///< quantised umT5 Linears
  double attention_density = 1.0;     ///< block-sparse self-attention keeps this fraction (0, 1]
  friend constexpr bool operator==(const run_execution&, const run_execution&) = default;

  /// The DiT execution this run implies (an fp8 format's GEMM dtype is settled with the device:
  /// `resolve_quant_gemm`).
  [[nodiscard]] constexpr dit_execution dit() const {
    dit_execution x = mode == exec_model::eager ? eager_execution(dit_weight) : fused_execution(dit_weight);
    x.quant = dit_quant;
    x.attention_density = attention_density;
    return x;
  }
};

/// Whether a `q` format runs its GEMMs in fp8 on `d` (nullptr: no device, taken as yes): fp8 on a
/// GPU with FP8 tensor cores (Ada, Hopper, Blackwell); elsewhere fp8 weights are upcast to bf16.
[[nodiscard]] constexpr bool resolve_quant_gemm(weight_quant q, const device_spec* d) {
  return q == weight_quant::fp8 && (d == nullptr || d->fp8_tensor_flops != 0);
}

/// The settings of an official single-GPU run: offload on (generate.py's default on one GPU),
/// `convert_model_dtype` -> bf16 DiT weights, `t5_cpu`, and the attention kernel.
[[nodiscard]] constexpr run_execution official_single_gpu(bool convert_model_dtype, bool t5_cpu,
                                                          attention_kernel attn = attention_kernel::automatic) {
  run_execution x{};
  x.dit_weight = convert_model_dtype ? dtype::bf16 : dtype::fp32;
  x.offload = offload_policy::model;
  x.t5_cpu = t5_cpu;
  x.roofline.attention = attn;
  return x;
}

} // namespace wanmeter
