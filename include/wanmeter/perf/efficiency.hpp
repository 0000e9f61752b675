#pragma once
// Calibrated efficiency factors: the fraction of a peak rate a real kernel sustains, per kernel
// class and GPU generation. The roofline estimate divides each lower-bound component by them:
//
//   time_s = max( max(tensor_s, vector_s, sfu_s) / compute,  memory_s / memory )
//
// so time_s >= lower bound whenever both factors are in (0, 1].
//
// Worked example: the Wan2.1 14B 720p self-attention core on an H100 SXM is tensor bound at
// 117.05e12 FLOP / 989.4e12 FLOP/s = 0.1183 s; with FlashAttention-3 (compute 0.655) that is
// 0.1806 s, i.e. the 648 TFLOP/s the FA3 paper measured; with FlashAttention-2 (0.374) 0.316 s.
//
// Every factor states its source. Figures marked "assumption" have no published benchmark behind
// them yet and are the first to recalibrate against the measured tables (docs/roofline.md).

#include <wanmeter/core/enum_names.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/perf/kernel_class.hpp>

#include <string_view>

namespace wanmeter {

/// Which attention kernel the attention cores run with. `automatic` stands for what the model
/// family's official install runs: resolve it with `resolve_attention` once the model and the
/// device are known. An unresolved `automatic` reaching `efficiency_for` counts as FA3 on Hopper.
///   sdpa   PyTorch `F.scaled_dot_product_attention`: for bf16 inputs, head dim 128, no mask and no
///          dropout on sm80 and later its dispatcher (`sdp_utils`, priority flash > efficient >
///          math; the cuDNN backend is opt-in since PyTorch 2.5.1) picks the flash backend, which
///          is FlashAttention-2 compiled into PyTorch: FA2's efficiency on every GPU.
///   sage2  SageAttention2 (thu-ml, arXiv 2411.10958): Q K^T in int8 (per-thread/per-warp scales,
///          K smoothed), P V in fp8 on Ada and Hopper (fp16 on Ampere); its rate is
///          `sage2_tensor_rate` (perf/roofline.hpp), its efficiency below. Lossy.
enum class attention_kernel : unsigned char { automatic, flash_attention_2, flash_attention_3, sdpa, sage2 };

inline constexpr enum_names<attention_kernel, 5> attention_kernel_names{{{{attention_kernel::automatic, "auto"},
                                                                          {attention_kernel::flash_attention_2, "fa2"},
                                                                          {attention_kernel::flash_attention_3, "fa3"},
                                                                          {attention_kernel::sdpa, "sdpa"},
                                                                          {attention_kernel::sage2, "sage2"}}}};

[[nodiscard]] constexpr std::string_view name_of(attention_kernel k) { return attention_kernel_names.name(k); }

/// True when the kernel changes the output beyond floating-point reordering (SageAttention2
/// quantises Q, K, P and V to 8 bits); FlashAttention and SDPA compute exact attention.
[[nodiscard]] constexpr bool lossy(attention_kernel k) { return k == attention_kernel::sage2; }

/// The kernel a run uses: `requested` unless it is `automatic`, which resolves per model family
/// to what its official setup installs and runs. `wan/modules/attention.py` (both repositories)
/// calls FlashAttention 3 when `flash_attn_interface` imports, else FlashAttention 2:
///   * Wan2.1: `requirements.txt` installs `flash_attn` (FlashAttention 2) and the README adds
///     no FA3 step, so its runs, the README efficiency table's H20/H100 rows included, use FA2
///     on every GPU;
///   * Wan2.2: `requirements.txt` also installs `flash_attn`, and the README's efficiency table
///     notes "FlashAttention3 deployed on Hopper architecture GPUs": FA3 on Hopper, FA2 elsewhere.
/// FA3 needs Hopper: an explicit FA3 request on another generation is kept (the efficiency tables
/// then use their FA2 figures for it).
/// Example: Wan2.1 T2V-14B on an H100 with `--attention auto` -> flash_attention_2; Wan2.2
/// T2V-A14B on the same H100 -> flash_attention_3; on an A100 -> flash_attention_2.
[[nodiscard]] constexpr attention_kernel resolve_attention(attention_kernel requested, wan_version family,
                                                           const device_spec& d) {
  if (requested != attention_kernel::automatic) return requested;
  return family == wan_version::v2_2 && d.generation == gpu_generation::hopper ? attention_kernel::flash_attention_3
                                                                               : attention_kernel::flash_attention_2;
}

struct efficiency {
  double compute = 1.0; ///< applies to the tensor, vector and SFU components
  double memory = 1.0;  ///< applies to the device-memory component
  friend constexpr bool operator==(const efficiency&, const efficiency&) = default;
};

namespace detail {

// Device memory: STREAM-style kernels sustain 85-90% of the HBM/GDDR peak (BabelStream,
// Deakin et al., results for A100 / H100: copy and triad at ~0.85-0.9 of the datasheet figure;
// PyTorch's vectorised elementwise kernels are in the same range for large tensors). 0.85.
inline constexpr double memory_efficiency = 0.85;

// GEMM (cuBLAS, large bf16 shapes such as Wan's 75,600 x 5120 x 5120):
//   ampere 0.86: Maximum Achievable Matmul FLOPS table (S. Bekman, "Machine Learning
//                Engineering", compute/accelerator, mamf-finder): A100 SXM ~268 of 312 TFLOPS.
//   hopper 0.80: same table: H100 SXM ~792 of 989 TFLOPS (power/clock limited below peak).
//   ada    0.80: assumption; GeForce/L40S cuBLAS bf16 GEMMs are reported at 0.8-0.9 of the
//                FP32-accumulate peak; power limits on the L40S keep it near the low end.
//   blackwell 0.75: assumption from early B200 reports (~1.6-1.75 of 2.25 PFLOPS dense bf16).
// FP32 GEMMs on CUDA cores (the time MLP and head with TF32 off) reach ~0.8-0.9 of FP32 peak
// with cuBLAS SGEMM; the same factor is used.
[[nodiscard]] constexpr double gemm_compute(gpu_generation g) {
  switch (g) {
  case gpu_generation::ampere: return 0.86;
  case gpu_generation::ada: return 0.80;
  case gpu_generation::hopper: return 0.80;
  case gpu_generation::blackwell: return 0.75;
  }
  return 0.75;
}

// FP8 GEMMs (per-output-channel weight scales, activations quantised per token on the fly: the
// scheme of LightX2V's fp8-sgl/vllm kernels, layers/linear.hpp `quant_gemm`) reach a smaller
// fraction of their peak than bf16 GEMMs, because the activation quantisation is a kernel of its
// own before each GEMM (the leaf's roofline would otherwise hide its traffic under the GEMM's
// compute) and the scaled epilogue costs more. FBGEMM PR #2546 (H100 SXM at 500 W, row-wise
// scaled CUTLASS GEMMs; shapes 8192^3, 65536x8192x7168, 65536x3584x8192): bf16 585.23, 575.12,
// 546.31 TFLOPS; fp8 with the per-token scaling 931.80, 1024.09, 876.66: 1.592x, 1.781x, 1.605x,
// mean 1.659x of bf16 where the peaks allow 2x. An fp8 GEMM's factor is its generation's GEMM
// factor x 1.659 / 2 = 0.83 of it (Hopper measured; Ada and Blackwell assumed alike).
inline constexpr double fp8_gemm_factor = 0.83;

// Attention core (forward, head_dim 128, non-causal, long sequences; Wan's L is 32k-76k):
//   FA2 ampere 0.70: FlashAttention-2 paper (Dao, arXiv 2307.08691): forward up to ~73% of the
//                    A100's 312 TFLOPS at head_dim 128 ("50-73% of the theoretical maximum").
//   FA2 ada    0.80: SageAttention paper (Zhang et al., arXiv 2410.02367) kernel plots on the
//                    RTX 4090 put FlashAttention-2 near the 165 TFLOPS FP32-accumulate peak (the
//                    4090 boosts above its rated clock); 0.80 keeps headroom for sustained clocks.
//   FA2 hopper 0.374: FlashAttention-3 paper (Shah et al., arXiv 2407.08608), "Attention forward
//                    speed, head dim 128 (H100 80GB SXM5)", non-causal, 16k: FA2 370 TFLOPS / 989.4.
//   FA3 hopper 0.655: same figure: FA3 648 TFLOPS / 989.4.
//   FA2 blackwell 0.45: assumption. The official Wan code has no Blackwell-specific kernel; FA2's
//                    mma.sync path does not use the B200's tcgen05 tensor cores (FlashAttention-4
//                    reports ~70% of B200 peak with them, the RTX 5090 has only mma.sync).
//
// SageAttention2 (rates from `sage2_tensor_rate`: int8 Q K^T and fp8 / fp16 P V, harmonic mean):
//   ada    0.90: SageAttention2 paper (arXiv 2411.10958, abstract and kernel-speed figures): its
//                OPS "surpass FlashAttention2 ... by about 3x on RTX4090": 3 x 0.80 x 165.2 = 396
//                TOPS of the 440.4 the int8/fp8 harmonic mean allows.
//   hopper 0.61: same paper: on Hopper it "matches the speed of FlashAttention3(fp8)", which the
//                FA3 paper measures near 1.2 PFLOPS at head dim 128 on the H100: 1,200 / 1,978.9.
//   ampere 0.70: assumption: FA2's A100 fraction of the int8/fp16 harmonic mean (415.8 TOPS),
//                i.e. 291 TOPS, 1.33x FA2; the paper reports speedups on the A100 without a figure
//                we could read.
//   blackwell 0.45: assumption, FA2's (the sm120 build runs the Ada code path).
// SDPA: FA2's factors (its flash backend is FA2).
[[nodiscard]] constexpr double sage2_compute(gpu_generation g) {
  switch (g) {
  case gpu_generation::ampere: return 0.70;
  case gpu_generation::ada: return 0.90;
  case gpu_generation::hopper: return 0.61;
  case gpu_generation::blackwell: return 0.45;
  }
  return 0.45;
}

// Block-sparse attention (`--attention-density` < 1: radial attention, STA, VSA): the kernel
// skips whole blocks, so its FLOPs fall with the density while each kept block runs as in the
// dense kernel, less the block-index bookkeeping and the less even work per row of blocks. The
// VSA paper (arXiv 2505.13389) reports its block-sparse kernel at about 85% of FlashAttention-3's
// MFU; we take 0.85 of the dense kernel's factor at every density below 1 (assumption for radial
// attention and STA, whose kernels are the same block-sparse FlashAttention/Sage skeletons).
inline constexpr double sparse_attention_factor = 0.85;

[[nodiscard]] constexpr double attention_compute(gpu_generation g, attention_kernel k) {
  if (k == attention_kernel::sage2) return sage2_compute(g);
  const bool fa3 = g == gpu_generation::hopper && k != attention_kernel::flash_attention_2 && k != attention_kernel::sdpa;
  switch (g) {
  case gpu_generation::ampere: return 0.70;
  case gpu_generation::ada: return 0.80;
  case gpu_generation::hopper: return fa3 ? 0.655 : 0.374;
  case gpu_generation::blackwell: return 0.45;
  }
  return 0.45;
}

// Convolution (cuDNN 3x3x3 Conv3d of the VAE, channels-first): assumption 0.50 of the tensor
// peak for every generation: implicit-GEMM convolutions with small channel counts (96-384)
// and halo reads run well below large GEMMs. To calibrate against VAE decode timings.
inline constexpr double convolution_compute = 0.50;

// Elementwise (eager PyTorch): memory bound in practice; their arithmetic, when it matters
// (float64 RoPE on GeForce parts with FP64 at 1/64 rate), is assumed at 0.5 of peak.
inline constexpr double elementwise_compute = 0.50;

// Firmware-capped parts (`device_spec::tensor_rate_capped`, today only the H20): the H20's
// tensor rate is capped by firmware at 148 TFLOPS, 15% of the H100's, while memory, SFU
// (2.75e12) and issue rates stay Hopper-class, so kernels sit much closer to the capped peak.
// Assumption: GEMM 0.90, FA3 0.85, FA2 0.70 (FA2's A100 figure, where the tensor/SFU ratio is
// similar). Chosen after noting that the Wan2.2 README's H20 rows imply >= 0.85 average
// utilisation of 148 TFLOPS, so those rows are not an independent check.
[[nodiscard]] constexpr bool tensor_capped(const device_spec& d) { return d.tensor_rate_capped; }

} // namespace detail

/// The factors for a kernel of class `k` on device `d` (by generation, with the per-part
/// correction for firmware-capped parts such as the H20).
/// `sparse`: a block-sparse attention core (its factor times `detail::sparse_attention_factor`).
/// `fp8_gemm`: a GEMM that runs at the FP8 tensor rate (its factor times `detail::fp8_gemm_factor`).
[[nodiscard]] constexpr efficiency efficiency_for(kernel_class k, const device_spec& d,
                                                  attention_kernel attn = attention_kernel::automatic,
                                                  bool sparse = false, bool fp8_gemm = false) {
  const double sparse_factor = sparse ? detail::sparse_attention_factor : 1.0;
  const double fp8_factor = fp8_gemm ? detail::fp8_gemm_factor : 1.0;
  if (detail::tensor_capped(d)) {
    if (k == kernel_class::gemm) return {0.90 * fp8_factor, detail::memory_efficiency};
    if (k == kernel_class::attention) {
      const bool fa2_class = attn == attention_kernel::flash_attention_2 || attn == attention_kernel::sdpa;
      return {(fa2_class ? 0.70 : 0.85) * sparse_factor, detail::memory_efficiency};
    }
  }
  switch (k) {
  case kernel_class::gemm: return {detail::gemm_compute(d.generation) * fp8_factor, detail::memory_efficiency};
  case kernel_class::attention:
    return {detail::attention_compute(d.generation, attn) * sparse_factor, detail::memory_efficiency};
  case kernel_class::convolution: return {detail::convolution_compute, detail::memory_efficiency};
  case kernel_class::elementwise: return {detail::elementwise_compute, detail::memory_efficiency};
  }
  return {};
}

} // namespace wanmeter
