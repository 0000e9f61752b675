// Static tier: device specs against the vendors' datasheets (hand-copied figures, dense = the
// datasheet's sparse figure / 2), ratios that must hold by architecture, the registry, and the
// published-timings table.
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/layers/attention_core.hpp>
#include <wanmeter/layers/conv3d.hpp>
#include <wanmeter/layers/patch_conv3d.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <validation/published.hpp>
#include <wanmeter/perf/roofline.hpp>

#include <string_view>

namespace {
using namespace wanmeter;

// `v` printed to one decimal in units of `unit` reads `tenths` (e.g. 989.4 TFLOPS).
constexpr bool prints_as(count v, count unit, count tenths) {
  const count lo = tenths * (unit / 10) - unit / 20; // [x.x - 0.05, x.x + 0.05)
  const count hi = tenths * (unit / 10) + unit / 20;
  return v >= lo && v < hi;
}
constexpr count T = 1'000'000'000'000ULL; // 1e12
constexpr count G = 1'000'000'000ULL;     // 1e9
constexpr count GiB = 1ULL << 30;

// --- H100 SXM5 (H100 datasheet / Hopper whitepaper) -----------------------------------------
static_assert(prints_as(h100_sxm.bf16_tensor_flops, T, 9894));  // 1,978.9 sparse -> 989.4 dense
static_assert(prints_as(h100_sxm.fp8_tensor_flops, T, 19789));  // 3,957.8 sparse -> 1,978.9
static_assert(prints_as(h100_sxm.tf32_tensor_flops, T, 4947));  // 989.4 sparse -> 494.7
static_assert(prints_as(h100_sxm.fp32_flops, T, 669));          // 66.9 (datasheet rounds to 67)
static_assert(h100_sxm.memory_bandwidth == 3'350 * G);           // 3.35 TB/s
static_assert(h100_sxm.memory_capacity == 80 * GiB);             // 80 GB HBM3 = 5 x 16 GiB stacks
static_assert(h100_sxm.host_link_bandwidth == 64 * G);           // PCIe Gen5 128 GB/s both ways
static_assert(h100_sxm.sm_count == 132);
// FlashAttention-3 paper: "989 TFLOPS of FP16 matmul but only 3.9 TFLOPS of special functions".
static_assert(h100_sxm.sfu_ops > 385 * T / 100 && h100_sxm.sfu_ops < 395 * T / 100);
static_assert(h100_sxm.sfu_ops == 132ULL * 16 * 1'830'000'000ULL); // SMs x 16/clk x 1.83 GHz

// --- Other parts ------------------------------------------------------------------------------
static_assert(h800_sxm.fp64_flops == 1 * T && h800_sxm.bf16_tensor_flops == h100_sxm.bf16_tensor_flops);
static_assert(h200_sxm.memory_bandwidth == 4'800 * G && h200_sxm.memory_capacity == 141 * GiB);
static_assert(h20.bf16_tensor_flops == 148 * T && h20.fp8_tensor_flops == 296 * T);
static_assert(h20.memory_bandwidth == 4'000 * G && h20.memory_capacity == 96 * GiB);
static_assert(prints_as(a100_80gb_sxm.bf16_tensor_flops, T, 3119)); // datasheet "312"
static_assert(prints_as(a100_80gb_sxm.fp32_flops, T, 195));         // 19.5
static_assert(a100_40gb_sxm.memory_bandwidth == 1'555 * G && a100_40gb_sxm.memory_capacity == 40 * GiB);
static_assert(a100_80gb_sxm.memory_bandwidth == 2'039 * G && a800_80gb_sxm.memory_bandwidth == 2'039 * G);
static_assert(a100_80gb_sxm.host_link_bandwidth == 32 * G);         // PCIe Gen4 64 GB/s both ways
static_assert(l40s.bf16_tensor_flops == 362'050 * G && l40s.memory_bandwidth == 864 * G);
static_assert(prints_as(rtx_4090.bf16_tensor_flops, T, 1652));      // Ada whitepaper 165.2 (FP32 acc)
static_assert(prints_as(rtx_4090.fp32_flops, T, 826));              // 82.6
static_assert(rtx_4090.memory_bandwidth == 1'008 * G && rtx_4090.memory_capacity == 24 * GiB);
static_assert(rtx_4090.sfu_ops == 128ULL * 16 * 2'520'000'000ULL);  // 128 SMs x 16 x 2.52 GHz
static_assert(prints_as(rtx_5090.bf16_tensor_flops, T, 2095));      // RTX Blackwell whitepaper 209.5
static_assert(prints_as(rtx_5090.fp32_flops, T, 1048));             // 104.8
static_assert(rtx_5090.memory_bandwidth == 1'792 * G && rtx_5090.memory_capacity == 32 * GiB);
static_assert(b200.bf16_tensor_flops == 2'250 * T && b200.fp8_tensor_flops == 4'500 * T);

// --- Ratios by architecture --------------------------------------------------------------------
template <const device_spec& D>
constexpr bool hopper_ratios = D.fp8_tensor_flops == 2 * D.bf16_tensor_flops // FP8 = 2x BF16
                               && D.bf16_tensor_flops == 2 * D.tf32_tensor_flops; // TF32 = BF16 / 2
static_assert(hopper_ratios<h100_sxm> && hopper_ratios<h800_sxm> && hopper_ratios<h200_sxm> && hopper_ratios<h20>);
static_assert(a100_40gb_sxm.fp8_tensor_flops == 0 && a100_80gb_sxm.fp8_tensor_flops == 0 &&
              a800_80gb_sxm.fp8_tensor_flops == 0); // Ampere has no FP8 tensor cores
static_assert(a100_80gb_sxm.bf16_tensor_flops == 2 * a100_80gb_sxm.tf32_tensor_flops);
static_assert(a100_80gb_sxm.bf16_tensor_flops == 16 * a100_80gb_sxm.fp32_flops); // 2048 vs 128 per clk
static_assert(rtx_4090.fp8_tensor_flops == 2 * rtx_4090.bf16_tensor_flops);
static_assert(b200.fp8_tensor_flops == 2 * b200.bf16_tensor_flops);

// The firmware-capped part is a property of the spec, not of its id: only the H20 (148 TFLOPS on
// Hopper SMs) has it, and it alone gets the per-part factors (GEMM 0.90, FA3 0.85, FA2 0.70); a
// copy of the H20 under another id keeps them.
static_assert(h20.tensor_rate_capped && !h100_sxm.tensor_rate_capped && !h800_sxm.tensor_rate_capped);
static_assert(efficiency_for(kernel_class::gemm, h20).compute == 0.90);
static_assert(efficiency_for(kernel_class::gemm, h100_sxm).compute == 0.80);
constexpr device_spec h20_renamed = [] {
  device_spec d = h20;
  d.id = "h20-custom";
  return d;
}();
static_assert(efficiency_for(kernel_class::gemm, h20_renamed).compute == 0.90);
// An fp8 GEMM (per-token activation quantisation + row-wise scaled GEMM) runs 1.659x a bf16 GEMM
// on the H100 (FBGEMM PR #2546: 931.80/585.23, 1024.09/575.12, 876.66/546.31 TFLOPS, mean of the
// three ratios 1.6592), so at the fp8 rate (2x bf16) its factor is 0.80 x 1.659 / 2 = 0.664.
static_assert(efficiency_for(kernel_class::gemm, h100_sxm, attention_kernel::automatic, false, true).compute > 0.6635 &&
              efficiency_for(kernel_class::gemm, h100_sxm, attention_kernel::automatic, false, true).compute < 0.6645);
// It applies to GEMMs only: an attention core's factor does not change.
static_assert(efficiency_for(kernel_class::attention, h100_sxm, attention_kernel::flash_attention_3, false, true).compute == 0.655);
// A leaf says itself whether it is a convolution run as a GEMM: the DiT patch embedding
// (kernel == stride) does, the VAE's 3x3x3 conv3d (same kind "conv3d") does not.
static_assert(describe(patch_conv3d{.positions = 512, .in_channels = 16, .kernel_volume = 4, .out_channels = 5120})
                  .conv_as_gemm);
static_assert(leaf_roofline(patch_conv3d{.positions = 512, .in_channels = 16, .kernel_volume = 4,
                                         .out_channels = 5120},
                            h100_sxm)
                  .kernel == kernel_class::gemm);
static_assert(leaf_roofline(conv3d{.in_channels = 96, .out_channels = 96, .in_frames = 3, .in_height = 34,
                                   .in_width = 34, .kt = 3, .kh = 3, .kw = 3},
                            h100_sxm)
                  .kernel == kernel_class::convolution);
// The one `bound` enum carries the host (text encoder on the CPU) beside the device resources.
static_assert(name_of(bound::host) == "host" && name_of(bound::memory) == "memory" && bound_count == 5);

// Every part: fp16 = bf16 rate, tensor above CUDA-core FP32, dense figures (no part here has
// more than 2.25 PFLOPS dense BF16), and a real host link.
constexpr bool sane(const device_spec& d) {
  return d.fp16_tensor_flops == d.bf16_tensor_flops && d.bf16_tensor_flops > d.fp32_flops &&
         d.tf32_tensor_flops >= d.fp32_flops && d.bf16_tensor_flops <= 2'250 * T && d.fp32_flops > d.fp64_flops / 2 &&
         d.sfu_ops > 0 && d.memory_bandwidth > 0 && d.memory_capacity >= 24 * GiB &&
         (d.host_link_bandwidth == 32 * G || d.host_link_bandwidth == 64 * G);
}
constexpr bool all_sane() {
  for (const auto& d : device_registry)
    if (!sane(d)) return false;
  return true;
}
static_assert(all_sane());

// Ridge point of a bf16 GEMM on the H100 SXM: 989.43e12 / 3.35e12 = 295.35 FLOP/byte.
constexpr double h100_ridge = static_cast<double>(h100_sxm.bf16_tensor_flops) / static_cast<double>(h100_sxm.memory_bandwidth);
static_assert(h100_ridge > 295.3 && h100_ridge < 295.4);

// --- Registry ------------------------------------------------------------------------------------
static_assert(device_registry.size() == 11);
constexpr bool ids_unique() {
  for (std::size_t i = 0; i < device_registry.size(); ++i)
    for (std::size_t j = i + 1; j < device_registry.size(); ++j)
      if (device_registry[i].id == device_registry[j].id) return false;
  return true;
}
static_assert(ids_unique());
static_assert(try_find_device("h100-sxm") == &device_registry[0]);
static_assert(try_find_device("b200")->generation == gpu_generation::blackwell);
static_assert(try_find_device("rtx-4090")->generation == gpu_generation::ada);
static_assert(try_find_device("h100") == nullptr);
static_assert(try_find_device("") == nullptr);

// --- Roofline at compile time: the 14B 720p self-attention core is tensor bound on H100 --------
constexpr attention_core attn14{1, 40, 75'600, 75'600, 128, dtype::bf16};
static_assert(leaf_roofline(attn14, h100_sxm).bound_by == bound::tensor);
static_assert(leaf_roofline(attn14, h100_sxm).time_s > leaf_roofline(attn14, h100_sxm).lower_bound_s);
// On the B200 the exponentials take exactly as long as the matmuls (16 SFU results per clock vs
// 8192 tensor FLOP per clock, 512 FLOP per score): a tie, labelled tensor (the first maximum).
static_assert(leaf_roofline(attn14, b200).sfu_s > 0.99 * leaf_roofline(attn14, b200).tensor_s);

// --- Published table -------------------------------------------------------------------------------
static_assert(published_runs.size() == 21); // 7 rows of the Wan2.1 README table, 14 of the Wan2.2 one
constexpr bool published_rows_resolve() {
  for (const auto& r : published_runs) {
    if (try_find_device(r.device_id) == nullptr || try_find_model(r.model_id) == nullptr) return false;
    if (r.frames % 4 != 1 || r.total_time_s <= 0.0 || r.peak_memory_gb <= 0.0) return false;
    // A run's peak must fit in the GPU it stands for.
    if (r.peak_memory_gb * 1e9 > static_cast<double>(try_find_device(r.device_id)->memory_capacity)) return false;
    if (r.offload_model != setting::yes) return false; // every single-GPU row offloads
  }
  return true;
}
static_assert(published_rows_resolve());
static_assert(published_runs[5].total_time_s == 1837.9 && published_runs[5].model_id == "wan2.1-t2v-14b");
static_assert(published_runs[18].total_time_s == 1041.5 && published_runs[18].flash_attention_3 == setting::yes);

} // namespace
