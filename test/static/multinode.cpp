// Static tier: the networks between nodes (hw/network.hpp) against their sources, and the time of
// collectives whose group spans nodes (perf/collective.hpp, "Across nodes"). Every expected value
// is derived by hand in the comment (the arithmetic checked with a calculator).
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/hw/network.hpp>
#include <wanmeter/perf/collective.hpp>

namespace {
using namespace wanmeter;

constexpr count G = 1'000'000'000ULL; // 1 GB/s in byte/s

constexpr bool near(double a, double b, double rel) {
  const double d = a > b ? a - b : b - a;
  return d <= rel * (b < 0 ? -b : b);
}

// --- Networks (sources in hw/network.hpp) -----------------------------------------------------
static_assert(ib_ndr.line_rate == 50 * G);                // 400 Gb/s / 8
static_assert(ib_ndr.nic_busbw == 48 * G);                // nccl-tests#290 "46-48GB/s per NIC", #267 "48-49"
static_assert(ib_hdr.line_rate == 25 * G && ib_hdr.nic_busbw == 24 * G); // 200 Gb/s; nccl-tests#160, nccl#412
static_assert(eth_100g.line_rate == 12'500'000'000ULL && eth_100g.nics_per_node == 1);
static_assert(ib_ndr.nics_per_node == 0 && ib_hdr.nics_per_node == 0 && roce_200g.nics_per_node == 0);
static_assert(ib_ndr.hop_latency_s == 9.6e-6);            // NCCL tuning.cc hwLat[NET][RING][SIMPLE]
static_assert(name_of(network_kind::roce) == "roce" && name_of(ib_ndr.kind) == "infiniband");
static_assert(try_find_network("ib-ndr") == &network_registry[0] && try_find_network("ib") == nullptr);
// Achieved below the line rate, each one.
constexpr bool networks_sane() {
  for (const auto& n : network_registry)
    if (n.nic_busbw == 0 || n.nic_busbw >= n.line_rate || n.hop_latency_s <= 0) return false;
  return true;
}
static_assert(networks_sane());

// Per GPU on an 8-GPU node: one NIC each -> the NIC's 48 GB/s; one 100 GbE NIC for 8 GPUs ->
// 12 / 8 = 1.5 GB/s (line 12.5 / 8 = 1.5625).
static_assert(network_busbw_per_gpu(ib_ndr, 8) == 48e9);
static_assert(network_busbw_per_gpu(eth_100g, 8) == 1.5e9 && network_line_rate_per_gpu(eth_100g, 8) == 1.5625e9);
static_assert(network_busbw_per_gpu(eth_100g, 1) == 12e9);

// Device defaults: NDR on Hopper and Blackwell HGX, HDR on Ampere HGX, none on the PCIe cards.
static_assert(default_network(h100_sxm) == &network_registry[0] && default_network(h800_sxm) == &network_registry[0]);
static_assert(default_network(h200_sxm) == &network_registry[0] && default_network(h20) == &network_registry[0]);
static_assert(default_network(b200) == &network_registry[0]);
static_assert(default_network(a100_80gb_sxm) == &network_registry[1] && default_network(a800_80gb_sxm) == &network_registry[1]);
static_assert(default_network(rtx_4090) == nullptr && default_network(rtx_5090) == nullptr && default_network(l40s) == nullptr);
// Every device names a registered network or none.
constexpr bool device_networks_known() {
  for (const auto& d : device_registry)
    if (!d.network.empty() && try_find_network(d.network) == nullptr) return false;
  return true;
}
static_assert(device_networks_known());

// --- Placement of a group on 2 nodes of 8 ---------------------------------------------------------
constexpr cluster_spec two_h100_nodes{.intra = &nvlink4, .network = &ib_ndr, .gpus_per_node = 8, .nodes = 2};
constexpr cluster_spec one_h100_node{.intra = &nvlink4, .network = nullptr, .gpus_per_node = 8, .nodes = 1};
// Ulysses 8 (contiguous): one node. Ring 2 strided by 8: one member on each of 2 nodes. The
// whole world of 16: 8 on each of 2. Ring 4 strided by 4 (Ulysses 4 x ring 4): ranks 0, 4, 8, 12
// -> 2 per node on 2 nodes. A CFG pair strided by 8: 1 per node.
static_assert(placement_of({.size = 8, .stride = 1}, two_h100_nodes).nodes == 1);
static_assert(placement_of({.size = 2, .stride = 8}, two_h100_nodes).per_node == 1 &&
              placement_of({.size = 2, .stride = 8}, two_h100_nodes).nodes == 2);
static_assert(placement_of({.size = 16, .stride = 1}, two_h100_nodes).per_node == 8 &&
              placement_of({.size = 16, .stride = 1}, two_h100_nodes).nodes == 2);
static_assert(placement_of({.size = 4, .stride = 4}, two_h100_nodes).per_node == 2 &&
              placement_of({.size = 4, .stride = 4}, two_h100_nodes).nodes == 2);
static_assert(placement_of({.size = 8, .stride = 1}, one_h100_node).nodes == 1);

// --- Wan2.1 T2V-14B 1280x720x81, Ulysses 8 x ring 2 on 16 H100s (2 nodes, ib-ndr) ----------------
// L = 21 x 45 x 80 = 75,600 tokens = 16 x 4,725: no padding; 4,725 tokens per rank.
// Ulysses all-to-all buffer: 4,725 x 5120 x 2 B = 48,384,000 B, inside a node: the single-node
// figure. busbw(48,384,000) on nvlink4: log2 = 25.52802, 0.52802 from 2^25 (300.91) to 2^26
// (368.11): 336.3929 / 479.98 = 0.700847 -> 252.305 GB/s; sent 7/8 = 42,336,000 B -> 167.796 us
// + alpha 8.4 + 8 x 3.4 = 35.6 -> 203.396 us.
constexpr count ulysses_buffer = 4'725 * 5120 * 2;
static_assert(ulysses_buffer == 48'384'000);
static_assert(near(collective_time_s(collective::all_to_all, {.size = 8, .stride = 1}, ulysses_buffer, two_h100_nodes),
                   203.396e-6, 1e-5));
static_assert(collective_time_s(collective::all_to_all, {.size = 8, .stride = 1}, ulysses_buffer, two_h100_nodes) ==
              collective_time_s(collective::all_to_all, 8, ulysses_buffer, nvlink4));
// Ring hop: K (or V) of 75,600 / 2 = 37,800 tokens x 5120 / 8 = 640 channels x 2 B = 48,384,000 B
// to rank u + 8 on the other node: all of it over the network.
constexpr count ring_hop = 37'800 * 640 * 2;
static_assert(ring_hop == 48'384'000);
constexpr process_group ring_pair{.size = 2, .stride = 8};
static_assert(split_of(collective::send_recv, placement_of(ring_pair, two_h100_nodes), 2, ring_hop).network_bytes ==
              48'384'000);
// alpha 8.4 + 0 x 3.4 + 1 x 9.6 = 18 us; 48,384,000 / 48e9 = 1,008 us -> 1,026 us per hop.
static_assert(near(collective_alpha_s(collective::send_recv, ring_pair, two_h100_nodes), 18e-6, 1e-12));
constexpr double ndr_hop = collective_time_s(collective::send_recv, ring_pair, ring_hop, two_h100_nodes);
static_assert(near(ndr_hop, 1026e-6, 1e-9));
// On one node's NVLink the same hop would take 11.8 + 48,384,000 / busbw 252.305e9 = 191.77 us
// + 11.8 = 203.57 us: the network makes it 5.04x slower.
static_assert(near(ndr_hop / collective_time_s(collective::send_recv, 2, ring_hop, nvlink4), 5.040, 1e-3));
// Lower bound: 48,384,000 / 50e9 = 967.68 us.
static_assert(near(collective_time_lower_bound_s(collective::send_recv, ring_pair, ring_hop, two_h100_nodes), 967.68e-6,
                   1e-9));
// Head all-gather over all 16 ranks: chunk 4,725 x (1 x 2 x 2 patch) x 16 channels x 4 B =
// 1,209,600 B, 15 x chunk = 18,144,000 B sent; 1/8 over the NIC (2,268,000 B: 47.25 us at
// 48 GB/s), 7/8 (15,876,000 B) on NVLink at busbw(16 x chunk = 19,353,600 B): log2 = 24.20610,
// 240.41 + 0.20610 x 60.50 = 252.879 of 479.98 -> 189.667 GB/s -> 83.705 us. NVLink is the
// slower part; alpha 8.4 + 14 x 3.4 + 1 x 9.6 = 65.6 us -> 149.305 us.
constexpr count head_chunk = 4'725 * 4 * 16 * 4;
static_assert(head_chunk == 1'209'600);
constexpr process_group world16{.size = 16, .stride = 1};
constexpr collective_split head_split =
    split_of(collective::all_gather, placement_of(world16, two_h100_nodes), 16, head_chunk);
static_assert(head_split.network_bytes == 2'268'000 && head_split.fabric_bytes == 15'876'000);
static_assert(near(collective_alpha_s(collective::all_gather, world16, two_h100_nodes), 65.6e-6, 1e-12));
static_assert(near(collective_time_s(collective::all_gather, world16, head_chunk, two_h100_nodes), 149.305e-6, 1e-5));

// --- An all-to-all across 2 nodes: 2x the network rate per GPU (nccl-tests#130) ------------------
// 16 ranks, buffer 96,768,000 B: 8/16 to the other node = 48,384,000 B over the NIC (1,008 us),
// 7/16 = 42,336,000 B on NVLink at busbw(96,768,000) = 293.654 GB/s (144.17 us); alpha 8.4 + 14
// x 3.4 + 2 x 9.6 = 75.2 us -> 1,083.2 us. Its busbw without alpha: 15/16 x 96,768,000 / 1,008
// us = 90.0 GB/s = 1.875 x 48, "BusBW = 2x network bandwidth per GPU" on 2 nodes.
constexpr count a2a_buffer = 96'768'000;
constexpr collective_split a2a_split =
    split_of(collective::all_to_all, placement_of(world16, two_h100_nodes), 16, a2a_buffer);
static_assert(a2a_split.network_bytes == 48'384'000 && a2a_split.fabric_bytes == 42'336'000);
constexpr double a2a16 = collective_time_s(collective::all_to_all, world16, a2a_buffer, two_h100_nodes);
static_assert(near(a2a16, 1083.2e-6, 1e-9));
static_assert(near(static_cast<double>(bytes_sent_per_rank(collective::all_to_all, 16, a2a_buffer)) / (a2a16 - 75.2e-6),
                   1.875 * 48e9, 1e-9));

// --- Slower networks ----------------------------------------------------------------------------
// The same ring hop on HGX A100 nodes over HDR: 18 + 48,384,000 / 24e9 = 18 + 2,016 = 2,034 us.
constexpr cluster_spec two_a100_nodes{.intra = &nvlink3, .network = &ib_hdr, .gpus_per_node = 8, .nodes = 2};
static_assert(near(collective_time_s(collective::send_recv, ring_pair, ring_hop, two_a100_nodes), 2034e-6, 1e-9));
// One 100 GbE NIC for 8 H100s: 1.5 GB/s each -> 18 + 32,256 us = 32.274 ms per hop.
constexpr cluster_spec two_h100_nodes_100g{.intra = &nvlink4, .network = &eth_100g, .gpus_per_node = 8, .nodes = 2};
static_assert(near(collective_time_s(collective::send_recv, ring_pair, ring_hop, two_h100_nodes_100g), 32.274e-3, 1e-9));

// --- Every collective across 2 and 4 nodes: estimate > lower bound > 0, estimate > alpha ------------
constexpr bool bounded_across_nodes() {
  const collective all[] = {collective::all_to_all, collective::all_gather, collective::send_recv,
                            collective::all_reduce};
  const count sizes[] = {1'048'576, 48'384'000, count{1} << 33};
  for (const auto& n : network_registry)
    for (const collective c : all)
      for (const count s : sizes)
        for (count nodes = 2; nodes <= 4; nodes *= 2) {
          const cluster_spec cl{.intra = &nvlink4, .network = &n, .gpus_per_node = 8, .nodes = nodes};
          const process_group g{.size = 8 * nodes, .stride = 1};
          const double t = collective_time_s(c, g, s, cl);
          const double lb = collective_time_lower_bound_s(c, g, s, cl);
          if (!(lb > 0 && t > lb && t > collective_alpha_s(c, g, cl))) return false;
        }
  return true;
}
static_assert(bounded_across_nodes());

} // namespace
