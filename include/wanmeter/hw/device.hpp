#pragma once
// A GPU as a constexpr spec: peak rates, memory and host link, all exact integers.
//
// | field                  | unit     | meaning                                                   |
// |------------------------|----------|-----------------------------------------------------------|
// | bf16/fp16_tensor_flops | FLOP/s   | dense tensor-core rate, FP32 accumulate (PyTorch's GEMMs) |
// | fp8_tensor_flops       | FLOP/s   | dense FP8 tensor rate, FP32 accumulate; 0 = unsupported   |
// | tf32_tensor_flops      | FLOP/s   | dense TF32 tensor rate (FP32 GEMMs with allow_tf32)       |
// | int8_tensor_flops      | op/s     | dense INT8 tensor rate (SageAttention's Q K^T); 0 = none  |
// | fp32_flops             | FLOP/s   | non-tensor FP32 (CUDA cores, FMA = 2 FLOP)                |
// | fp64_flops             | FLOP/s   | non-tensor FP64 (the official code's float64 RoPE)        |
// | sfu_ops                | op/s     | special-function unit results (exp2, rsqrt, sin, cos)     |
// | memory_bandwidth       | byte/s   | device memory (HBM / GDDR) peak                           |
// | memory_capacity        | byte     | device memory size; vendors' "80 GB" is 80 GiB of HBM     |
// | host_link_bandwidth    | byte/s   | host <-> device link, per direction                       |
// | interconnect           | id       | GPU-to-GPU fabric of a node of these (hw/interconnect.hpp) |
// | network                | id       | network between such nodes (hw/network.hpp); "" = none    |
//
// Conventions: FLOPs count 2 per multiply-add (as the metrics do). Every tensor rate is *dense*:
// the datasheets' headline figures assume 2:4 structured sparsity and are halved here.
// Bandwidths are decimal (1 TB/s = 1e12 B/s); capacities binary (1 GiB = 2^30 B).
//
// Special-function rate: every NVIDIA SM since Maxwell retires 16 SFU results per clock (CUDA C++
// Programming Guide, "Arithmetic Instructions" throughput table: 16 for 32-bit reciprocal,
// rsqrt, log2, exp2, sin, cos on compute capability 8.0 to 9.0), so sfu_ops = SMs x 16 x clock.
// Worked example, H100 SXM: 132 SMs x 16 x 1.83 GHz = 3.865e12 op/s, the "3.9 TFLOPS of
// special functions" quoted by the FlashAttention-3 paper (Shah et al., arXiv 2407.08608, sec. 3).
//
// Ridge point: a bf16 GEMM on the H100 SXM is memory bound below 989.4e12 / 3.35e12 = 295.4
// FLOP per byte of device traffic and tensor bound above it.

#include <wanmeter/core/checked.hpp>

#include <string_view>

namespace wanmeter {

/// NVIDIA architecture generation; selects the calibrated efficiency factors.
enum class gpu_generation : unsigned char { ampere, ada, hopper, blackwell };

[[nodiscard]] constexpr std::string_view name_of(gpu_generation g) {
  switch (g) {
  case gpu_generation::ampere: return "ampere";
  case gpu_generation::ada: return "ada";
  case gpu_generation::hopper: return "hopper";
  case gpu_generation::blackwell: return "blackwell";
  }
  return "?";
}

struct device_spec {
  std::string_view id;   ///< command-line id, e.g. "h100-sxm"
  std::string_view name; ///< marketing name, e.g. "NVIDIA H100 SXM5 80GB"
  gpu_generation generation = gpu_generation::hopper;
  /// Firmware caps the tensor rate far below what the SMs could issue (the H20: 148 TFLOPS bf16
  /// on Hopper SMs), so kernels sit closer to the capped peak than the generation's factors say;
  /// perf/efficiency.hpp applies its per-part factors when set.
  bool tensor_rate_capped = false;
  /// Streaming multiprocessors, as the vendor (or, for the H20, a third party) states them.
  /// Documentation only: no formula reads it; `sfu_ops` is stored, its derivation in the comment
  /// above each entry of hw/devices.hpp.
  count sm_count = 0;
  count bf16_tensor_flops = 0;       ///< FLOP/s, dense, FP32 accumulate
  count fp16_tensor_flops = 0;       ///< FLOP/s, dense, FP32 accumulate
  count fp8_tensor_flops = 0;        ///< FLOP/s, dense; 0 where the tensor cores have no FP8
  count tf32_tensor_flops = 0;       ///< FLOP/s, dense
  count int8_tensor_flops = 0;       ///< op/s, dense INT8 tensor rate; 0 where the tensor cores have no INT8
  count fp32_flops = 0;              ///< FLOP/s, non-tensor
  count fp64_flops = 0;              ///< FLOP/s, non-tensor
  count sfu_ops = 0;                 ///< op/s = SMs x 16 x clock
  count memory_bandwidth = 0;        ///< byte/s
  count memory_capacity = 0;         ///< byte
  count host_link_bandwidth = 0;     ///< byte/s per direction
  std::string_view host_link;        ///< e.g. "PCIe 5.0 x16"
  /// Id of the GPU-to-GPU interconnect a node of these parts has by default (`--interconnect`
  /// overrides it): an id of `interconnect_registry` in hw/interconnect.hpp, e.g. "nvlink4".
  std::string_view interconnect;
  /// Id of the network between nodes of these parts (`--network` overrides it): an id of
  /// `network_registry` in hw/network.hpp, e.g. "ib-ndr"; empty where clusters of the part have
  /// no usual network (the PCIe cards: a multi-node run must name one).
  std::string_view network;

  friend constexpr bool operator==(const device_spec&, const device_spec&) = default;
};

/// `n` GiB in bytes (vendors' memory capacities).
[[nodiscard]] constexpr count gib(count n) { return checked_mul(n, count{1} << 30); }

} // namespace wanmeter
