#pragma once
// The collectives one rank of a multi-GPU run issues (run/parallel.hpp says which and why), as
// planned data: where in the tree, how often in the whole run, and how many bytes the rank
// sends each time. Their time is the interconnect's (perf/collective.hpp), composed with the
// compute in perf/run_time.hpp.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/enum_names.hpp>
#include <wanmeter/perf/collective.hpp>
#include <wanmeter/run/stage.hpp>

#include <string_view>

namespace wanmeter {

/// Why a collective runs.
enum class comm_purpose : unsigned char { sequence, weights, cfg, vae };

inline constexpr enum_names<comm_purpose, 4> comm_purpose_names{{{{comm_purpose::sequence, "sequence"},
                                                                  {comm_purpose::weights, "weights"},
                                                                  {comm_purpose::cfg, "cfg"},
                                                                  {comm_purpose::vae, "vae"}}}};

[[nodiscard]] constexpr std::string_view name_of(comm_purpose p) { return comm_purpose_names.name(p); }

/// How a collective's time meets the compute of its stage.
enum class comm_overlap : unsigned char {
  none,          ///< on the critical path (Ulysses all-to-alls, the head all-gather)
  with_block,    ///< hidden behind the previous block's compute except the first (FSDP prefetch)
  with_attention ///< hidden behind the self-attention core of the step (xDiT's ring)
};

struct planned_collective {
  stage_id stage = stage_id::dit;
  collective kind = collective::all_to_all;
  comm_purpose purpose = comm_purpose::sequence;
  std::string_view module;     ///< where in the stage tree (`blocks.*.self_attn`, `head`, `blocks.*`)
  count group = 1;             ///< ranks taking part
  /// Rank distance between the members (xDiT's order: Ulysses groups contiguous, ring groups
  /// strided by U, CFG pairs by U x R); with the node size it says which hops cross nodes
  /// (perf/collective.hpp `placement_of`).
  count stride = 1;
  count calls = 0;             ///< times it runs on one rank in the whole run
  count message_bytes = 0;     ///< the buffer (all-to-all), the chunk (all-gather) or the message (send_recv)
  count bytes_per_call = 0;    ///< bytes one rank sends each time
  comm_overlap overlap = comm_overlap::none;
  count per_forward = 0;       ///< times per call of the stage (per block x blocks, or 1)
};

} // namespace wanmeter
