// Static tier: quantised weight formats (core/weight_format.hpp, layers/linear.hpp), worked by
// hand from the GGUF block layouts of ggml-common.h:
//   block_q8_0 = fp16 d + 32 x int8                     = 34 B per 32 weights
//   block_q6_K = 128 ql + 64 qh + 16 int8 scales + fp16 d = 210 B per 256
//   block_q5_K = 2 fp16 (d, dmin) + 12 scales + 32 qh + 128 qs = 176 B per 256
//   block_q4_K = 2 fp16 (d, dmin) + 12 scales + 128 qs  = 144 B per 256
// and fp8 / int8 with one fp32 scale per output channel.
#include <wanmeter/core/weight_format.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/layers/linear.hpp>
#include <wanmeter/models/t5/encoder.hpp>
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/perf/roofline.hpp>
#include <wanmeter/perf/run_execution.hpp>

namespace {
using namespace wanmeter;

// --- bytes of one 5120 x 5120 matrix (Wan2.1 14B's q projection) ---------------------------
// q8_0: 5120 rows x 5120/32 = 160 blocks x 34 B = 27,852,800 B (8.5 bits per weight).
static_assert(quantised_bytes(weight_quant::q8_0, 5120, 5120) == 27'852'800);
// q6_k: 5120 x 20 super-blocks x 210 B = 21,504,000 (6.5625 bits).
static_assert(quantised_bytes(weight_quant::q6_k, 5120, 5120) == 21'504'000);
// q5_k_m: 5120 x 20 x 176 = 18,022,400 (5.5 bits).
static_assert(quantised_bytes(weight_quant::q5_k_m, 5120, 5120) == 18'022'400);
// q4_k_m: 5120 x 20 x 144 = 14,745,600 (4.5 bits).
static_assert(quantised_bytes(weight_quant::q4_k_m, 5120, 5120) == 14'745'600);
// fp8 and int8: 5120 x (5120 x 1 B + 4 B scale) = 26,234,880.
static_assert(quantised_bytes(weight_quant::fp8, 5120, 5120) == 26'234'880);
static_assert(quantised_bytes(weight_quant::int8, 5120, 5120) == 26'234'880);
// A row that is not a whole number of blocks is rounded up per row: 300 weights of q4_k take
// 2 super-blocks = 288 B per row.
static_assert(quantised_bytes(weight_quant::q4_k_m, 3, 300) == 3 * 288);
// Wan2.1 14B ffn.2 (out 5120, in 13824 = 54 super-blocks): 5120 x 54 x 144 = 39,813,120, the
// same as ffn.0 (out 13824, in 5120 = 20 super-blocks): 13824 x 20 x 144.
static_assert(quantised_bytes(weight_quant::q4_k_m, 5120, 13824) == 39'813'120);
static_assert(quantised_bytes(weight_quant::q4_k_m, 13824, 5120) == 39'813'120);

// --- one quantised Linear, fused (bf16 activations), 720p q projection ---------------------
// rows = 75,600, in = out = 5120: x = 387,072,000 input elements, P = 26,214,400 weights.
constexpr linear q_proj(weight_quant q, bool gemm = false) {
  return linear{.rows = 75'600, .in = 5120, .out = 5120, .category_ = category::attention_proj, .act = dtype::bf16,
                .weight = dtype::bf16, .input = dtype::bf16, .mode = exec_model::fused, .quant = q, .quant_gemm = gemm};
}
// q8_0 (dequantised to bf16): stored 27,852,800 + bias 5120 x 2 = 27,863,040 B;
// read = stored + input 774,144,000 + bf16 copy 52,428,800 = 854,435,840;
// written = output 774,144,000 + bf16 copy 52,428,800 = 826,572,800;
// vector = bias 387,072,000 + 1 FLOP per weight 26,214,400 = 413,286,400.
static_assert(q_proj(weight_quant::q8_0).cost().weight_bytes == 27'863'040);
static_assert(q_proj(weight_quant::q8_0).cost().bytes_read == 854'435'840);
static_assert(q_proj(weight_quant::q8_0).cost().bytes_written == 826'572'800);
static_assert(q_proj(weight_quant::q8_0).cost().vector_flops == 413'286'400);
static_assert(q_proj(weight_quant::q8_0).tensor_dtype() == dtype::bf16);
// K-quants: 2 FLOP per weight (d x sc x q - dmin x m): 387,072,000 + 52,428,800.
static_assert(q_proj(weight_quant::q4_k_m).cost().vector_flops == 439'500'800);
// fp8 GEMM: stored 26,234,880 + bias 10,240 = 26,245,120; read = stored + input 774,144,000 (by
// the quantiser) + fp8 input 387,072,000 + scales 302,400 = 1,187,763,520; written = output
// 774,144,000 + fp8 input 387,072,000 + scales 302,400 = 1,161,518,400; vector = bias
// 387,072,000 + 2 x 387,072,000 = 1,161,216,000; the GEMM runs at the FP8 rate.
static_assert(q_proj(weight_quant::fp8, true).cost().weight_bytes == 26'245'120);
static_assert(q_proj(weight_quant::fp8, true).cost().bytes_read == 1'187'763'520);
static_assert(q_proj(weight_quant::fp8, true).cost().bytes_written == 1'161'518'400);
static_assert(q_proj(weight_quant::fp8, true).cost().vector_flops == 1'161'216'000);
static_assert(q_proj(weight_quant::fp8, true).tensor_dtype() == dtype::fp8);
static_assert(describe(q_proj(weight_quant::fp8, true)).act == dtype::fp8);
// fp8 without FP8 tensor cores: dequantised like int8 (the same bytes as int8).
static_assert(q_proj(weight_quant::fp8).cost().bytes_read == q_proj(weight_quant::int8).cost().bytes_read);
static_assert(q_proj(weight_quant::fp8).tensor_dtype() == dtype::bf16);
// The FLOPs of the GEMM do not change.
static_assert(q_proj(weight_quant::q4_k_m).cost().tensor_flops == 2ULL * 75'600 * 5120 * 5120);

// Which GPUs run fp8 GEMMs: FP8 tensor cores on Ada, Hopper, Blackwell; not on Ampere.
static_assert(resolve_quant_gemm(weight_quant::fp8, &h100_sxm));
static_assert(resolve_quant_gemm(weight_quant::fp8, &rtx_4090));
static_assert(resolve_quant_gemm(weight_quant::fp8, &b200));
static_assert(!resolve_quant_gemm(weight_quant::fp8, &a100_80gb_sxm));
static_assert(!resolve_quant_gemm(weight_quant::int8, &h100_sxm));
static_assert(resolve_quant_gemm(weight_quant::fp8, nullptr));

// --- the whole Wan2.1 14B DiT ---------------------------------------------------------------
// 14,288,491,584 parameters; the blocks' Linears are 40 x (8 x 5120^2 + 2 x 5120 x 13824) =
// 14,050,918,400 of them, leaving 237,573,184 (embeddings, time MLP, head, norms, modulation,
// biases) in the dense dtype. q4_k_m per block: 8 x 14,745,600 + 2 x 39,813,120 = 197,591,040.
//   fp32 dense (eager): 40 x 197,591,040 + 4 x 237,573,184 = 8,853,934,336 B
//   bf16 dense (fused): 40 x 197,591,040 + 2 x 237,573,184 = 8,378,787,968 B
// q8_0, bf16 dense: 40 x (8 x 27,852,800 + 2 x 13824 x 160 x 34) + 2 x 237,573,184 = 15,404,247,168.
// fp8, bf16 dense: 40 x (8 x 5120 x 5124 + 13824 x 5124 + 5120 x 13828) + 475,146,368 = 14,535,649,408.
constexpr workload tiny{.batch = 1, .frames = 1, .height = 16, .width = 16, .steps = 1};
constexpr dit_execution with(dit_execution x, weight_quant q) {
  x.quant = q;
  return x;
}
constexpr count dit_bytes(dit_execution x) {
  return cost_of(make_wan_dit((*try_find_model("wan2.1-t2v-14b")).arch, tiny, x)).weight_bytes;
}
static_assert(dit_bytes(with(eager_execution(dtype::fp32), weight_quant::q4_k_m)) == 8'853'934'336);
static_assert(dit_bytes(with(fused_execution(dtype::bf16), weight_quant::q4_k_m)) == 8'378'787'968);
static_assert(dit_bytes(with(fused_execution(dtype::bf16), weight_quant::q8_0)) == 15'404'247'168);
static_assert(dit_bytes(with(fused_execution(dtype::bf16), weight_quant::fp8)) == 14'535'649'408);
// No quantisation: 14,288,491,584 x 2 B.
static_assert(dit_bytes(fused_execution(dtype::bf16)) == 28'576'983'168);

// --- umT5-XXL in fp8: 24 blocks x (4 x 4096^2 + 3 x 4096 x 10240) = 4,630,511,616 Linear weights
// at 1 B + 4 B per output channel (24 x (4 x 4096 + 2 x 10240 + 4096) x 4 = 3,932,160 B), the
// 256,384 x 4096 embedding and the 25 norms (24 x 2 + 1) x 4096 plus the 24 x 32 x 64 relative
// position tables in bf16: (1,050,148,864 + 49 x 4096 + 49,152) x 2 = 2,100,797,440 (the dense
// encoder is 5,680,910,336 parameters, 11.36 GB in bf16).
// Total 4,630,511,616 + 3,932,160 + 2,100,797,440 = 6,735,241,216 B.
static_assert(cost_of(make_t5_encoder(umt5_xxl, 1, t5_execution{.quant = weight_quant::fp8})).weight_bytes ==
              6'735'241'216);

// Lossy: every quantisation.
static_assert(!lossy(weight_quant::none));
static_assert(lossy(weight_quant::q8_0) && lossy(weight_quant::fp8));
} // namespace
