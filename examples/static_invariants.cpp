// How a user states build-time invariants over a model's cost with static_assert.
//
// Everything below is evaluated by the compiler: if a refactoring, a new architecture or a
// changed workload broke one of these facts, this file would stop compiling.
#include <wanmeter.hpp>

#include <cstdio>

using namespace wanmeter;

// 1. Pin a headline number: the 14B forward at 1280x720x81 is 6.52 PFLOP.
constexpr metrics forward_720p = dit_forward_cost(wan2_1_t2v_14b, profile_720p);
static_assert(forward_720p.tensor_flops == 6'523'436'592'005'120ULL);

// 2. A budget: a scheduler promises that a 480p video on the 1.3B model stays under 30 PFLOP.
constexpr dit_run_cost run_480p = dit_run(wan2_1_t2v_1_3b, profile_480p);
static_assert(run_480p.total.tensor_flops < 30'000'000'000'000'000ULL, "480p 1.3B run over budget");

// 3. A structural fact: self-attention is the dominant cost at 720p (over 70% of the forward).
constexpr wan_model dit = make_wan_dit(wan2_1_t2v_14b, profile_720p);
constexpr count attn = repeated(dit.blocks.node.self_attn.attn_core.cost(), wan2_1_t2v_14b.num_layers).tensor_flops;
static_assert(attn * 10 > forward_720p.tensor_flops * 7);

// 4. Weights fit: the fp32 14B checkpoint is 57.2 GB, bf16 halves it.
static_assert(forward_720p.weight_bytes == 57'153'966'336ULL);
static_assert(dit_forward_cost(wan2_1_t2v_14b, profile_720p, {.weight = dtype::bf16}).weight_bytes * 2 ==
              forward_720p.weight_bytes);

// 5. A legality rule in a constraint: only 4n+1 frame counts are accepted.
template <workload W>
  requires(is_legal(wan2_1_t2v_14b.rules(), W))
constexpr count tokens_of = make_geometry(wan2_1_t2v_14b.rules(), W).dit_seq_len;
static_assert(tokens_of<profile_720p> == 75'600);

int main() {
  std::printf("static invariants hold: 720p forward %.3f PFLOP, 480p 1.3B run %.1f PFLOP\n",
              static_cast<double>(forward_720p.tensor_flops) / 1e15,
              static_cast<double>(run_480p.total.tensor_flops) / 1e15);
  return 0;
}
