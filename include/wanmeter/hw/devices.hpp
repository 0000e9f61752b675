#pragma once
// The device registry: constexpr specs of the GPUs the Wan papers and users run on, and lookup
// by id. Every figure names its source; dense (non-sparse) tensor rates; see hw/device.hpp for
// units and conventions.
//
// Where a vendor figure is a rounded product "SMs x FLOP per clock per SM x clock", the exact
// product is stored, so ratios hold exactly (H100 SXM: 132 x 4096 x 1.83 GHz = 989,429,760 MFLOP/s,
// printed as 989.4 TFLOPS; FP8 is 2x that, printed 1,978.9; TF32 half, printed 494.7).
//
//   find_device("h100-sxm").bf16_tensor_flops == 989'429'760'000'000
//   find_device("h100")  ->  throws invalid_input("device", "h100", "unknown device id; valid ids: ...")

#include <wanmeter/core/errors.hpp>
#include <wanmeter/hw/device.hpp>

#include <array>
#include <string>
#include <string_view>

namespace wanmeter {

namespace detail {
inline constexpr count tera = 1'000'000'000'000ULL;
inline constexpr count giga = 1'000'000'000ULL;
// PCIe x16 per direction as the datasheets count it (their "64 GB/s" / "128 GB/s" are both
// directions together). Gen4: 16 GT/s x 16 lanes / 8 = 32 GB/s; Gen5: 64 GB/s. The 128b/130b
// line code leaves 31.5 / 63.0 GB/s; the calibrated transfer efficiency absorbs that.
inline constexpr count pcie4_x16 = 32 * giga;
inline constexpr count pcie5_x16 = 64 * giga;
} // namespace detail

// --- Hopper --------------------------------------------------------------------------------
// NVIDIA H100 Tensor Core GPU Architecture whitepaper (2022, table "NVIDIA H100 SXM5"), and the
// NVIDIA H100 Tensor Core GPU datasheet: 132 SMs; BF16/FP16 1,978.9 TFLOPS sparse = 989.4 dense
// = 132 x 4096 FLOP/clk x 1.83 GHz; FP8 1,978.9 dense; TF32 494.7 dense; FP32 66.9 =
// 132 x 256 x 1.98 GHz; FP64 33.5 (datasheet: 34); 80 GB HBM3 at 3.35 TB/s; PCIe Gen5 128 GB/s.
// SFU 132 x 16 x 1.83 GHz (FlashAttention-3 paper: "3.9 TFLOPS of special functions").
inline constexpr device_spec h100_sxm{
    "h100-sxm", "NVIDIA H100 SXM5 80GB", gpu_generation::hopper, 132,
    989'429'760'000'000, 989'429'760'000'000, 1'978'859'520'000'000,
    494'714'880'000'000, 66'908'160'000'000, 33'454'080'000'000,
    3'864'960'000'000, 3'350 * detail::giga, gib(80), detail::pcie5_x16, "PCIe 5.0 x16"};

// NVIDIA H800 Tensor Core GPU datasheet (SXM5): the H100 SXM5 silicon and clocks (BF16 1,979,
// FP8 3,958, TF32 989 TFLOPS sparse; FP32 67 TFLOPS; 80 GB HBM3 at 3.35 TB/s; PCIe Gen5
// 128 GB/s) with FP64 cut to 1 TFLOPS and NVLink to 400 GB/s.
inline constexpr device_spec h800_sxm{
    "h800-sxm", "NVIDIA H800 SXM5 80GB", gpu_generation::hopper, 132,
    h100_sxm.bf16_tensor_flops, h100_sxm.fp16_tensor_flops, h100_sxm.fp8_tensor_flops,
    h100_sxm.tf32_tensor_flops, h100_sxm.fp32_flops, 1 * detail::tera,
    h100_sxm.sfu_ops, 3'350 * detail::giga, gib(80), detail::pcie5_x16, "PCIe 5.0 x16"};

// NVIDIA H200 Tensor Core GPU datasheet (SXM): same compute as H100 SXM5 (BF16 1,979 / FP8
// 3,958 / TF32 989 TFLOPS sparse, FP32 67, FP64 34 TFLOPS); 141 GB HBM3e at 4.8 TB/s; PCIe Gen5
// 128 GB/s.
inline constexpr device_spec h200_sxm{
    "h200-sxm", "NVIDIA H200 SXM 141GB", gpu_generation::hopper, 132,
    h100_sxm.bf16_tensor_flops, h100_sxm.fp16_tensor_flops, h100_sxm.fp8_tensor_flops,
    h100_sxm.tf32_tensor_flops, h100_sxm.fp32_flops, h100_sxm.fp64_flops,
    h100_sxm.sfu_ops, 4'800 * detail::giga, gib(141), detail::pcie5_x16, "PCIe 5.0 x16"};

// NVIDIA H20 (China-market Hopper) product brief, as reproduced by vendors: FP8 296, BF16/FP16
// 148, TF32 74 TFLOPS dense (firmware-limited tensor rate); FP32 44, FP64 1 TFLOPS; 96 GB HBM3 at
// 4.0 TB/s; PCIe Gen5 x16 (128 GB/s). NVIDIA publishes no SM count or clock: 78 SMs is a
// third-party (Geekbench) reading. SFU derived from the official FP32 rate with the Hopper SM
// ratio (16 SFU results per 128 FP32 lanes x 2 FLOP): 44e12 x 16 / 256 = 2.75e12 op/s.
inline constexpr device_spec h20{
    "h20", "NVIDIA H20 96GB", gpu_generation::hopper, 78,
    148 * detail::tera, 148 * detail::tera, 296 * detail::tera,
    74 * detail::tera, 44 * detail::tera, 1 * detail::tera,
    2'750 * detail::giga, 4'000 * detail::giga, gib(96), detail::pcie5_x16, "PCIe 5.0 x16"};

// --- Ampere --------------------------------------------------------------------------------
// NVIDIA A100 Tensor Core GPU Architecture whitepaper (2020) and A100 datasheet: 108 SMs at
// 1.41 GHz; BF16/FP16 312 TFLOPS dense = 108 x 2048 x 1.41 GHz; TF32 156; FP32 19.5 =
// 108 x 128 x 1.41 GHz; FP64 9.7; no FP8. 40GB SXM4: HBM2 at 1,555 GB/s. PCIe Gen4 64 GB/s.
// SFU 108 x 16 x 1.41 GHz = 2.436e12 op/s.
inline constexpr device_spec a100_40gb_sxm{
    "a100-40gb-sxm", "NVIDIA A100 SXM4 40GB", gpu_generation::ampere, 108,
    311'869'440'000'000, 311'869'440'000'000, 0,
    155'934'720'000'000, 19'491'840'000'000, 9'745'920'000'000,
    2'436'480'000'000, 1'555 * detail::giga, gib(40), detail::pcie4_x16, "PCIe 4.0 x16"};

// A100 datasheet, 80GB SXM4: same compute; HBM2e at 2,039 GB/s.
inline constexpr device_spec a100_80gb_sxm{
    "a100-80gb-sxm", "NVIDIA A100 SXM4 80GB", gpu_generation::ampere, 108,
    a100_40gb_sxm.bf16_tensor_flops, a100_40gb_sxm.fp16_tensor_flops, 0,
    a100_40gb_sxm.tf32_tensor_flops, a100_40gb_sxm.fp32_flops, a100_40gb_sxm.fp64_flops,
    a100_40gb_sxm.sfu_ops, 2'039 * detail::giga, gib(80), detail::pcie4_x16, "PCIe 4.0 x16"};

// NVIDIA A800 40GB/80GB datasheet (SXM 80GB): the A100 80GB SXM4 (312 TFLOPS BF16 dense,
// 19.5 FP32, 2,039 GB/s) with NVLink cut to 400 GB/s; single-GPU figures are identical.
inline constexpr device_spec a800_80gb_sxm{
    "a800-80gb-sxm", "NVIDIA A800 SXM4 80GB", gpu_generation::ampere, 108,
    a100_80gb_sxm.bf16_tensor_flops, a100_80gb_sxm.fp16_tensor_flops, 0,
    a100_80gb_sxm.tf32_tensor_flops, a100_80gb_sxm.fp32_flops, a100_80gb_sxm.fp64_flops,
    a100_80gb_sxm.sfu_ops, 2'039 * detail::giga, gib(80), detail::pcie4_x16, "PCIe 4.0 x16"};

// --- Ada Lovelace --------------------------------------------------------------------------
// NVIDIA L40S GPU datasheet: BF16/FP16 362.05 TFLOPS dense (733 sparse), FP8 733 dense, TF32
// 183 dense, FP32 91.6 TFLOPS (= 142 SMs x 256 x 2.52 GHz); 48 GB GDDR6 at 864 GB/s; PCIe Gen4
// x16 (64 GB/s both ways). FP64 is not in the datasheet: Ada runs it at 1/64 of FP32 (Ada
// whitepaper) = 142 x 4 x 2.52 GHz = 1.431 TFLOPS. SFU 142 x 16 x 2.52 GHz = 5.725e12 op/s.
inline constexpr device_spec l40s{
    "l40s", "NVIDIA L40S 48GB", gpu_generation::ada, 142,
    362'050 * detail::giga, 362'050 * detail::giga, 733 * detail::tera,
    183 * detail::tera, 91'607'040'000'000, 1'431'360'000'000,
    5'725'440'000'000, 864 * detail::giga, gib(48), detail::pcie4_x16, "PCIe 4.0 x16"};

// NVIDIA Ada GPU Architecture whitepaper, Appendix A (GeForce RTX 4090): 128 SMs, boost
// 2.52 GHz; FP16/BF16 tensor with FP32 accumulate 165.2 TFLOPS dense (= 128 x 512 x 2.52 GHz;
// GeForce runs FP32 accumulate at half the FP16-accumulate rate); FP8 (FP32 accumulate) 330.3;
// TF32 82.6; FP32 82.6 (= 128 x 256 x 2.52 GHz); FP64 1.29; 24 GB GDDR6X at 1,008 GB/s;
// PCIe 4.0 x16. SFU 128 x 16 x 2.52 GHz = 5.161e12 op/s.
inline constexpr device_spec rtx_4090{
    "rtx-4090", "NVIDIA GeForce RTX 4090 24GB", gpu_generation::ada, 128,
    165'150'720'000'000, 165'150'720'000'000, 330'301'440'000'000,
    82'575'360'000'000, 82'575'360'000'000, 1'290'240'000'000,
    5'160'960'000'000, 1'008 * detail::giga, gib(24), detail::pcie4_x16, "PCIe 4.0 x16"};

// --- Blackwell -----------------------------------------------------------------------------
// NVIDIA RTX Blackwell GPU Architecture whitepaper, Appendix A (GeForce RTX 5090): 170 SMs,
// boost 2.407 GHz; FP16/BF16 tensor with FP32 accumulate 209.5 TFLOPS dense (= 170 x 512 x
// 2.407 GHz), FP8 (FP32 accumulate) 419, TF32 104.8; FP32 104.8 (= 170 x 256 x 2.407 GHz);
// FP64 1/64 of FP32 = 1.637; 32 GB GDDR7 at 1,792 GB/s; PCIe 5.0 x16.
// SFU 170 x 16 x 2.407 GHz = 6.547e12 op/s.
inline constexpr device_spec rtx_5090{
    "rtx-5090", "NVIDIA GeForce RTX 5090 32GB", gpu_generation::blackwell, 170,
    209'505'280'000'000, 209'505'280'000'000, 419'010'560'000'000,
    104'752'640'000'000, 104'752'640'000'000, 1'636'760'000'000,
    6'547'040'000'000, 1'792 * detail::giga, gib(32), detail::pcie5_x16, "PCIe 5.0 x16"};

// NVIDIA HGX B200 datasheet / DGX B200 spec (8 GPUs, 1,000 W each), per GPU: FP16/BF16 4.5
// PFLOPS sparse = 2.25 dense; FP8 4.5 dense; TF32 18 PFLOPS per 8 GPUs sparse = 1.125 dense;
// FP32 75, FP64 37 TFLOPS; 180 GB HBM3e at 7.7 TB/s (launch material: 192 GB, 8 TB/s);
// PCIe Gen5 128 GB/s. SMs (148) and tensor clock are not in the datasheet: 2.25e15 / (148 SMs x
// 8192 FLOP/clk) = 1.856 GHz, so SFU = 148 x 16 x 1.856 GHz = 4.395e12 op/s (the same time per
// score as the tensor cores at head_dim 128: 512 FLOP / 2.25e15 = 1 / 4.395e12, the exp
// bottleneck FlashAttention-4 was written around).
inline constexpr device_spec b200{
    "b200", "NVIDIA B200 (HGX, 1000 W) 180GB", gpu_generation::blackwell, 148,
    2'250 * detail::tera, 2'250 * detail::tera, 4'500 * detail::tera,
    1'125 * detail::tera, 75 * detail::tera, 37 * detail::tera,
    4'395'008'000'000, 7'700 * detail::giga, gib(180), detail::pcie5_x16, "PCIe 5.0 x16"};

/// Every device, in the order `wanmeter list` shows them.
inline constexpr std::array<device_spec, 11> device_registry{
    {h100_sxm, h800_sxm, h200_sxm, h20, a100_40gb_sxm, a100_80gb_sxm, a800_80gb_sxm, l40s, rtx_4090,
     rtx_5090, b200}};

/// Comma-separated list of the valid device ids.
[[nodiscard]] inline std::string device_ids() {
  std::string s;
  for (const auto& d : device_registry) {
    if (!s.empty()) s += ", ";
    s.append(d.id);
  }
  return s;
}

/// The device with id `id`, or nullptr.
[[nodiscard]] constexpr const device_spec* try_find_device(std::string_view id) {
  for (const auto& d : device_registry) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

/// The device with id `id`; throws `invalid_input` (knob "device") listing the valid ids otherwise.
[[nodiscard]] inline const device_spec& find_device(std::string_view id) {
  if (const auto* d = try_find_device(id)) return *d;
  throw invalid_input("device", std::string(id), "unknown device id; valid ids: " + device_ids());
}

} // namespace wanmeter
