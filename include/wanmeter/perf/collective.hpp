#pragma once
// Bytes and time of one NCCL collective among `ranks` GPUs of one interconnect
// (hw/interconnect.hpp), as nccl-tests defines bus bandwidth (NVIDIA/nccl-tests
// doc/PERFORMANCE.md). Bytes are exact checked integers, times double seconds.
//
// `operand_bytes` is what the caller holds on one rank:
//   all_gather  the chunk c each rank contributes        size S = ranks x c   sent (p-1) x c
//   all_to_all  a rank's whole send buffer S (p chunks)  size S               sent (p-1)/p x S
//   all_reduce  the buffer S (ring algorithm)            size S               sent 2(p-1)/p x S
//   send_recv   the message S to the next rank           size S               sent S
// "size" is the nccl-tests size the busbw curve is indexed by; "sent" is bytes_sent_per_rank,
// which is also S x the nccl-tests busbw factor, so
//   time_s        = alpha + sent / busbw(size)      (0 for one rank)
//   alpha         = baseLat + nsteps x hwLat, nsteps: all_reduce 2(p-1), all_gather p-1,
//                   all_to_all p (NCCL's tuner: "others"), send_recv 1 (one hop)
//   busbw(size)   = interconnect busbw x curve(size); all_reduce uses all_reduce_busbw (NVLS)
//   lower_bound_s = sent / line_rate, no alpha; with in-switch reduction (NVLS) an all-reduce
//                   needs only (p-1)/p x S from each rank, so that is its bound.
// (p-1)/p x S is computed as (p-1) x S / p, exact when p divides S (Wan pads the sequence so it
// does).
//
// Worked example: Wan2.1 T2V-14B at 1280x720x81 with Ulysses p = 8 on HGX H100 (nvlink4). Each
// of the 4 all-to-alls per block (q, k, v, out) exchanges a buffer of 75,600/8 tokens x 5120 x
// 2 B = 96,768,000 B; one rank sends 7/8 of it, 84,672,000 B. busbw(96,768,000) = 293.65 GB/s
// (hw/interconnect.hpp), alpha = 8.4 + 8 x 3.4 = 35.6 us:
//   time = 35.6 us + 84,672,000 / 293.65e9 = 35.6 + 288.34 = 323.94 us; 160 per forward = 51.8 ms
//   lower bound 84,672,000 / 450e9 = 188.16 us.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/enum_names.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/hw/network.hpp>

#include <string>
#include <string_view>

namespace wanmeter {

/// The collectives the Wan multi-GPU code issues (report key `collective`).
enum class collective : unsigned char {
  all_to_all, ///< Ulysses q/k/v/out exchange
  all_gather, ///< FSDP weight gather, head-output / latent gather
  send_recv,  ///< ring attention K/V hop
  all_reduce, ///< ring all-reduce
};

inline constexpr enum_names<collective, 4> collective_names{{{{collective::all_to_all, "all_to_all"},
                                                              {collective::all_gather, "all_gather"},
                                                              {collective::send_recv, "send_recv"},
                                                              {collective::all_reduce, "all_reduce"}}}};

[[nodiscard]] constexpr std::string_view name_of(collective c) { return collective_names.name(c); }

namespace detail {
[[noreturn]] inline void throw_no_ranks() {
  throw invalid_input("ranks", "0", "a collective needs at least one rank");
}
[[noreturn]] inline void throw_too_many_ranks(count ranks, const interconnect_spec& ic) {
  std::string rule = "interconnect ";
  rule.append(ic.id).append(" connects at most ").append(std::to_string(ic.max_ranks));
  rule.append(" GPUs (one node); a group across nodes is timed on a cluster_spec with a network");
  throw invalid_input("ranks", std::to_string(ranks), rule);
}
constexpr void check_ranks(count ranks) {
  if (ranks == 0) throw_no_ranks();
}
} // namespace detail

/// The nccl-tests size of the collective (bytes): the gathered buffer ranks x c for all_gather,
/// the operand otherwise. The busbw curve is read at this size.
[[nodiscard]] constexpr count collective_size_bytes(collective c, count ranks, count operand_bytes) {
  detail::check_ranks(ranks);
  return c == collective::all_gather ? checked_mul(ranks, operand_bytes) : operand_bytes;
}

/// Bytes one rank sends (= the nccl-tests size x its busbw factor); 0 for one rank.
/// 14B 720p Ulysses p=8 all_to_all of 96,768,000 B: 84,672,000.
[[nodiscard]] constexpr count bytes_sent_per_rank(collective c, count ranks, count operand_bytes) {
  detail::check_ranks(ranks);
  const count others = ranks - 1;
  switch (c) {
  case collective::all_gather: return checked_mul(others, operand_bytes);
  case collective::all_to_all: return checked_mul(others, operand_bytes) / ranks;
  case collective::all_reduce: return checked_mul(2 * others, operand_bytes) / ranks;
  case collective::send_recv: return ranks == 1 ? 0 : operand_bytes;
  }
  return 0;
}

/// Steps of NCCL's latency model: all_reduce 2(p-1), all_gather p-1, all_to_all p, send_recv 1.
[[nodiscard]] constexpr count collective_steps(collective c, count ranks) {
  detail::check_ranks(ranks);
  switch (c) {
  case collective::all_reduce: return 2 * (ranks - 1);
  case collective::all_gather: return ranks - 1;
  case collective::all_to_all: return ranks;
  case collective::send_recv: return 1;
  }
  return 0;
}

/// Latency term (seconds) of one collective on `ic`; 0 for one rank.
/// nvlink4, all_to_all, 8 ranks: 8.4 + 8 x 3.4 = 35.6 us.
[[nodiscard]] constexpr double collective_alpha_s(collective c, count ranks, const interconnect_spec& ic) {
  if (ranks == 1) return 0;
  return ring_alpha_s(ic, collective_steps(c, ranks));
}

/// Achieved bus bandwidth (byte/s) of the collective at its nccl-tests size.
[[nodiscard]] constexpr double collective_busbw(collective c, count ranks, count operand_bytes,
                                                const interconnect_spec& ic) {
  const count size = collective_size_bytes(c, ranks, operand_bytes);
  return shared_busbw(ic, ranks, c == collective::all_reduce ? all_reduce_busbw_at(ic, size) : busbw_at(ic, size));
}

/// Estimated time (seconds) of one collective inside one node: alpha + bytes sent / busbw(size);
/// 0 for one rank. Throws invalid_input (knob "ranks") for 0 ranks or more than `ic.max_ranks`
/// (groups across nodes: the cluster_spec overload below).
[[nodiscard]] constexpr double collective_time_s(collective c, count ranks, count operand_bytes,
                                                 const interconnect_spec& ic) {
  detail::check_ranks(ranks);
  if (ranks > ic.max_ranks) detail::throw_too_many_ranks(ranks, ic);
  if (ranks == 1) return 0;
  return collective_alpha_s(c, ranks, ic) +
         static_cast<double>(bytes_sent_per_rank(c, ranks, operand_bytes)) /
             collective_busbw(c, ranks, operand_bytes, ic);
}

/// Lower bound (seconds): the bytes a rank must send over its line rate, no latency; an
/// all-reduce with in-switch reduction needs (p-1)/p x S of them rather than the ring's 2(p-1)/p.
[[nodiscard]] constexpr double collective_time_lower_bound_s(collective c, count ranks, count operand_bytes,
                                                             const interconnect_spec& ic) {
  detail::check_ranks(ranks);
  if (ranks > ic.max_ranks) detail::throw_too_many_ranks(ranks, ic);
  const collective moved = (c == collective::all_reduce && ic.in_switch_reduction) ? collective::all_to_all : c;
  return static_cast<double>(bytes_sent_per_rank(moved, ranks, operand_bytes)) /
         shared_busbw(ic, ranks, static_cast<double>(ic.line_rate));
}

/// Everything about one collective, for the report.
struct collective_cost {
  count size_bytes = 0;     ///< nccl-tests size (the curve's argument)
  count bytes_sent = 0;     ///< bytes one rank sends
  double alpha_s = 0;       ///< latency term
  double busbw = 0;         ///< achieved bus bandwidth, byte/s
  double time_s = 0;        ///< alpha + bytes_sent / busbw (0 for one rank)
  double lower_bound_s = 0; ///< line-rate bound, no latency
};

/// All the figures of one collective on `ic` (same rules and throws as collective_time_s).
[[nodiscard]] constexpr collective_cost cost_of_collective(collective c, count ranks, count operand_bytes,
                                                           const interconnect_spec& ic) {
  return {.size_bytes = collective_size_bytes(c, ranks, operand_bytes),
          .bytes_sent = bytes_sent_per_rank(c, ranks, operand_bytes),
          .alpha_s = collective_alpha_s(c, ranks, ic),
          .busbw = collective_busbw(c, ranks, operand_bytes, ic),
          .time_s = collective_time_s(c, ranks, operand_bytes, ic),
          .lower_bound_s = collective_time_lower_bound_s(c, ranks, operand_bytes, ic)};
}

// --- Across nodes -----------------------------------------------------------------------------
// A run of p GPUs on nodes of g GPUs (g = the node fabric's max_ranks, p a multiple of g when it
// exceeds g: run/cluster.hpp) joined by a network (hw/network.hpp). A process group of k ranks,
// `stride` apart (xDiT's rank order: Ulysses contiguous, ring strided by U, CFG by U x R), has
// m = min(k, g / stride) members on each node it spans (1 when stride >= g) and spans k / m
// nodes. One node: the single-node formula above. Several (NCCL as it runs, per rank):
//   all_to_all   (k-1)/k x S sent: (k-m)/k x S to other nodes through the GPU's NIC share, the
//                rest on the node's fabric, both at once ("alltoall cannot aggregate the
//                bandwidth of multiple NICs", NVIDIA/nccl-tests issue 267; on 2 nodes "BusBW =
//                2x network bandwidth per GPU", issue 130, which this reproduces: (k-1)/(k-m));
//   all_gather,  a ring crosses each node boundary once and NCCL runs one ring per NIC, so of a
//   all_reduce   rank's bytes 1/m goes over its NIC and (m-1)/m over the fabric: a ring's
//                busbw is the node's m NICs together ("the busbw is going to reflect exactly
//                what's going through the NICs", "the total NIC bandwidth", issue 160);
//   send_recv    a ring attention hop: the ring moves at its slowest hop, which crosses nodes, so
//                the whole message at the network rate.
//   time_s       = alpha + max(fabric bytes / fabric busbw(size), network bytes / network per GPU)
//   alpha        = baseLat + (nsteps - ninter) x fabric hwLat + ninter x network hwLat, ninter
//                  (NCCL's tuner): all_reduce 2(N-1), all_gather N-1, all_to_all N, send_recv 1
//   lower bound  = the same maximum over the line rates, no alpha.
// The fabric part uses the ring busbw (no NVLS across nodes).
//
// Worked example: Wan2.1 T2V-14B 1280x720x81, Ulysses 8 x ring 2 on 16 H100s (2 nodes of 8,
// ib-ndr: 48 GB/s per GPU). L_pad = 75,600 = 16 x 4,725. The Ulysses groups (8 contiguous
// ranks) stay inside a node: each all-to-all of 4,725 x 5120 x 2 = 48,384,000 B runs on NVLink.
// A ring hop (stride 8: ranks u and u + 8, on different nodes) sends K or V of 37,800 tokens x
// 640 channels x 2 B = 48,384,000 B over the network: 8.4 + 9.6 = 18 us + 48,384,000 / 48e9 =
// 1,008 us -> 1,026 us. The head all-gather over all 16 ranks (m = 8, N = 2): chunk 4,725 x 64 x
// 4 = 1,209,600 B, 15 x chunk = 18,144,000 B sent, 1/8 of it (2,268,000 B) over the NIC: 47.25 us.

/// Where the ranks of a run sit: `nodes` nodes of `gpus_per_node` GPUs on fabric `intra`,
/// joined by `network` (null for one node).
struct cluster_spec {
  const interconnect_spec* intra = nullptr;
  const network_spec* network = nullptr;
  count gpus_per_node = 1;
  count nodes = 1;
};

/// The ranks taking part in one collective: `size` ranks, `stride` apart.
struct process_group {
  count size = 1;
  count stride = 1;
};

/// How a group sits on the nodes: `per_node` members on each of the `nodes` it spans.
struct group_placement {
  count per_node = 1;
  count nodes = 1;
};

/// m = min(k, g / stride) (1 when stride >= g), N = ceil(k / m); one node: {k, 1}.
/// Ring 2 of stride 8 on 8-GPU nodes: {1, 2}; all 16 ranks: {8, 2}; Ulysses 8: {8, 1}.
[[nodiscard]] constexpr group_placement placement_of(const process_group& g, const cluster_spec& cl) {
  detail::check_ranks(g.size);
  if (cl.nodes <= 1) return {.per_node = g.size, .nodes = 1};
  const count stride = g.stride == 0 ? 1 : g.stride;
  const count fit = stride >= cl.gpus_per_node ? 1 : cl.gpus_per_node / stride;
  const count m = g.size < fit ? g.size : fit;
  return {.per_node = m, .nodes = ceil_div(g.size, m)};
}

/// A rank's bytes of one collective split by the link they take (their sum is bytes_sent_per_rank).
struct collective_split {
  count fabric_bytes = 0;  ///< to ranks on the same node
  count network_bytes = 0; ///< through the GPU's share of the network
};

/// The split of one rank's bytes (see the top of this section); a group inside a node sends
/// everything on the fabric. 16-rank all-gather of 1,209,600 B chunks on 2 nodes: {15,876,000,
/// 2,268,000}.
[[nodiscard]] constexpr collective_split split_of(collective c, const group_placement& at, count ranks,
                                                  count operand_bytes) {
  const count sent = bytes_sent_per_rank(c, ranks, operand_bytes);
  if (at.nodes <= 1) return {.fabric_bytes = sent, .network_bytes = 0};
  count network = 0;
  switch (c) {
  case collective::all_to_all: network = checked_mul(ranks - at.per_node, operand_bytes) / ranks; break;
  case collective::all_gather:
  case collective::all_reduce: network = sent / at.per_node; break;
  case collective::send_recv: network = sent; break;
  }
  return {.fabric_bytes = sent - network, .network_bytes = network};
}

/// NCCL steps that cross the network for a group over `nodes` nodes: all_reduce 2(N-1),
/// all_gather N-1, all_to_all N, send_recv 1; 0 on one node.
[[nodiscard]] constexpr count network_steps(collective c, count nodes) {
  if (nodes <= 1) return 0;
  switch (c) {
  case collective::all_reduce: return 2 * (nodes - 1);
  case collective::all_gather: return nodes - 1;
  case collective::all_to_all: return nodes;
  case collective::send_recv: return 1;
  }
  return 0;
}

namespace detail {
[[noreturn]] inline void throw_no_network(count nodes) {
  throw invalid_input("network", "none",
                      "a group over " + std::to_string(nodes) + " nodes needs a network between them (--network)");
}
} // namespace detail

/// Latency term (seconds) of one collective of group `g` on cluster `cl` (0 for one rank).
/// Ring 2 hop across 2 nodes: 8.4 + 9.6 = 18 us; 16-rank all-gather on 2 nodes: 8.4 + 14 x 3.4
/// + 1 x 9.6 = 65.6 us.
[[nodiscard]] constexpr double collective_alpha_s(collective c, const process_group& g, const cluster_spec& cl) {
  const group_placement at = placement_of(g, cl);
  if (at.nodes <= 1) return collective_alpha_s(c, g.size, *cl.intra);
  if (cl.network == nullptr) detail::throw_no_network(at.nodes);
  const count steps = collective_steps(c, g.size);
  const count across = network_steps(c, at.nodes);
  const count within = steps > across ? steps - across : 0;
  return cl.intra->base_latency_s + static_cast<double>(within) * cl.intra->hop_latency_s +
         static_cast<double>(across) * cl.network->hop_latency_s;
}

/// Time (seconds) of one collective of group `g` on cluster `cl`: the single-node time when the
/// group sits on one node, else alpha + max(fabric part, network part) (top of this section).
/// Throws invalid_input (knob "network") when the group spans nodes and `cl` has no network.
[[nodiscard]] constexpr double collective_time_s(collective c, const process_group& g, count operand_bytes,
                                                 const cluster_spec& cl) {
  const group_placement at = placement_of(g, cl);
  if (at.nodes <= 1) return collective_time_s(c, g.size, operand_bytes, *cl.intra);
  if (cl.network == nullptr) detail::throw_no_network(at.nodes);
  const collective_split split = split_of(c, at, g.size, operand_bytes);
  const double fabric_busbw =
      shared_busbw(*cl.intra, at.per_node, busbw_at(*cl.intra, collective_size_bytes(c, g.size, operand_bytes)));
  const double fabric_s = split.fabric_bytes == 0 ? 0.0 : static_cast<double>(split.fabric_bytes) / fabric_busbw;
  const double network_s =
      static_cast<double>(split.network_bytes) / network_busbw_per_gpu(*cl.network, cl.gpus_per_node);
  return collective_alpha_s(c, g, cl) + (fabric_s > network_s ? fabric_s : network_s);
}

/// Lower bound (seconds) of the same: the larger of fabric bytes / fabric line rate and network
/// bytes / the GPU's share of the NIC line rate, no latency.
[[nodiscard]] constexpr double collective_time_lower_bound_s(collective c, const process_group& g,
                                                             count operand_bytes, const cluster_spec& cl) {
  const group_placement at = placement_of(g, cl);
  if (at.nodes <= 1) return collective_time_lower_bound_s(c, g.size, operand_bytes, *cl.intra);
  if (cl.network == nullptr) detail::throw_no_network(at.nodes);
  const collective_split split = split_of(c, at, g.size, operand_bytes);
  const double fabric_s = static_cast<double>(split.fabric_bytes) /
                         shared_busbw(*cl.intra, at.per_node, static_cast<double>(cl.intra->line_rate));
  const double network_s =
      static_cast<double>(split.network_bytes) / network_line_rate_per_gpu(*cl.network, cl.gpus_per_node);
  return fabric_s > network_s ? fabric_s : network_s;
}

} // namespace wanmeter
