#pragma once
// The device registry: constexpr specs of the GPUs the Wan papers and users run on, and lookup
// by id. Every figure names its source; dense (non-sparse) tensor rates; see hw/device.hpp for
// units and conventions.
//
// Where a vendor figure is a rounded product "SMs x FLOP per clock per SM x clock", the exact
// product is stored, so ratios hold exactly (H100 SXM: 132 x 4096 x 1.83 GHz = 989,429,760 MFLOP/s,
// printed as 989.4 TFLOPS; FP8 is 2x that, printed 1,978.9; TF32 half, printed 494.7).
//
// Each entry names its node's default GPU-to-GPU interconnect (`.interconnect`, an id of
// hw/interconnect.hpp, where the NVLink and PCIe figures and their sources are) and the network
// between such nodes (`.network`, an id of hw/network.hpp): InfiniBand NDR with one NIC per GPU
// for the Hopper and Blackwell HGX parts (DGX H100 / B200: 8 x ConnectX-7 400G), HDR for the
// Ampere ones (DGX A100: 8 x HDR 200G); none for the PCIe cards (L40S, RTX 4090, RTX 5090),
// whose servers carry whatever NIC their builder chose, so a multi-node run names one
// (`--network`).
//
// Lookup (compiled in examples/header_snippets.cpp):
//   find_device("h100-sxm").bf16_tensor_flops == 989'429'760'000'000
//   find_device("h100")  ->  throws invalid_input("device", "h100", "unknown device id; valid ids: ...")

#include <wanmeter/core/registry_lookup.hpp>
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

/// `base` sold under another id and name with what `change` cuts (the export parts: the same
/// silicon, clocks and memory with fewer links or FP64 units), so the shared figures stay one fact.
template <class Change>
[[nodiscard]] constexpr device_spec variant_of(device_spec base, std::string_view id, std::string_view name,
                                               Change change) {
  base.id = id;
  base.name = name;
  change(base);
  return base;
}
} // namespace detail

// --- Hopper --------------------------------------------------------------------------------
// NVIDIA H100 Tensor Core GPU Architecture whitepaper (2022, table "NVIDIA H100 SXM5"), and the
// NVIDIA H100 Tensor Core GPU datasheet: 132 SMs; BF16/FP16 1,978.9 TFLOPS sparse = 989.4 dense
// = 132 x 4096 FLOP/clk x 1.83 GHz; FP8 1,978.9 dense; TF32 494.7 dense; FP32 66.9 =
// 132 x 256 x 1.98 GHz; FP64 33.5 (datasheet: 34); 80 GB HBM3 at 3.35 TB/s; PCIe Gen5 128 GB/s.
// SFU 132 x 16 x 1.83 GHz (FlashAttention-3 paper: "3.9 TFLOPS of special functions").
inline constexpr device_spec h100_sxm{
    .id = "h100-sxm",
    .name = "NVIDIA H100 SXM5 80GB",
    .generation = gpu_generation::hopper,
    .sm_count = 132,
    .bf16_tensor_flops = 989'429'760'000'000,
    .fp16_tensor_flops = 989'429'760'000'000,
    .fp8_tensor_flops = 1'978'859'520'000'000,
    .tf32_tensor_flops = 494'714'880'000'000,
    .int8_tensor_flops = 1'978'859'520'000'000, // INT8 1,978.9 TOPS dense (datasheet 3,958 sparse), the FP8 rate
    .fp32_flops = 66'908'160'000'000,
    .fp64_flops = 33'454'080'000'000,
    .sfu_ops = 3'864'960'000'000,
    .memory_bandwidth = 3'350 * detail::giga,
    .memory_capacity = gib(80),
    .host_link_bandwidth = detail::pcie5_x16,
    .host_link = "PCIe 5.0 x16",
    .interconnect = "nvlink4",
    .network = "ib-ndr",
};

// NVIDIA H800 Tensor Core GPU datasheet (SXM5): the H100 SXM5 silicon and clocks (BF16 1,979,
// FP8 3,958, TF32 989 TFLOPS sparse; FP32 67 TFLOPS; 80 GB HBM3 at 3.35 TB/s; PCIe Gen5
// 128 GB/s) with FP64 cut to 1 TFLOPS and NVLink to 400 GB/s.
inline constexpr device_spec h800_sxm =
    detail::variant_of(h100_sxm, "h800-sxm", "NVIDIA H800 SXM5 80GB", [](device_spec& d) {
      d.fp64_flops = 1 * detail::tera;
      d.interconnect = "nvlink4-h800";
    });

// NVIDIA H200 Tensor Core GPU datasheet (SXM): same compute as H100 SXM5 (BF16 1,979 / FP8
// 3,958 / TF32 989 TFLOPS sparse, FP32 67, FP64 34 TFLOPS); 141 GB HBM3e at 4.8 TB/s; PCIe Gen5
// 128 GB/s.
inline constexpr device_spec h200_sxm{
    .id = "h200-sxm",
    .name = "NVIDIA H200 SXM 141GB",
    .generation = gpu_generation::hopper,
    .sm_count = 132,
    .bf16_tensor_flops = h100_sxm.bf16_tensor_flops,
    .fp16_tensor_flops = h100_sxm.fp16_tensor_flops,
    .fp8_tensor_flops = h100_sxm.fp8_tensor_flops,
    .tf32_tensor_flops = h100_sxm.tf32_tensor_flops,
    .int8_tensor_flops = h100_sxm.int8_tensor_flops, // INT8 as the H100 SXM
    .fp32_flops = h100_sxm.fp32_flops,
    .fp64_flops = h100_sxm.fp64_flops,
    .sfu_ops = h100_sxm.sfu_ops,
    .memory_bandwidth = 4'800 * detail::giga,
    .memory_capacity = gib(141),
    .host_link_bandwidth = detail::pcie5_x16,
    .host_link = "PCIe 5.0 x16",
    .interconnect = "nvlink4",
    .network = "ib-ndr",
};

// NVIDIA H20 (China-market Hopper) product brief, as reproduced by vendors: FP8 296, BF16/FP16
// 148, TF32 74 TFLOPS dense (firmware-limited tensor rate); FP32 44, FP64 1 TFLOPS; 96 GB HBM3 at
// 4.0 TB/s; PCIe Gen5 x16 (128 GB/s). NVIDIA publishes no SM count or clock: 78 SMs is a
// third-party (Geekbench) reading. SFU derived from the official FP32 rate with the Hopper SM
// ratio (16 SFU results per 128 FP32 lanes x 2 FLOP): 44e12 x 16 / 256 = 2.75e12 op/s.
inline constexpr device_spec h20{
    .id = "h20",
    .name = "NVIDIA H20 96GB",
    .generation = gpu_generation::hopper,
    .tensor_rate_capped = true,
    .sm_count = 78,
    .bf16_tensor_flops = 148 * detail::tera,
    .fp16_tensor_flops = 148 * detail::tera,
    .fp8_tensor_flops = 296 * detail::tera,
    .tf32_tensor_flops = 74 * detail::tera,
    .int8_tensor_flops = 296 * detail::tera, // INT8 296 TOPS dense (datasheet), the FP8 rate
    .fp32_flops = 44 * detail::tera,
    .fp64_flops = 1 * detail::tera,
    .sfu_ops = 2'750 * detail::giga,
    .memory_bandwidth = 4'000 * detail::giga,
    .memory_capacity = gib(96),
    .host_link_bandwidth = detail::pcie5_x16,
    .host_link = "PCIe 5.0 x16",
    .interconnect = "nvlink4",
    .network = "ib-ndr",
};

// --- Ampere --------------------------------------------------------------------------------
// NVIDIA A100 Tensor Core GPU Architecture whitepaper (2020) and A100 datasheet: 108 SMs at
// 1.41 GHz; BF16/FP16 312 TFLOPS dense = 108 x 2048 x 1.41 GHz; TF32 156; FP32 19.5 =
// 108 x 128 x 1.41 GHz; FP64 9.7; no FP8. 40GB SXM4: HBM2 at 1,555 GB/s. PCIe Gen4 64 GB/s.
// SFU 108 x 16 x 1.41 GHz = 2.436e12 op/s.
inline constexpr device_spec a100_40gb_sxm{
    .id = "a100-40gb-sxm",
    .name = "NVIDIA A100 SXM4 40GB",
    .generation = gpu_generation::ampere,
    .sm_count = 108,
    .bf16_tensor_flops = 311'869'440'000'000,
    .fp16_tensor_flops = 311'869'440'000'000,
    .fp8_tensor_flops = 0,
    .tf32_tensor_flops = 155'934'720'000'000,
    .int8_tensor_flops = 623'738'880'000'000, // INT8 624 TOPS dense = 2 x the BF16 rate (datasheet 1,248 sparse)
    .fp32_flops = 19'491'840'000'000,
    .fp64_flops = 9'745'920'000'000,
    .sfu_ops = 2'436'480'000'000,
    .memory_bandwidth = 1'555 * detail::giga,
    .memory_capacity = gib(40),
    .host_link_bandwidth = detail::pcie4_x16,
    .host_link = "PCIe 4.0 x16",
    .interconnect = "nvlink3",
    .network = "ib-hdr",
};

// A100 datasheet, 80GB SXM4: same compute; HBM2e at 2,039 GB/s.
inline constexpr device_spec a100_80gb_sxm{
    .id = "a100-80gb-sxm",
    .name = "NVIDIA A100 SXM4 80GB",
    .generation = gpu_generation::ampere,
    .sm_count = 108,
    .bf16_tensor_flops = a100_40gb_sxm.bf16_tensor_flops,
    .fp16_tensor_flops = a100_40gb_sxm.fp16_tensor_flops,
    .fp8_tensor_flops = 0,
    .tf32_tensor_flops = a100_40gb_sxm.tf32_tensor_flops,
    .int8_tensor_flops = a100_40gb_sxm.int8_tensor_flops, // INT8 as the A100 40GB
    .fp32_flops = a100_40gb_sxm.fp32_flops,
    .fp64_flops = a100_40gb_sxm.fp64_flops,
    .sfu_ops = a100_40gb_sxm.sfu_ops,
    .memory_bandwidth = 2'039 * detail::giga,
    .memory_capacity = gib(80),
    .host_link_bandwidth = detail::pcie4_x16,
    .host_link = "PCIe 4.0 x16",
    .interconnect = "nvlink3",
    .network = "ib-hdr",
};

// NVIDIA A800 40GB/80GB datasheet (SXM 80GB): the A100 80GB SXM4 (312 TFLOPS BF16 dense,
// 19.5 FP32, 2,039 GB/s) with NVLink cut to 400 GB/s; single-GPU figures are identical.
inline constexpr device_spec a800_80gb_sxm =
    detail::variant_of(a100_80gb_sxm, "a800-80gb-sxm", "NVIDIA A800 SXM4 80GB",
                       [](device_spec& d) { d.interconnect = "nvlink3-a800"; });

// --- Ada Lovelace --------------------------------------------------------------------------
// NVIDIA L40S GPU datasheet: BF16/FP16 362.05 TFLOPS dense (733 sparse), FP8 733 dense, TF32
// 183 dense, FP32 91.6 TFLOPS (= 142 SMs x 256 x 2.52 GHz); 48 GB GDDR6 at 864 GB/s; PCIe Gen4
// x16 (64 GB/s both ways). FP64 is not in the datasheet: Ada runs it at 1/64 of FP32 (Ada
// whitepaper) = 142 x 4 x 2.52 GHz = 1.431 TFLOPS. SFU 142 x 16 x 2.52 GHz = 5.725e12 op/s.
inline constexpr device_spec l40s{
    .id = "l40s",
    .name = "NVIDIA L40S 48GB",
    .generation = gpu_generation::ada,
    .sm_count = 142,
    .bf16_tensor_flops = 362'050 * detail::giga,
    .fp16_tensor_flops = 362'050 * detail::giga,
    .fp8_tensor_flops = 733 * detail::tera,
    .tf32_tensor_flops = 183 * detail::tera,
    .int8_tensor_flops = 733 * detail::tera, // INT8 733 TOPS dense (datasheet 1,466 sparse)
    .fp32_flops = 91'607'040'000'000,
    .fp64_flops = 1'431'360'000'000,
    .sfu_ops = 5'725'440'000'000,
    .memory_bandwidth = 864 * detail::giga,
    .memory_capacity = gib(48),
    .host_link_bandwidth = detail::pcie4_x16,
    .host_link = "PCIe 4.0 x16",
    .interconnect = "pcie4",
    .network = "",
};

// NVIDIA Ada GPU Architecture whitepaper, Appendix A (GeForce RTX 4090): 128 SMs, boost
// 2.52 GHz; FP16/BF16 tensor with FP32 accumulate 165.2 TFLOPS dense (= 128 x 512 x 2.52 GHz;
// GeForce runs FP32 accumulate at half the FP16-accumulate rate); FP8 (FP32 accumulate) 330.3;
// TF32 82.6; FP32 82.6 (= 128 x 256 x 2.52 GHz); FP64 1.29; 24 GB GDDR6X at 1,008 GB/s;
// PCIe 4.0 x16. SFU 128 x 16 x 2.52 GHz = 5.161e12 op/s.
inline constexpr device_spec rtx_4090{
    .id = "rtx-4090",
    .name = "NVIDIA GeForce RTX 4090 24GB",
    .generation = gpu_generation::ada,
    .sm_count = 128,
    .bf16_tensor_flops = 165'150'720'000'000,
    .fp16_tensor_flops = 165'150'720'000'000,
    .fp8_tensor_flops = 330'301'440'000'000,
    .tf32_tensor_flops = 82'575'360'000'000,
    .int8_tensor_flops = 660'602'880'000'000, // INT8 660.6 TOPS dense = 4 x the FP32-accumulate BF16 rate (Ada whitepaper, 1,321.2 sparse)
    .fp32_flops = 82'575'360'000'000,
    .fp64_flops = 1'290'240'000'000,
    .sfu_ops = 5'160'960'000'000,
    .memory_bandwidth = 1'008 * detail::giga,
    .memory_capacity = gib(24),
    .host_link_bandwidth = detail::pcie4_x16,
    .host_link = "PCIe 4.0 x16",
    .interconnect = "pcie4-no-p2p",
    .network = "",
};

// --- Blackwell -----------------------------------------------------------------------------
// NVIDIA RTX Blackwell GPU Architecture whitepaper, Appendix A (GeForce RTX 5090): 170 SMs,
// boost 2.407 GHz; FP16/BF16 tensor with FP32 accumulate 209.5 TFLOPS dense (= 170 x 512 x
// 2.407 GHz), FP8 (FP32 accumulate) 419, TF32 104.8; FP32 104.8 (= 170 x 256 x 2.407 GHz);
// FP64 1/64 of FP32 = 1.637; 32 GB GDDR7 at 1,792 GB/s; PCIe 5.0 x16.
// SFU 170 x 16 x 2.407 GHz = 6.547e12 op/s.
inline constexpr device_spec rtx_5090{
    .id = "rtx-5090",
    .name = "NVIDIA GeForce RTX 5090 32GB",
    .generation = gpu_generation::blackwell,
    .sm_count = 170,
    .bf16_tensor_flops = 209'505'280'000'000,
    .fp16_tensor_flops = 209'505'280'000'000,
    .fp8_tensor_flops = 419'010'560'000'000,
    .tf32_tensor_flops = 104'752'640'000'000,
    .int8_tensor_flops = 838'021'120'000'000, // INT8 838 TOPS dense = 2 x the FP32-accumulate FP8 rate (Blackwell GeForce whitepaper, 1,676 sparse)
    .fp32_flops = 104'752'640'000'000,
    .fp64_flops = 1'636'760'000'000,
    .sfu_ops = 6'547'040'000'000,
    .memory_bandwidth = 1'792 * detail::giga,
    .memory_capacity = gib(32),
    .host_link_bandwidth = detail::pcie5_x16,
    .host_link = "PCIe 5.0 x16",
    .interconnect = "pcie5-no-p2p",
    .network = "",
};

// NVIDIA HGX B200 datasheet / DGX B200 spec (8 GPUs, 1,000 W each), per GPU: FP16/BF16 4.5
// PFLOPS sparse = 2.25 dense; FP8 4.5 dense; TF32 18 PFLOPS per 8 GPUs sparse = 1.125 dense;
// FP32 75, FP64 37 TFLOPS; 180 GB HBM3e at 7.7 TB/s (launch material: 192 GB, 8 TB/s);
// PCIe Gen5 128 GB/s. SMs (148) and tensor clock are not in the datasheet: 2.25e15 / (148 SMs x
// 8192 FLOP/clk) = 1.856 GHz, so SFU = 148 x 16 x 1.856 GHz = 4.395e12 op/s (the same time per
// score as the tensor cores at head_dim 128: 512 FLOP / 2.25e15 = 1 / 4.395e12, the exp
// bottleneck FlashAttention-4 was written around).
inline constexpr device_spec b200{
    .id = "b200",
    .name = "NVIDIA B200 (HGX, 1000 W) 180GB",
    .generation = gpu_generation::blackwell,
    .sm_count = 148,
    .bf16_tensor_flops = 2'250 * detail::tera,
    .fp16_tensor_flops = 2'250 * detail::tera,
    .fp8_tensor_flops = 4'500 * detail::tera,
    .tf32_tensor_flops = 1'125 * detail::tera,
    .int8_tensor_flops = 4'500 * detail::tera, // INT8 4.5 POPS dense (HGX B200 datasheet, 9 sparse)
    .fp32_flops = 75 * detail::tera,
    .fp64_flops = 37 * detail::tera,
    .sfu_ops = 4'395'008'000'000,
    .memory_bandwidth = 7'700 * detail::giga,
    .memory_capacity = gib(180),
    .host_link_bandwidth = detail::pcie5_x16,
    .host_link = "PCIe 5.0 x16",
    .interconnect = "nvlink5",
    .network = "ib-ndr",
};

/// Every device, in the order `wanmeter list` shows them.
inline constexpr std::array<device_spec, 11> device_registry{
    {h100_sxm, h800_sxm, h200_sxm, h20, a100_40gb_sxm, a100_80gb_sxm, a800_80gb_sxm, l40s, rtx_4090,
     rtx_5090, b200}};

/// Comma-separated list of the valid device ids.
[[nodiscard]] inline std::string device_ids() { return ids_of(device_registry); }

/// The device with id `id`, or nullptr.
[[nodiscard]] constexpr const device_spec* try_find_device(std::string_view id) {
  return try_find_by_id(device_registry, id);
}

/// The device with id `id`; throws `invalid_input` (knob "device") listing the valid ids otherwise.
[[nodiscard]] inline const device_spec& find_device(std::string_view id) {
  return find_by_id(device_registry, id, "device");
}

} // namespace wanmeter
