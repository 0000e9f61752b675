#pragma once
// The network between nodes as a constexpr spec: technology, NIC line rate, NICs per node, the
// achieved NCCL bandwidth of one NIC and the NCCL latency of one step across it. A run whose
// world size exceeds what one node's fabric connects (hw/interconnect.hpp `max_ranks`) spans
// several nodes joined by one of these; perf/collective.hpp splits each collective into the
// part that stays on the node's fabric and the part that crosses the network.
//
// | field           | unit   | meaning                                                           |
// |-----------------|--------|-------------------------------------------------------------------|
// | line_rate       | byte/s | one NIC, per direction (400 Gb/s = 50 GB/s)                       |
// | nics_per_node   | NICs   | 0: one NIC per GPU (rail-optimised HGX/DGX); n: n NICs shared by  |
// |                 |        | the node's GPUs                                                   |
// | nic_busbw       | byte/s | what NCCL moves through one NIC, large messages (nccl-tests busbw |
// |                 |        | of a ring on 3+ nodes divided by the NICs per node)               |
// | hop_latency_s   | s      | NCCL hwLat of one ring step over the network (Simple protocol)    |
//
// Per GPU, when every GPU of the node sends at once (the SPMD collectives of a Wan run do):
//   network_busbw_per_gpu = nic_busbw x min(1, NICs per node / GPUs per node)
// Worked example: ib-ndr on an 8 x H100 node: one NIC per GPU, 48 GB/s each -> 48 GB/s per GPU;
// eth-100g on the same node: one 12 GB/s NIC for 8 GPUs -> 1.5 GB/s per GPU.
//
// Sources are named above each entry; "[est]" marks an estimate and states its reasoning.
// Lookup: find_network("ib-ndr").nic_busbw == 48'000'000'000;
//         find_network("ib")  ->  throws invalid_input("network", "ib",
//                                 "unknown network id; valid ids: ib-ndr, ...").

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/enum_names.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/registry_lookup.hpp>
#include <wanmeter/hw/device.hpp>

#include <array>
#include <string>
#include <string_view>

namespace wanmeter {

/// The link layer of the network.
enum class network_kind : unsigned char {
  infiniband, ///< InfiniBand (ConnectX, Quantum switches), GPUDirect RDMA
  roce,       ///< RDMA over Converged Ethernet v2
};

inline constexpr enum_names<network_kind, 2> network_kind_names{
    {{{network_kind::infiniband, "infiniband"}, {network_kind::roce, "roce"}}}};

[[nodiscard]] constexpr std::string_view name_of(network_kind k) { return network_kind_names.name(k); }

struct network_spec {
  std::string_view id;   ///< `--network` id, e.g. "ib-ndr"
  std::string_view name; ///< e.g. "InfiniBand NDR 400 Gb/s, one NIC per GPU"
  network_kind kind = network_kind::infiniband;
  count line_rate = 0;     ///< byte/s per direction, one NIC
  count nics_per_node = 0; ///< 0: one NIC per GPU
  count nic_busbw = 0;     ///< byte/s one NIC achieves under NCCL, large messages
  double hop_latency_s = 0;

  friend constexpr bool operator==(const network_spec&, const network_spec&) = default;
};

namespace detail {
inline constexpr count net_gbps = 1'000'000'000ULL; // 1 GB/s in byte/s
// NCCL ring latency of one step over the network, Simple protocol (NVIDIA/nccl
// src/graph/tuning.cc @ 01afd20: hwLat[NET][RING][SIMPLE] = 9.6 us), the same tuner whose
// baseLat 8.4 us and NVLink/PCI hwLat hw/interconnect.hpp uses.
inline constexpr double net_hop_latency_s = 9.6e-6;
} // namespace detail

// InfiniBand NDR, ConnectX-7, 400 Gb/s = 50 GB/s per direction, one NIC per GPU (DGX H100 /
// HGX H100, H200 and B200 nodes: 8 x 400G compute NICs, one per GPU, rail-optimised; HGX H20
// nodes the same: "2 nodes, 16 H20 GPUs, 16 cx7 NICs (IB NDR)", NVIDIA/nccl issue 1244).
// nic_busbw 48: NCCL maintainers, "For NDR @ 400Gbps you should see 46-48GB/s per NIC"
// (NVIDIA/nccl-tests issue 290) and "CX-7 NICs at NDR rate (400Gbps) should achieve up to
// 48-49GB/s per NIC" (nccl-tests issue 267).
inline constexpr network_spec ib_ndr{
    .id = "ib-ndr",
    .name = "InfiniBand NDR 400 Gb/s, one NIC per GPU (DGX/HGX H100, H200, H20, B200)",
    .kind = network_kind::infiniband,
    .line_rate = 50 * detail::net_gbps,
    .nics_per_node = 0,
    .nic_busbw = 48 * detail::net_gbps,
    .hop_latency_s = detail::net_hop_latency_s,
};

// InfiniBand HDR, ConnectX-6, 200 Gb/s = 25 GB/s per direction, one NIC per GPU (DGX A100: 8
// single-port HDR compute NICs). nic_busbw 24: "20GB/s per NIC which is not 24 (what we see
// ourselves in general on perfect setups)" (NCCL maintainer, NVIDIA/nccl-tests issue 160);
// "24GB/s inter-node" for one HDR NIC (NVIDIA/nccl issue 412); a 4-NIC HDR ring at 95 GB/s
// busbw, "~24GB/s per NIC" (nccl-tests issue 252).
inline constexpr network_spec ib_hdr{
    .id = "ib-hdr",
    .name = "InfiniBand HDR 200 Gb/s, one NIC per GPU (DGX/HGX A100, A800)",
    .kind = network_kind::infiniband,
    .line_rate = 25 * detail::net_gbps,
    .nics_per_node = 0,
    .nic_busbw = 24 * detail::net_gbps,
    .hop_latency_s = detail::net_hop_latency_s,
};

// RoCE v2 over 200 GbE, one NIC per GPU (cloud GPU nodes on Ethernet fabrics). nic_busbw 23
// [est]: HDR's 24 at the same 200 Gb/s signalling less RoCE's longer headers (Ethernet with
// preamble and gap, IPv4, UDP, BTH, ICRC: 82 B per 4 KiB MTU against IB's 26 B, -1.4%), rounded
// down. Latency [est]: the NET constant of NCCL's tuner, which does not tell IB from RoCE.
inline constexpr network_spec roce_200g{
    .id = "roce-200g",
    .name = "RoCE v2 200 GbE, one NIC per GPU",
    .kind = network_kind::roce,
    .line_rate = 25 * detail::net_gbps,
    .nics_per_node = 0,
    .nic_busbw = 23 * detail::net_gbps,
    .hop_latency_s = detail::net_hop_latency_s,
};

// One RoCE v2 100 GbE NIC per node, shared by its GPUs (workstation and PCIe-card clusters).
// nic_busbw 12 [est]: HDR's 24 x 100/200. A measured lower figure: 8 x 100G RoCE per A100
// node reached 600 Gb/s = 75 GB/s, 9.4 GB/s per NIC, which the NCCL maintainers called "a bit
// low" (NVIDIA/nccl issue 495).
inline constexpr network_spec eth_100g{
    .id = "eth-100g",
    .name = "RoCE v2 100 GbE, one NIC per node",
    .kind = network_kind::roce,
    .line_rate = 12'500'000'000ULL,
    .nics_per_node = 1,
    .nic_busbw = 12 * detail::net_gbps,
    .hop_latency_s = detail::net_hop_latency_s,
};

/// Every network, in the order `wanmeter list` shows them.
inline constexpr std::array<network_spec, 4> network_registry{{ib_ndr, ib_hdr, roce_200g, eth_100g}};

/// Comma-separated list of the valid network ids.
[[nodiscard]] inline std::string network_ids() { return ids_of(network_registry); }

/// The network with id `id`, or nullptr.
[[nodiscard]] constexpr const network_spec* try_find_network(std::string_view id) {
  return try_find_by_id(network_registry, id);
}

/// The network with id `id`; throws `invalid_input` (knob "network") listing the valid ids.
[[nodiscard]] inline const network_spec& find_network(std::string_view id) {
  return find_by_id(network_registry, id, "network");
}

/// The network a cluster of `d` has unless `--network` says otherwise (`device_spec::network`),
/// or nullptr where the device has none (the PCIe cards: multi-node runs need `--network`).
[[nodiscard]] constexpr const network_spec* default_network(const device_spec& d) {
  return d.network.empty() ? nullptr : try_find_network(d.network);
}

/// What one GPU of a node of `gpus_per_node` gets of the network when all of them send at once
/// (byte/s): nic_busbw x min(1, NICs / GPUs). ib-ndr, 8 GPUs: 48e9; eth-100g, 8 GPUs: 1.5e9.
[[nodiscard]] constexpr double network_busbw_per_gpu(const network_spec& n, count gpus_per_node) {
  const double busbw = static_cast<double>(n.nic_busbw);
  if (n.nics_per_node == 0 || n.nics_per_node >= gpus_per_node) return busbw;
  return busbw * static_cast<double>(n.nics_per_node) / static_cast<double>(gpus_per_node);
}

/// The line rate one GPU gets of the network (byte/s), the same share as `network_busbw_per_gpu`.
[[nodiscard]] constexpr double network_line_rate_per_gpu(const network_spec& n, count gpus_per_node) {
  const double line = static_cast<double>(n.line_rate);
  if (n.nics_per_node == 0 || n.nics_per_node >= gpus_per_node) return line;
  return line * static_cast<double>(n.nics_per_node) / static_cast<double>(gpus_per_node);
}

} // namespace wanmeter
