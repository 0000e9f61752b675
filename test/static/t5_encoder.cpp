// Static tier: the umT5-XXL text encoder (Wan2.1 `wan/modules/t5.py`, T5Encoder).
//
// Parameters (hand count from the module definitions; official element count 5,680,910,336):
//   token_embedding  256,384 * 4096                                   = 1,050,148,864
//   per block        q, k, v, o 4 * 4096^2 = 67,108,864; gate.0, fc1, fc2 3 * 4096 * 10,240 =
//                    125,829,120; norm1, norm2 2 * 4096; pos_embedding 32 * 64 = 2,048
//                                                                      =   192,948,224
//   24 blocks + embedding + final norm 4096                            = 5,680,910,336
//
// Tensor FLOPs per prompt (T = 512 tokens, 2 per multiply-add):
//   q (each of q, k, v, o)  2 * 512 * 4096 * 4096                     =    17,179,869,184
//   attn_core               QK^T + PV: 4 * 64 heads * 512^2 * 64       =     4,294,967,296
//   ffn                     gate.0, fc1, fc2: 3 * 2 * 512 * 4096 * 10,240 = 128,849,018,880
//   block                   4 * 17,179,869,184 + 4,294,967,296 + 128,849,018,880
//                                                                      =   201,863,462,912
//   encoder                 24 * 201,863,462,912                       = 4,844,723,109,888
// (confirmed against the official module on 1 block by verify/verify_flops.py).
#include <wanmeter/models/t5/encoder.hpp>

#include "test_tools.hpp"

namespace {
using namespace wanmeter;

constexpr t5_encoder t5 = make_t5_encoder();
constexpr metrics total = cost_of(t5);

static_assert(total.parameters == 5'680'910'336ULL);
static_assert(cost_of(t5.blocks.node).parameters == 192'948'224ULL);
static_assert(t5.token_embedding.cost().parameters == 1'050'148'864ULL);
static_assert(total.weight_bytes == 2ULL * 5'680'910'336ULL); // bf16 checkpoint

static_assert(t5.blocks.node.attn.q.cost().tensor_flops == 17'179'869'184ULL);
static_assert(t5.blocks.node.attn.attn_core.cost().tensor_flops == 4'294'967'296ULL);
static_assert(cost_of(t5.blocks.node.ffn).tensor_flops == 128'849'018'880ULL);
static_assert(cost_of(t5.blocks.node).tensor_flops == 201'863'462'912ULL);
static_assert(total.tensor_flops == 4'844'723'109'888ULL);

// Batch scales the work, not the weights.
constexpr metrics two = t5_encoder_cost(umt5_xxl, 2);
static_assert(two.tensor_flops == 2ULL * 4'844'723'109'888ULL);
static_assert(two.parameters == total.parameters);

// Eager attention: 512^2 scores per head, 7 vector FLOPs and 1 exp each.
static_assert(t5.blocks.node.attn.attn_core.cost().sfu_ops == 64ULL * 512 * 512);
static_assert(t5.blocks.node.attn.attn_core.cost().vector_flops == 7ULL * 64 * 512 * 512);

// Monotonic in the layer count and the token count.
constexpr count flops_with(count layers, count tokens) {
  t5_encoder_arch a = umt5_xxl;
  a.num_layers = layers;
  a.text_len = tokens;
  return t5_encoder_cost(a).tensor_flops;
}
static_assert(flops_with(1, 512) < flops_with(2, 512) && flops_with(2, 512) < flops_with(24, 512));
static_assert(flops_with(24, 256) < flops_with(24, 512));
static_assert(flops_with(1, 512) == 201'863'462'912ULL);

// Ids follow the official module paths.
using test::kind_at;
constexpr node_path blk3 = node_path{} / "blocks" / count{3};
static_assert(kind_at(t5, node_path{} / "token_embedding") == "embedding");
static_assert(kind_at(t5, blk3 / "attn" / "q") == "linear");
static_assert(kind_at(t5, blk3 / "attn" / "attn_core") == "einsum_attention");
static_assert(kind_at(t5, blk3 / "ffn" / "gate" / "0") == "linear");
static_assert(kind_at(t5, blk3 / "ffn" / "gate" / "1") == "gelu_tanh");
static_assert(kind_at(t5, blk3 / "ffn" / "fc1") == "linear");
static_assert(kind_at(t5, blk3 / "ffn" / "fc2") == "linear");
static_assert(kind_at(t5, blk3 / "pos_embedding") == "relative_position_bias");
static_assert(kind_at(t5, node_path{} / "norm") == "rms_norm");
static_assert(kind_at(t5, node_path{} / "blocks" / count{24}).empty()); // blocks.0 .. blocks.23
} // namespace
