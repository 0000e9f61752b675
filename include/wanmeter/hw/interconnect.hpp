#pragma once
// The GPU-to-GPU interconnect of a node as a constexpr spec: link kind and generation, line rate,
// peer-to-peer, the achieved NCCL bus bandwidth as a function of message size, and the NCCL
// ring latency. perf/collective.hpp turns these into the time of one collective.
//
// | field                  | unit   | meaning                                                      |
// |------------------------|--------|--------------------------------------------------------------|
// | line_rate              | byte/s | one GPU's link bandwidth, per direction (NVLink: all links)  |
// | peer_to_peer           |        | false: the driver refuses P2P, NCCL stages through host SHM  |
// | in_switch_reduction    |        | NVLink SHARP (NCCL's NVLS all-reduce algorithm)              |
// | max_ranks              | GPUs   | GPUs one such fabric connects (one HGX board, one PCIe box)  |
// | busbw                  | byte/s | large-message bus bandwidth of all-gather, reduce-scatter,   |
// |                        |        | all-to-all, send/recv and ring all-reduce (nccl-tests busbw) |
// | all_reduce_busbw       | byte/s | large-message all-reduce busbw (NVLS where the switch has it)|
// | curve                  | 1      | fraction of the asymptote reached at a given message size    |
// | base/hop_latency_s     | s      | NCCL ring alpha = base + nsteps x hop (Simple protocol)      |
// | uplink_rate            | byte/s | per direction, a PCIe switch's uplink to the CPU that the    |
// |                        |        | host-staged traffic of `gpus_per_uplink` GPUs shares; 0: none|
//
// Bus bandwidth is the nccl-tests figure (NVIDIA/nccl-tests doc/PERFORMANCE.md): for a
// collective of nccl-tests "size" S, t = S x factor / busbw, factor = (n-1)/n for all-gather,
// reduce-scatter and all-to-all, 2(n-1)/n for all-reduce, 1 for send/recv. It is a
// unidirectional figure that "should reflect the speed of the hardware bottleneck".
//
// Achieved bus bandwidth at size S (the nccl-tests size: the all-gather's gathered buffer, the
// all-to-all's or all-reduce's buffer, the send/recv message):
//   busbw(S) = busbw x curve(S), curve piecewise linear in log2(S) between published points,
//   flat below the first point and 1 from the last point (8 GiB) on.
// Without peer-to-peer behind a PCIe switch, every byte a GPU sends goes up the switch's uplink to
// host memory and every byte it receives comes down it, so the k GPUs of a group behind one
// uplink (k = min(group size, gpus_per_uplink); groups are contiguous) share it:
//   busbw(S, ranks) = min(busbw(S), uplink_rate / k)            (uplink_share)
// Worked example, pcie4-no-p2p-switch, the 1.3B ring-8 K/V hop (12,579,840 B): min(15, 24 / 4)
// = 6 GB/s, 2.097 ms a hop instead of 0.839 ms; 2 GPUs: min(15, 12) = 12 GB/s.
// Worked example, nvlink4 (HGX H100/H200/H20), S = 96,768,000 B (the 14B 720p Ulysses p=8
// all-to-all buffer): log2(S) = 26.52802, between 2^26 (368.11 of 479.98 GB/s) and 2^27 (412.45):
// (368.11 + 0.52802 x 44.34) / 479.98 = 0.815705 -> 360 x 0.815705 = 293.65 GB/s.
//
// Latency (NVIDIA/nccl src/graph/tuning.cc, 2.7-era tuner, ring, Simple protocol):
//   alpha = baseLat 8.4 us + nsteps x hwLat, hwLat NVLink 3.4 us, PCI 5.7 us (NCCL uses the PCI
//   figure for any non-NVLink intra-node path, SHM included). nsteps per collective in
//   perf/collective.hpp. Example: 8-GPU NVLink ring all-gather 8.4 + 7 x 3.4 = 32.2 us.
//
// Sources are named above each entry; "[est]" marks an estimate and states its reasoning.
// Lookup: find_interconnect("nvlink4").busbw == 360'000'000'000;
//         find_interconnect("nvl")  ->  throws invalid_input("interconnect", "nvl",
//                                       "unknown interconnect id; valid ids: nvlink4, ...").

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/enum_names.hpp>
#include <wanmeter/core/registry_lookup.hpp>
#include <wanmeter/hw/device.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace wanmeter {

/// How the GPUs of a node reach each other.
enum class link_kind : unsigned char {
  nvswitch,      ///< every GPU's NVLinks into NVSwitches: all-to-all at full link rate (HGX)
  nvlink_bridge, ///< NVLink bridge between a pair of PCIe cards
  pcie,          ///< PCIe only (switches / root complexes, possibly through host memory)
};

inline constexpr enum_names<link_kind, 3> link_kind_names{{{{link_kind::nvswitch, "nvswitch"},
                                                            {link_kind::nvlink_bridge, "nvlink_bridge"},
                                                            {link_kind::pcie, "pcie"}}}};

[[nodiscard]] constexpr std::string_view name_of(link_kind k) { return link_kind_names.name(k); }

/// One point of a size curve: at `message_bytes` the bus bandwidth is `fraction` of its asymptote.
struct busbw_point {
  count message_bytes = 0;
  double fraction = 0;

  friend constexpr bool operator==(const busbw_point&, const busbw_point&) = default;
};

inline constexpr std::size_t busbw_curve_points = 12;

/// Achieved fraction of the asymptotic bus bandwidth against message size; sizes increase.
struct busbw_curve {
  std::string_view source;
  std::array<busbw_point, busbw_curve_points> points{};

  friend constexpr bool operator==(const busbw_curve&, const busbw_curve&) = default;
};

struct interconnect_spec {
  std::string_view id;   ///< `--interconnect` id, e.g. "nvlink4"
  std::string_view name; ///< e.g. "NVLink 4 + NVSwitch (HGX H100 / H200 / H20)"
  link_kind kind = link_kind::nvswitch;
  unsigned generation = 0;          ///< NVLink 3/4/5 for NVLink kinds, PCIe 4/5 for pcie
  count line_rate = 0;              ///< byte/s per direction per GPU
  bool peer_to_peer = true;         ///< false: staged through host memory
  bool in_switch_reduction = false; ///< NVLink SHARP (NVLS) all-reduce
  count max_ranks = 8;              ///< GPUs one such fabric connects
  count busbw = 0;                  ///< byte/s, large messages, AG/RS/A2A/send-recv/ring AR
  count all_reduce_busbw = 0;       ///< byte/s, large messages, all-reduce
  busbw_curve curve{};
  double base_latency_s = 0;        ///< NCCL ring baseLat, Simple protocol
  double hop_latency_s = 0;         ///< NCCL ring hwLat per step, Simple protocol
  count uplink_rate = 0;            ///< byte/s per direction of a shared switch uplink; 0: none
  count gpus_per_uplink = 0;        ///< GPUs behind one such uplink

  friend constexpr bool operator==(const interconnect_spec&, const interconnect_spec&) = default;
};

namespace detail {

/// log2(n) for n > 0, in constant evaluation: n = m 2^e with m in [1, 2), e = bit_width(n) - 1,
/// ln m = 2 atanh(z), z = (m - 1)/(m + 1) < 1/3 (20 odd terms: error below 1e-19).
[[nodiscard]] constexpr double log2_of(count n) {
  const int e = std::bit_width(n) - 1;
  const double m = static_cast<double>(n) / static_cast<double>(count{1} << e);
  const double z = (m - 1) / (m + 1);
  const double z2 = z * z;
  double term = z;
  double atanh = 0;
  for (int k = 1; k < 40; k += 2) {
    atanh += term / k;
    term *= z2;
  }
  constexpr double ln2 = 0.693147180559945309417232121458176568;
  return e + 2 * atanh / ln2;
}

/// A published nccl-tests row: `busbw_gbs` at 2^log2_bytes, as a fraction of `asymptote_gbs`.
[[nodiscard]] constexpr busbw_point nccl_tests_row(unsigned log2_bytes, double busbw_gbs, double asymptote_gbs) {
  return {.message_bytes = count{1} << log2_bytes, .fraction = busbw_gbs / asymptote_gbs};
}

inline constexpr count gbps = 1'000'000'000ULL; // 1 GB/s in byte/s

// NCCL ring latencies, Simple protocol (NVIDIA/nccl src/graph/tuning.cc @ 01afd20:
// baseLat[RING][SIMPLE] = 8.4 us; hwLat[NVLINK][RING][SIMPLE] = 3.4 us; hwLat[PCI][RING][SIMPLE]
// = 5.7 us). The constants are the form of the model rather than today's NCCL values.
inline constexpr double ring_base_latency_s = 8.4e-6;
inline constexpr double nvlink_hop_latency_s = 3.4e-6;
inline constexpr double pci_hop_latency_s = 5.7e-6;

} // namespace detail

// --- Size curves ---------------------------------------------------------------------------
// Azure/AI-benchmarking-guide, Azure_Results/ND_H200_v5_results.md (8 x H200, NCCL 2.20.5,
// all_reduce_perf NVLS, in place; sizes are powers of two, "1M" = 2^20): busbw GB/s
// 52.96, 88.78, 138.44, 181.94, 240.41, 300.91, 368.11, 412.45, 432.24, 442.72, 467.58 at
// 2^20 ... 2^30, 479.98 at 2^33. Stored as fractions of the 8 GiB figure.
// [est] for anything but NVLS all-reduce on NVLink 4: no alltoall_perf / all_gather_perf size
// table for H100 was retrievable, so the other collectives and NVLink generations reuse this
// shape (the recommendation of the reference model: a size-dependent busbw rather than the
// asymptote). The published busbw includes that measurement's own latency, so adding alpha on
// top (perf/collective.hpp) counts latency twice for small messages: +12% at the 96.8 MB Ulysses
// buffer of 14B 720p p=8, less than 5% from 2^28 on. Conservative on purpose; see
// docs/interconnects.md.
inline constexpr busbw_curve hgx_h200_nvls_curve{
    .source = "Azure/AI-benchmarking-guide ND_H200_v5_results.md, 8xH200 all_reduce_perf NVLS",
    .points = {{detail::nccl_tests_row(20, 52.96, 479.98), detail::nccl_tests_row(21, 88.78, 479.98),
                detail::nccl_tests_row(22, 138.44, 479.98), detail::nccl_tests_row(23, 181.94, 479.98),
                detail::nccl_tests_row(24, 240.41, 479.98), detail::nccl_tests_row(25, 300.91, 479.98),
                detail::nccl_tests_row(26, 368.11, 479.98), detail::nccl_tests_row(27, 412.45, 479.98),
                detail::nccl_tests_row(28, 432.24, 479.98), detail::nccl_tests_row(29, 442.72, 479.98),
                detail::nccl_tests_row(30, 467.58, 479.98), detail::nccl_tests_row(33, 479.98, 479.98)}}};

// Azure/AI-benchmarking-guide, Azure_Results/ND_A100_v4_results.md (8 x A100 SXM4 80GB, NCCL
// 2.18.5, all_reduce_perf in place; the file says "NVLS" but the A100 has none, so this is
// ring/tree): busbw GB/s 36.22, 53.54, 71.43, 89.99, 109.22, 132.77, 166.63, 174.18, 213.87,
// 221.58, 228.10 at 2^20 ... 2^30, 231.58 at 2^33. [est] for other collectives and the A800.
inline constexpr busbw_curve hgx_a100_curve{
    .source = "Azure/AI-benchmarking-guide ND_A100_v4_results.md, 8xA100 all_reduce_perf",
    .points = {{detail::nccl_tests_row(20, 36.22, 231.58), detail::nccl_tests_row(21, 53.54, 231.58),
                detail::nccl_tests_row(22, 71.43, 231.58), detail::nccl_tests_row(23, 89.99, 231.58),
                detail::nccl_tests_row(24, 109.22, 231.58), detail::nccl_tests_row(25, 132.77, 231.58),
                detail::nccl_tests_row(26, 166.63, 231.58), detail::nccl_tests_row(27, 174.18, 231.58),
                detail::nccl_tests_row(28, 213.87, 231.58), detail::nccl_tests_row(29, 221.58, 231.58),
                detail::nccl_tests_row(30, 228.10, 231.58), detail::nccl_tests_row(33, 231.58, 231.58)}}};

// [est] PCIe: flat. At 15-40 GB/s the latency term alone already gives the ramp: half the
// asymptote is reached where alpha x busbw = 40 us x 28 GB/s = 1.1 MB, below every Wan
// collective but the tiny ones, and the one published PCIe table (8 x RTX 5090, NVIDIA/nccl
// issue 1639, 1 GiB to 8 GiB) is flat at 28 GB/s.
inline constexpr busbw_curve flat_curve{
    .source = "[est] flat: PCIe reaches its asymptote near 1 MB",
    .points = {{detail::nccl_tests_row(20, 1, 1), detail::nccl_tests_row(21, 1, 1), detail::nccl_tests_row(22, 1, 1),
                detail::nccl_tests_row(23, 1, 1), detail::nccl_tests_row(24, 1, 1), detail::nccl_tests_row(25, 1, 1),
                detail::nccl_tests_row(26, 1, 1), detail::nccl_tests_row(27, 1, 1), detail::nccl_tests_row(28, 1, 1),
                detail::nccl_tests_row(29, 1, 1), detail::nccl_tests_row(30, 1, 1), detail::nccl_tests_row(33, 1, 1)}}};

// --- NVLink + NVSwitch ---------------------------------------------------------------------
// NVLink 4 (HGX H100 / H200; the H20 has the same 900 GB/s NVLink, H20 product brief):
// 18 links x 25 GB/s = 450 GB/s per direction (H100 datasheet: "NVLink 900GB/s", both ways).
// busbw 360: all-gather and all-reduce of 128 MB - 16 GB on 8 x H100 SXM reach ~360 GB/s,
// "exactly what we'd expect on H100" (NVIDIA/nccl-tests issue 326); the NCCL maintainer puts the
// effective NVLink bandwidth seen as busbw in non-all-reduce collectives at ~370 (nccl-tests
// issue 212). Unidirectional P2P writes measure 371-377 GB/s (NVIDIA/nccl issue 1264).
// all_reduce_busbw 480: NVLS all-reduce on 8 x H100 (nccl-tests issue 212, ~480), 8 x H200
// 479.98 at 8 GiB (Azure ND H200 v5 table above), 475 (nccl-tests issue 272).
inline constexpr interconnect_spec nvlink4{
    .id = "nvlink4",
    .name = "NVLink 4 + NVSwitch, 450 GB/s per direction (HGX H100 / H200, H20)",
    .kind = link_kind::nvswitch,
    .generation = 4,
    .line_rate = 450 * detail::gbps,
    .peer_to_peer = true,
    .in_switch_reduction = true,
    .max_ranks = 8,
    .busbw = 360 * detail::gbps,
    .all_reduce_busbw = 480 * detail::gbps,
    .curve = hgx_h200_nvls_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::nvlink_hop_latency_s,
};

// H800 SXM5 (H800 datasheet: "NVLink 400GB/s", both ways): 200 GB/s per direction, 8 links.
// all_reduce_busbw 215: NVLS all-reduce on 8 x H800 (NVIDIA/nccl issue 1374).
// busbw 160 [est]: H100's 360 x 200/450. The measured NVLS ratio 215/480 = 0.448 matches the
// line-rate ratio 200/450 = 0.444, so the links, not the switch, set it.
inline constexpr interconnect_spec nvlink4_h800{
    .id = "nvlink4-h800",
    .name = "NVLink 4 + NVSwitch, reduced to 200 GB/s per direction (HGX H800)",
    .kind = link_kind::nvswitch,
    .generation = 4,
    .line_rate = 200 * detail::gbps,
    .peer_to_peer = true,
    .in_switch_reduction = true,
    .max_ranks = 8,
    .busbw = 160 * detail::gbps,
    .all_reduce_busbw = 215 * detail::gbps,
    .curve = hgx_h200_nvls_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::nvlink_hop_latency_s,
};

// NVLink 3 (HGX A100, A100 datasheet "NVLink 600GB/s" both ways): 12 links x 25 GB/s = 300 GB/s
// per direction. busbw 230: 8 x A100 all-reduce 231.58 GB/s at 8 GiB (Azure ND A100 v4 table
// above); NCCL's tuner caps A100 busbw at 235 (tuning.cc); 220 after re-enabling P2P
// (nccl-tests issue 228). No NVLS on Ampere (maintainer, nccl-tests issue 228), so all-reduce
// runs at the ring figure.
inline constexpr interconnect_spec nvlink3{
    .id = "nvlink3",
    .name = "NVLink 3 + NVSwitch, 300 GB/s per direction (HGX A100)",
    .kind = link_kind::nvswitch,
    .generation = 3,
    .line_rate = 300 * detail::gbps,
    .peer_to_peer = true,
    .in_switch_reduction = false,
    .max_ranks = 8,
    .busbw = 230 * detail::gbps,
    .all_reduce_busbw = 230 * detail::gbps,
    .curve = hgx_a100_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::nvlink_hop_latency_s,
};

// A800 SXM4 (A800 datasheet: "NVLink 400GB/s", both ways): 8 links x 25 GB/s = 200 GB/s per
// direction. busbw 153 [est]: no public nccl-tests figure; A100's 230 x 200/300 = 153.3.
inline constexpr interconnect_spec nvlink3_a800{
    .id = "nvlink3-a800",
    .name = "NVLink 3 + NVSwitch, reduced to 200 GB/s per direction (HGX A800)",
    .kind = link_kind::nvswitch,
    .generation = 3,
    .line_rate = 200 * detail::gbps,
    .peer_to_peer = true,
    .in_switch_reduction = false,
    .max_ranks = 8,
    .busbw = 153 * detail::gbps,
    .all_reduce_busbw = 153 * detail::gbps,
    .curve = hgx_a100_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::nvlink_hop_latency_s,
};

// NVLink 5 (HGX B200 datasheet: "NVLink 1.8TB/s" per GPU, both ways): 18 links x 50 GB/s =
// 900 GB/s per direction. busbw 720 [est]: Hopper's busbw / line rate 360/450 = 0.8 applied to
// 900; all_reduce_busbw 960 [est]: Hopper's NVLS 480 x 900/450. No public HGX B200 nccl-tests
// table was found. Same latency constants [est].
inline constexpr interconnect_spec nvlink5{
    .id = "nvlink5",
    .name = "NVLink 5 + NVSwitch, 900 GB/s per direction (HGX B200)",
    .kind = link_kind::nvswitch,
    .generation = 5,
    .line_rate = 900 * detail::gbps,
    .peer_to_peer = true,
    .in_switch_reduction = true,
    .max_ranks = 8,
    .busbw = 720 * detail::gbps,
    .all_reduce_busbw = 960 * detail::gbps,
    .curve = hgx_h200_nvls_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::nvlink_hop_latency_s,
};

// --- NVLink bridge -------------------------------------------------------------------------
// A pair of H100 PCIe cards joined by NVLink bridges (H100 PCIe datasheet: "NVLink 600GB/s",
// both ways): 300 GB/s per direction, two GPUs. busbw 116: all-reduce on 2 x H100 PCIe with the
// bridge (NVIDIA/nccl-tests issue 194; at n = 2 the all-reduce factor is 1, busbw = algbw).
// Shape [est]: the H200 curve.
inline constexpr interconnect_spec h100_pcie_nvlink_bridge{
    .id = "h100-pcie-nvlink-bridge",
    .name = "NVLink 4 bridge between two H100 PCIe cards, 300 GB/s per direction",
    .kind = link_kind::nvlink_bridge,
    .generation = 4,
    .line_rate = 300 * detail::gbps,
    .peer_to_peer = true,
    .in_switch_reduction = false,
    .max_ranks = 2,
    .busbw = 116 * detail::gbps,
    .all_reduce_busbw = 116 * detail::gbps,
    .curve = hgx_h200_nvls_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::nvlink_hop_latency_s,
};

// --- PCIe ----------------------------------------------------------------------------------
// Line rates as hw/devices.hpp counts them: Gen4 x16 = 16 GT/s x 16 lanes / 8 = 32 GB/s per
// direction, Gen5 64 GB/s. All busbw figures are for 8 GPUs; fewer GPUs usually do better
// (8 x RTX 5090: 28, 4 x: 35, NVIDIA/nccl issue 1639).
//
// PCIe 4.0 with P2P (datacenter cards: L40S, A40, A100 PCIe). busbw 20 [est]: 8 x A40 with P2P
// measure 39-50 GB/s bidirectional between pairs, 39-41 across sockets (NVIDIA/nccl-tests issue
// 74, p2pBandwidthLatencyTest), i.e. 20-25 per direction; a ring runs at its slowest hop.
// Assumption: the stock driver allows P2P on the L40S (NVIDIA withholds it on GeForce only); the
// reference has no L40S measurement. Its flat curve and PCI latency: see flat_curve.
inline constexpr interconnect_spec pcie4{
    .id = "pcie4",
    .name = "PCIe 4.0 x16 with peer-to-peer, 32 GB/s per direction",
    .kind = link_kind::pcie,
    .generation = 4,
    .line_rate = 32 * detail::gbps,
    .peer_to_peer = true,
    .in_switch_reduction = false,
    .max_ranks = 8,
    .busbw = 20 * detail::gbps,
    .all_reduce_busbw = 20 * detail::gbps,
    .curve = flat_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::pci_hop_latency_s,
};

// PCIe 5.0 with P2P (H100 PCIe without bridges, RTX PRO cards). busbw 40 [est]: pcie4's 20 x 2
// (twice the line rate); no 8-GPU Gen5 P2P table was found.
inline constexpr interconnect_spec pcie5{
    .id = "pcie5",
    .name = "PCIe 5.0 x16 with peer-to-peer, 64 GB/s per direction",
    .kind = link_kind::pcie,
    .generation = 5,
    .line_rate = 64 * detail::gbps,
    .peer_to_peer = true,
    .in_switch_reduction = false,
    .max_ranks = 8,
    .busbw = 40 * detail::gbps,
    .all_reduce_busbw = 40 * detail::gbps,
    .curve = flat_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::pci_hop_latency_s,
};

// PCIe 4.0 without P2P (GeForce RTX 4090: the stock driver refuses P2P, so NCCL copies every
// message device -> pinned host memory -> device). busbw 15 [est]: bounded by "the bandwidth
// your CPU and memory can deliver" (NCCL maintainer, NVIDIA/nccl issue 1639); the Gen5 no-P2P
// figure 28 (below) halved is 14; the reference's estimate for 8 GPUs is 10-30, its table uses 15.
// Measured floor: an 8-byte all-reduce on 8 x RTX 4090 takes 42 us (NVIDIA/nccl issue 1530),
// between the LL (17.6 us) and Simple (88.2 us) forms of the tuner.
inline constexpr interconnect_spec pcie4_no_p2p{
    .id = "pcie4-no-p2p",
    .name = "PCIe 4.0 x16 without peer-to-peer (through host memory), 32 GB/s per direction",
    .kind = link_kind::pcie,
    .generation = 4,
    .line_rate = 32 * detail::gbps,
    .peer_to_peer = false,
    .in_switch_reduction = false,
    .max_ranks = 8,
    .busbw = 15 * detail::gbps,
    .all_reduce_busbw = 15 * detail::gbps,
    .curve = flat_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::pci_hop_latency_s,
};

// PCIe 4.0 without P2P, four GPUs behind each PCIe switch (two switches, one per CPU socket): the
// one 8 x RTX 4090 server whose NCCL topology is published (NVIDIA/nccl-tests issue 307: four
// GPUs on consecutive buses under one PCI node per CPU, linked to it at 24 GB/s in NCCL's units;
// with P2P refused NCCL routes every GPU pair through the CPU, `PHB` in 4 hops, and pairs across
// the sockets at 10 GB/s, `SYS`). So the host-staged bytes of a switch's four GPUs share its one
// uplink: 24 / 4 = 6 GB/s each when four run a collective, 12 when two do (the `uplink_share`
// rule, top of this file). The inter-socket path is not a separate term [est]. Other 8 x 4090 servers give each GPU its own root port (one GPU per PCIe
// bus in NVIDIA/nccl issue 1530 and nccl-tests issues 269/270): that is `pcie4-no-p2p`, the
// RTX 4090's default, since which kind a box is cannot be told from the GPU.
inline constexpr interconnect_spec pcie4_no_p2p_switch = [] {
  interconnect_spec s = pcie4_no_p2p; // the same link, busbw and latency, plus the shared uplink
  s.id = "pcie4-no-p2p-switch";
  s.name = "PCIe 4.0 x16 without peer-to-peer, 4 GPUs per PCIe switch uplink (24 GB/s shared)";
  s.uplink_rate = 24 * detail::gbps;
  s.gpus_per_uplink = 4;
  return s;
}();

// PCIe 5.0 without P2P (GeForce RTX 5090). busbw 28: all-reduce on 8 x RTX 5090, 1 - 8 GiB
// (NVIDIA/nccl issue 1639; 35 on 4 GPUs; "little difference compared to 8 x RTX 4090").
// Used for the other collectives as well [est].
inline constexpr interconnect_spec pcie5_no_p2p{
    .id = "pcie5-no-p2p",
    .name = "PCIe 5.0 x16 without peer-to-peer (through host memory), 64 GB/s per direction",
    .kind = link_kind::pcie,
    .generation = 5,
    .line_rate = 64 * detail::gbps,
    .peer_to_peer = false,
    .in_switch_reduction = false,
    .max_ranks = 8,
    .busbw = 28 * detail::gbps,
    .all_reduce_busbw = 28 * detail::gbps,
    .curve = flat_curve,
    .base_latency_s = detail::ring_base_latency_s,
    .hop_latency_s = detail::pci_hop_latency_s,
};

/// Every interconnect, in the order `wanmeter list` shows them.
inline constexpr std::array<interconnect_spec, 11> interconnect_registry{
    {nvlink4, nvlink4_h800, nvlink3, nvlink3_a800, nvlink5, h100_pcie_nvlink_bridge, pcie4, pcie5,
     pcie4_no_p2p, pcie4_no_p2p_switch, pcie5_no_p2p}};

/// Comma-separated list of the valid interconnect ids.
[[nodiscard]] inline std::string interconnect_ids() { return ids_of(interconnect_registry); }

/// The interconnect with id `id`, or nullptr.
[[nodiscard]] constexpr const interconnect_spec* try_find_interconnect(std::string_view id) {
  return try_find_by_id(interconnect_registry, id);
}

/// The interconnect with id `id`; throws `invalid_input` (knob "interconnect") listing the valid
/// ids otherwise.
[[nodiscard]] inline const interconnect_spec& find_interconnect(std::string_view id) {
  return find_by_id(interconnect_registry, id, "interconnect");
}

/// The interconnect a node of `d` has unless `--interconnect` says otherwise
/// (`device_spec::interconnect`; every registered device names a registered interconnect, which
/// test/static/interconnect.cpp checks).
[[nodiscard]] inline const interconnect_spec& default_interconnect(const device_spec& d) {
  return find_interconnect(d.interconnect);
}

/// Fraction of the asymptotic busbw reached at nccl-tests size `message_bytes`: linear in
/// log2(size) between the curve's points, the first point's fraction below it, the last's above.
[[nodiscard]] constexpr double busbw_fraction_at(const busbw_curve& c, count message_bytes) {
  const auto& p = c.points;
  if (message_bytes <= p.front().message_bytes) return p.front().fraction;
  for (std::size_t i = 1; i < p.size(); ++i) {
    if (message_bytes <= p[i].message_bytes) {
      const double x0 = detail::log2_of(p[i - 1].message_bytes);
      const double x1 = detail::log2_of(p[i].message_bytes);
      const double x = detail::log2_of(message_bytes);
      return p[i - 1].fraction + (p[i].fraction - p[i - 1].fraction) * (x - x0) / (x1 - x0);
    }
  }
  return p.back().fraction;
}

/// Achieved busbw (byte/s) of all-gather, reduce-scatter, all-to-all and send/recv at nccl-tests
/// size `message_bytes`. nvlink4 at 96,768,000 B: 293.65e9 (worked example at the top).
[[nodiscard]] constexpr double busbw_at(const interconnect_spec& ic, count message_bytes) {
  return static_cast<double>(ic.busbw) * busbw_fraction_at(ic.curve, message_bytes);
}

/// Achieved all-reduce busbw (byte/s) at buffer size `message_bytes`.
[[nodiscard]] constexpr double all_reduce_busbw_at(const interconnect_spec& ic, count message_bytes) {
  return static_cast<double>(ic.all_reduce_busbw) * busbw_fraction_at(ic.curve, message_bytes);
}

/// Each GPU's share (byte/s) of its switch uplink when `ranks` GPUs of a group stage their traffic
/// through it: uplink_rate / min(ranks, gpus_per_uplink); no cap (infinity) where there is no
/// shared uplink. pcie4-no-p2p-switch: 8 ranks 6e9, 2 ranks 12e9.
[[nodiscard]] constexpr double uplink_share(const interconnect_spec& ic, count ranks) {
  if (ic.uplink_rate == 0 || ic.gpus_per_uplink == 0 || ranks == 0) return std::numeric_limits<double>::infinity();
  const count sharing = ranks < ic.gpus_per_uplink ? ranks : ic.gpus_per_uplink;
  return static_cast<double>(ic.uplink_rate) / static_cast<double>(sharing);
}

/// `busbw` (byte/s) capped by the uplink share of `ranks` GPUs (uplink_share).
[[nodiscard]] constexpr double shared_busbw(const interconnect_spec& ic, count ranks, double busbw) {
  const double share = uplink_share(ic, ranks);
  return share < busbw ? share : busbw;
}

/// NCCL ring latency of a collective of `nsteps` steps: baseLat + nsteps x hwLat (seconds).
[[nodiscard]] constexpr double ring_alpha_s(const interconnect_spec& ic, count nsteps) {
  return ic.base_latency_s + static_cast<double>(nsteps) * ic.hop_latency_s;
}

} // namespace wanmeter
