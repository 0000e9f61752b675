#pragma once
// The nodes a multi-GPU layout runs on, and the rules of a run across nodes. One node's fabric
// (hw/interconnect.hpp) connects at most `max_ranks` GPUs (8 on an HGX board); a larger world
// (torchrun --nnodes N --nproc-per-node g, as the official code and xDiT USP run across nodes)
// is N nodes of g GPUs joined by a network (hw/network.hpp):
//
//   g = min(world size, max_ranks)        nodes = world size / g
//
// Rules (each an `invalid_input` naming it):
//   - whole nodes: above one node the world size is a multiple of g (12 GPUs on 8-GPU nodes are
//     refused: torchrun starts the same number of processes on every node);
//   - a network: above one node the run needs one, the device's default (hw/devices.hpp) or
//     `--network`; the PCIe cards (L40S, RTX 4090, RTX 5090) have no default;
//   - aligned groups: above one node the Ulysses degree U and the sequence degree U x R each
//     divide g or are a multiple of it, so every Ulysses group, ring group and CFG pair sits
//     inside one node or on whole nodes with the same number of members on each (xDiT's rank
//     order: rank = u + U x (r + R x c), yunchang's `set_seq_parallel_pg` with ulysses low and
//     xDiT's RankGenerator "tp-sp-pp-cfg-dp"). 14B (40 heads) Ulysses 10 x ring 4 on 40 GPUs (5
//     nodes) is refused; Ulysses 40, and on 16 GPUs 8 x 2, 4 x 4 and 2 x 8, are not.
// The world size itself is at most 64 (run/parallel.hpp).
//
// Worked example: 16 H100s, Ulysses 8 x ring 2: g = 8, 2 nodes on ib-ndr (the H100's default);
// the Ulysses groups {0..7}, {8..15} are the nodes, the ring pairs {u, u + 8} cross them.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/hw/network.hpp>
#include <wanmeter/perf/collective.hpp>
#include <wanmeter/run/parallel.hpp>

#include <string>

namespace wanmeter {

/// GPUs per node of a world of `world` GPUs on fabric `ic`: min(world, max_ranks).
[[nodiscard]] constexpr count gpus_per_node(count world, const interconnect_spec& ic) {
  return world < ic.max_ranks ? world : ic.max_ranks;
}

/// Nodes a world of `world` GPUs on `ic` spans: ceil(world / g). 16 on nvlink4: 2.
[[nodiscard]] constexpr count nodes_of(count world, const interconnect_spec& ic) {
  return ceil_div(world, gpus_per_node(world, ic));
}

namespace detail {
/// True when `degree` divides `g` or is a multiple of it.
[[nodiscard]] constexpr bool node_aligned(count degree, count g) { return g % degree == 0 || degree % g == 0; }
} // namespace detail

/// The cluster layout `l` runs on with fabric `ic`, network `net` (null: none) on device `d`;
/// throws `invalid_input` naming the broken rule (see the top of this file).
[[nodiscard]] inline cluster_spec cluster_for(const parallel_layout& l, const interconnect_spec& ic,
                                              const network_spec* net, const device_spec& d) {
  const count world = l.world_size();
  const count g = gpus_per_node(world, ic);
  const count nodes = ceil_div(world, g);
  if (nodes <= 1) return {.intra = &ic, .network = net, .gpus_per_node = g, .nodes = 1};
  const std::string node = std::to_string(g) + "-GPU nodes (" + std::string(ic.id) + " connects at most " +
                           std::to_string(ic.max_ranks) + ")";
  if (world % g != 0) {
    throw invalid_input("world_size", std::to_string(world),
                        "above one node the world size must be a whole number of " + node +
                            ": torchrun starts the same number of ranks on every node");
  }
  if (net == nullptr) {
    throw invalid_input("network", "none",
                        std::to_string(world) + " GPUs span " + std::to_string(nodes) + " " + node +
                            ", which need a network between them; " + std::string(d.id) +
                            " has no default network (a PCIe card): name one with --network (" + network_ids() +
                            ")");
  }
  if (!detail::node_aligned(l.ulysses, g)) {
    throw invalid_input("ulysses_size", std::to_string(l.ulysses),
                        "across nodes every Ulysses group must sit inside one node or on whole nodes: the Ulysses "
                        "degree must divide the GPUs per node (" +
                            std::to_string(g) + ") or be a multiple of it");
  }
  if (!detail::node_aligned(l.sequence_degree(), g)) {
    throw invalid_input("ring_size", std::to_string(l.ring),
                        "across nodes every ring group must have the same members on each node: Ulysses x ring (" +
                            std::to_string(l.sequence_degree()) + ") must divide the GPUs per node (" +
                            std::to_string(g) + ") or be a multiple of it");
  }
  return {.intra = &ic, .network = net, .gpus_per_node = g, .nodes = nodes};
}

} // namespace wanmeter
