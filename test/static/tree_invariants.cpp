// Static tier: invariants of the traversal over the whole DiT tree, checked by the compiler.
//
// `visit` reports every node in pre-order with its metrics; this file re-derives, from that
// stream alone, that each parent's metrics equal the sum of its direct children's (every field,
// parameters included), that the root equals `cost_of`, and that the number of nodes and the ids
// are what the official module tree has.
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/profiles.hpp>

#include <array>

namespace {
using namespace wanmeter;

struct check_result {
  count nodes = 0;
  count leaves = 0;
  count mismatches = 0;   // parents whose metrics differ from the sum of their children
  metrics root{};
  bool saw_q_of_block_39 = false;
  bool saw_attn_core = false;
};

// One pass with a stack of open ancestors: when a node at depth k arrives, every open node at
// depth >= k is complete and is checked against the sum of its children.
constexpr check_result check_tree(const wan_dit_arch& a, const workload& w) {
  struct frame {
    metrics own{};
    metrics children{};
    bool leaf = false;
    bool has_children = false;
  };
  std::array<frame, node_path::max_depth + 1> stack{};
  std::size_t open = 0;
  check_result r{};
  const auto close_to = [&](std::size_t depth) {
    while (open > depth) {
      const frame f = stack[--open];
      if (!f.leaf && f.has_children && !(f.own == f.children)) ++r.mismatches;
      if (!f.leaf && !f.has_children) ++r.mismatches; // a composite without children
      if (open > 0) {
        stack[open - 1].children += f.own;
        stack[open - 1].has_children = true;
      }
    }
  };
  const wan_model m = make_wan_dit(a, w);
  const node_path q = node_path{} / "blocks" / 39 / "self_attn" / "q";
  const node_path core = node_path{} / "blocks" / 0 / "self_attn" / "attn_core";
  visit(m, [&](const node_path& p, const node_info& info, const metrics& x) {
    close_to(p.depth());
    stack[open++] = frame{x, metrics{}, info.leaf, false};
    ++r.nodes;
    if (info.leaf) ++r.leaves;
    if (p.depth() == 0) r.root = x;
    if (p == q && info.kind == "linear" && info.cat == category::attention_proj) r.saw_q_of_block_39 = true;
    if (p == core && info.cat == category::attention_core)
      r.saw_attn_core = true;
  });
  close_to(0);
  return r;
}

constexpr check_result t14 = check_tree(wan2_1_t2v_14b, profile_ci_tiny);
static_assert(t14.mismatches == 0);
static_assert(t14.root == dit_forward_cost(wan2_1_t2v_14b, profile_ci_tiny));
static_assert(t14.saw_q_of_block_39 && t14.saw_attn_core);
// Node count of the T2V tree. Per block: the block 1; its leaves modulation, norm1, modulate_sa,
// residual_sa, norm3, residual_ca, norm2, modulate_ffn, residual_ffn 9; self_attn 1 + 8 (q k v o
// norm_q norm_k rope attn_core); cross_attn 1 + 7 (q k v o norm_q norm_k attn_core); ffn 1 + 3
// -> 31. Outside the blocks: root 1, patch_embedding 1, text_embedding 1 + 3, time_sinusoidal 1,
// time_embedding 1 + 3, time_projection 1 + 2, blocks 1, head 1 + 4, unpatchify 1 -> 21.
// 14B: 21 + 40 * 31 = 1,261.
static_assert(t14.nodes == 21 + 40 * 31);
// Leaves outside the blocks: patch 1 + text 3 + sinusoidal 1 + time 3 + projection 2 + head 4 +
// unpatchify 1 = 15; per block 9 + 8 + 7 + 3 = 27.
static_assert(t14.leaves == 15 + 40 * 27);

// I2V adds k_img, v_img, norm_k_img, attn_core_img, add_img per block and img_emb (1 + proj 6).
// (Checked on a 4-block copy of the I2V-14B architecture: the same node types, within clang's
// default constant-evaluation step budget.)
constexpr wan_dit_arch i2v_4_blocks = [] {
  wan_dit_arch a = wan2_1_i2v_14b;
  a.num_layers = 4;
  return a;
}();
constexpr check_result ti2v = check_tree(i2v_4_blocks, profile_ci_tiny);
static_assert(ti2v.mismatches == 0);
static_assert(ti2v.nodes == 21 + 7 + 4 * (31 + 5));
static_assert(ti2v.root == dit_forward_cost(i2v_4_blocks, profile_ci_tiny));

// The 1.3B model, at 480p: same shape, 30 blocks.
constexpr check_result t13 = check_tree(wan2_1_t2v_1_3b, profile_480p);
static_assert(t13.mismatches == 0 && t13.nodes == 21 + 30 * 31);
static_assert(t13.root == dit_forward_cost(wan2_1_t2v_1_3b, profile_480p));

// Every metric of the forward is non-zero where the model does that work.
constexpr metrics f = dit_forward_cost(wan2_1_t2v_14b, profile_720p);
static_assert(f.tensor_flops > 0 && f.vector_flops > f.sfu_ops && f.sfu_ops > 0);
static_assert(f.bytes_read > 0 && f.bytes_written > 0 && f.activation_bytes > 0);
} // namespace
