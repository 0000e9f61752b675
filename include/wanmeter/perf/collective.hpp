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
  rule.append(" GPUs (one node); a multi-node fabric is not modelled");
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
  return c == collective::all_reduce ? all_reduce_busbw_at(ic, size) : busbw_at(ic, size);
}

/// Estimated time (seconds) of one collective: alpha + bytes sent / busbw(size); 0 for one rank.
/// Throws invalid_input (knob "ranks") for 0 ranks or more than `ic.max_ranks`.
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
         static_cast<double>(ic.line_rate);
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

} // namespace wanmeter
