#pragma once
// Roofline time of one node on one device: a lower bound, the resource that sets it, and a
// calibrated estimate. Metrics stay exact integers; times are double seconds.
//
//   tensor_s = tensor_flops / tensor_rate(device, dtype)     (FP32 GEMMs: TF32 rate if allowed,
//                                                              else the FP32 CUDA-core rate)
//   vector_s = vector_flops / fp32_flops   (fp64_flops for float64 nodes such as the RoPE)
//   sfu_s    = sfu_ops / sfu_ops_rate
//   memory_s = (bytes_read + bytes_written) / memory_bandwidth
//   lower_bound_s = max(tensor_s, vector_s, sfu_s, memory_s);  bound_by = the arg max
//   time_s   = max(max(tensor_s, vector_s, sfu_s) / eff.compute, memory_s / eff.memory)
//
// with `eff` from perf/efficiency.hpp for the node's kernel class and the device's generation.
//
// Worked example (Wan2.1 T2V-14B, 1280x720x81, `blocks.0.self_attn.attn_core` on H100 SXM):
//   tensor 4 x 40 x 75,600^2 x 128 = 117,050,572,800,000 FLOP / 989.43e12  = 0.11830 s
//   sfu    40 x 75,600^2           =     228,614,400,000 op   / 3.86496e12 = 0.05915 s
//   vector 5 x 40 x 75,600^2 + 75,600 x 5120 = 1.1435e12 FLOP / 66.908e12 = 0.01709 s
//   memory 4 x 75,600 x 5120 x 2 B = 3,096,576,000 B          / 3.35e12    = 0.00092 s
//   lower bound 0.1183 s, tensor bound; with FA3 (0.655) time_s = 0.1806 s; x 40 blocks = 7.2 s
//   per forward.
//
// Ridge point: a bf16 GEMM on the H100 SXM turns from memory to tensor bound at
// 989.43e12 / 3.35e12 = 295.4 FLOP/byte.

#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/perf/efficiency.hpp>
#include <wanmeter/perf/kernel_class.hpp>

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>

namespace wanmeter {

/// The resource that sets a node's (or a stage's) lower bound. `host` is for work that runs on the
/// CPU instead of the device (the umT5 text encoder with `--t5-cpu`); a device roofline never
/// returns it. `bound_count` sizes arrays indexed by a bound.
enum class bound : unsigned char { tensor, vector, sfu, memory, host };

inline constexpr std::size_t bound_count = 5;

[[nodiscard]] constexpr std::string_view name_of(bound b) {
  switch (b) {
  case bound::tensor: return "tensor";
  case bound::vector: return "vector";
  case bound::sfu: return "sfu";
  case bound::memory: return "memory";
  case bound::host: return "host";
  }
  return "?";
}

/// PyTorch backend switches and the attention kernel, as they affect time.
struct roofline_options {
  /// `torch.backends.cuda.matmul.allow_tf32`: false by default since PyTorch 1.12, so the Wan
  /// time embedding, time projection and head (autocast fp32) are true FP32 GEMMs.
  bool allow_tf32 = false;
  /// `torch.backends.cudnn.allow_tf32`: true by default; FP32 convolutions use TF32.
  bool allow_tf32_conv = true;
  attention_kernel attention = attention_kernel::automatic;
  friend constexpr bool operator==(const roofline_options&, const roofline_options&) = default;
};

/// What the roofline needs to know about a node besides its metrics.
struct node_desc {
  std::string_view kind;            ///< the leaf's `kind`, e.g. "linear"
  category cat = category::other;   ///< the leaf's category
  dtype act = dtype::bf16;          ///< the leaf's compute dtype (`act` member)
  bool conv_as_gemm = false;        ///< a convolution with kernel == stride (patch embedding)
  bool sparse = false;              ///< a block-sparse attention core (attention density < 1)
};

struct roofline_time {
  kernel_class kernel = kernel_class::elementwise;
  double tensor_s = 0.0;
  double vector_s = 0.0;
  double sfu_s = 0.0;
  double memory_s = 0.0;
  double lower_bound_s = 0.0;       ///< max of the four components
  bound bound_by = bound::memory;   ///< which component is the max (memory for a node with no work)
  efficiency eff{};                 ///< the factors applied
  double time_s = 0.0;              ///< calibrated estimate, >= lower_bound_s
};

namespace detail {
[[noreturn]] inline void throw_no_fp8(const device_spec& d) {
  throw invalid_input("dtype", "fp8", std::string(d.name) + " has no FP8 tensor cores");
}
[[nodiscard]] constexpr double seconds(count work, count rate) {
  return work == 0 ? 0.0 : static_cast<double>(work) / static_cast<double>(rate);
}
} // namespace detail

/// Peak tensor-path rate (FLOP/s) of a GEMM / convolution / attention whose inputs are `t`.
/// fp32 runs on TF32 tensor cores when `tf32`, else on the CUDA cores; fp64 on the CUDA cores;
/// fp8 on a device without FP8 throws `invalid_input` (knob "dtype").
[[nodiscard]] constexpr count tensor_rate(const device_spec& d, dtype t, bool tf32) {
  switch (t) {
  case dtype::bf16: return d.bf16_tensor_flops;
  case dtype::fp16: return d.fp16_tensor_flops;
  case dtype::fp8:
    if (d.fp8_tensor_flops == 0) detail::throw_no_fp8(d);
    return d.fp8_tensor_flops;
  case dtype::fp32: return tf32 ? d.tf32_tensor_flops : d.fp32_flops;
  case dtype::fp64: return d.fp64_flops;
  }
  return d.fp32_flops;
}

/// Peak tensor rate (FLOP/s) of a SageAttention2 core: half its FLOPs (Q K^T) run in int8, half
/// (P V) in fp8 where the GPU has FP8 tensor cores, else in fp16; the two halves take
///   t = (F/2) / int8 + (F/2) / pv,   so the rate is the harmonic mean 2 int8 pv / (int8 + pv).
/// A GPU without int8 tensor cores throws `invalid_input` (knob "attention").
/// Example: RTX 4090: int8 660.6, fp8 330.3 TFLOP/s -> 440.4 TFLOP/s; H100 SXM: 1,978.9 both -> 1,978.9.
[[nodiscard]] constexpr count sage2_tensor_rate(const device_spec& d) {
  if (d.int8_tensor_flops == 0) {
    throw invalid_input("attention", "sage2", std::string(d.name) + " has no INT8 tensor cores (SageAttention2 needs them)");
  }
  const count pv = d.fp8_tensor_flops != 0 ? d.fp8_tensor_flops : d.fp16_tensor_flops;
  const double i = static_cast<double>(d.int8_tensor_flops);
  const double v = static_cast<double>(pv);
  return static_cast<count>(2.0 * i * v / (i + v));
}

/// Peak rate (FLOP/s) of non-tensor arithmetic in dtype `t`: FP64 units for fp64, else FP32
/// (PyTorch computes bf16/fp16 elementwise ops in fp32).
[[nodiscard]] constexpr count vector_rate(const device_spec& d, dtype t) {
  return t == dtype::fp64 ? d.fp64_flops : d.fp32_flops;
}

/// Roofline time of a node described by `n` with per-call metrics `m` on device `d`.
[[nodiscard]] constexpr roofline_time roofline(const node_desc& n, const metrics& m, const device_spec& d,
                                               const roofline_options& o = {}) {
  roofline_time r{};
  r.kernel = kernel_class_of(n.kind, n.cat, n.conv_as_gemm);
  const bool tf32 = runs_on_cudnn(n.cat) ? o.allow_tf32_conv : o.allow_tf32;
  if (m.tensor_flops != 0) {
    const bool sage = r.kernel == kernel_class::attention && o.attention == attention_kernel::sage2;
    r.tensor_s = detail::seconds(m.tensor_flops, sage ? sage2_tensor_rate(d) : tensor_rate(d, n.act, tf32));
  }
  r.vector_s = detail::seconds(m.vector_flops, vector_rate(d, n.act));
  r.sfu_s = detail::seconds(m.sfu_ops, d.sfu_ops);
  r.memory_s = detail::seconds(m.bytes(), d.memory_bandwidth);

  r.lower_bound_s = r.memory_s;
  r.bound_by = bound::memory;
  // Ties go to the earlier of tensor, vector, sfu (a strict > keeps the first maximum).
  const double compute[3] = {r.tensor_s, r.vector_s, r.sfu_s};
  const bound labels[3] = {bound::tensor, bound::vector, bound::sfu};
  double best_compute = 0.0;
  for (int i = 0; i < 3; ++i) {
    if (compute[i] > best_compute) {
      best_compute = compute[i];
      if (compute[i] >= r.lower_bound_s) {
        r.lower_bound_s = compute[i];
        r.bound_by = labels[i];
      }
    }
  }

  r.eff = efficiency_for(r.kernel, d, o.attention, n.sparse, n.act == dtype::fp8 && m.tensor_flops != 0);
  const double c = best_compute / r.eff.compute;
  const double mem = r.memory_s / r.eff.memory;
  r.time_s = c > mem ? c : mem;
  return r;
}

/// What the roofline needs from leaf `leaf`: its kind, category, `act` dtype (fp32 for leaves
/// without one, such as `copy`, which do no arithmetic), and whether the leaf declares itself a
/// convolution run as a GEMM (`static constexpr bool conv_as_gemm = true`, as `patch_conv3d` does).
template <Leaf L>
[[nodiscard]] constexpr node_desc describe(const L& leaf) {
  node_desc n{.kind = L::kind, .cat = leaf.cat(), .act = dtype::fp32};
  if constexpr (requires { { L::conv_as_gemm } -> std::convertible_to<bool>; }) n.conv_as_gemm = L::conv_as_gemm;
  if constexpr (requires { { leaf.act } -> std::convertible_to<dtype>; }) n.act = leaf.act;
  // A leaf whose GEMM runs in another dtype than its activations (an fp8 GEMM, layers/linear.hpp).
  if constexpr (requires { { leaf.tensor_dtype() } -> std::convertible_to<dtype>; }) n.act = leaf.tensor_dtype();
  if constexpr (requires { { leaf.sparse() } -> std::convertible_to<bool>; }) n.sparse = leaf.sparse();
  return n;
}

/// Roofline time of one call of leaf `leaf` on device `d`.
template <Leaf L>
[[nodiscard]] constexpr roofline_time leaf_roofline(const L& leaf, const device_spec& d,
                                                    const roofline_options& o = {}) {
  return roofline(describe(leaf), leaf.cost(), d, o);
}

} // namespace wanmeter
