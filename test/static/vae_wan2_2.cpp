// Static tier: the Wan2.2 VAE of TI2V-5B (`WanVAE_` of Wan2.2 `wan/modules/vae2_2.py`), encode
// and decode executed chunk by chunk.
//
// Parameters: the element counts of the official module (encoder + conv1 149,637,088; conv2 +
// decoder 555,051,580; 704,688,668 = the fp32 checkpoint's 2,818,839,170 bytes / 4 minus its
// header), torch's count in verify/verify_flops.py.
//
// Tensor FLOPs: exact values at small sizes are the official module's executed counts
// (verify/verify_flops.py, TorchDispatchMode counter, torch 1.13); at the real sizes the
// hand count of the same module list, printed to four digits (382.6 / 2,011 TF for
// 1280x704x121, 4.2 / 20.6 TF for one 1280x704 image), bounds ours to that precision.
#include <wanmeter/models/vae/wan2_2.hpp>

namespace {
using namespace wanmeter;

constexpr workload w704{.frames = 121, .height = 704, .width = 1280};
constexpr workload img704{.frames = 1, .height = 704, .width = 1280};

constexpr metrics enc = wan2_2_vae_encode_cost(w704);
constexpr metrics dec = wan2_2_vae_decode_cost(w704);
static_assert(enc.parameters == 149'637'088ULL);
static_assert(dec.parameters == 555'051'580ULL);
static_assert(enc.parameters + dec.parameters == 704'688'668ULL);
static_assert(dec.weight_bytes == 4ULL * 555'051'580ULL);

constexpr count T = 1'000'000'000'000ULL; // 1 TFLOP
constexpr bool within(count x, count lo_tenths, count hi_tenths) { return x >= lo_tenths * T / 10 && x < hi_tenths * T / 10; }
static_assert(within(enc.tensor_flops, 3'825, 3'827));                           // 382.6 TF
static_assert(dec.tensor_flops >= 2'010'500 * T / 1'000 && dec.tensor_flops < 2'011'500 * T / 1'000); // 2,011 TF
static_assert(within(wan2_2_vae_encode_cost(img704).tensor_flops, 41, 43));      // 4.2 TF
static_assert(within(wan2_2_vae_decode_cost(img704).tensor_flops, 205, 207));    // 20.6 TF

// Exact: the official module's executed counts (verify/verify_flops.py, torch 1.13).
static_assert(wan2_2_vae_encode_cost(workload{.frames = 1, .height = 64, .width = 64}).tensor_flops == 19'021'463'552ULL);
static_assert(wan2_2_vae_decode_cost(workload{.frames = 1, .height = 64, .width = 64}).tensor_flops == 93'293'453'312ULL);
static_assert(wan2_2_vae_encode_cost(workload{.frames = 5, .height = 64, .width = 64}).tensor_flops == 76'215'025'664ULL);
static_assert(wan2_2_vae_decode_cost(workload{.frames = 5, .height = 64, .width = 64}).tensor_flops == 394'664'230'912ULL);
static_assert(wan2_2_vae_encode_cost(workload{.frames = 9, .height = 64, .width = 96}).tensor_flops == 200'114'356'224ULL);
static_assert(wan2_2_vae_decode_cost(workload{.frames = 9, .height = 64, .width = 96}).tensor_flops == 1'044'054'872'064ULL);

// Monotonic in frames and size; each further 4 frames add the same steady chunk.
constexpr count enc_flops(count f) { return wan2_2_vae_encode_cost(workload{.frames = f, .height = 704, .width = 1280}).tensor_flops; }
constexpr count dec_flops(count f) { return wan2_2_vae_decode_cost(workload{.frames = f, .height = 704, .width = 1280}).tensor_flops; }
static_assert(enc_flops(1) < enc_flops(5) && enc_flops(5) < enc_flops(121));
static_assert(dec_flops(1) < dec_flops(5) && dec_flops(5) < dec_flops(121));
static_assert(enc_flops(9) - enc_flops(5) == enc_flops(5) - enc_flops(1));
static_assert(dec_flops(9) - dec_flops(5) == dec_flops(5) - dec_flops(1));
static_assert(wan2_2_vae_decode_cost(workload{.frames = 121, .height = 736, .width = 1280}).tensor_flops > dec.tensor_flops);

// The parameter-free shortcuts: AvgDown3D / DupUp3D hold nothing and do no matmul.
constexpr wan2_2_vae_encode e704 = make_wan2_2_vae_encode(w704);
constexpr wan2_2_vae_decode d704 = make_wan2_2_vae_decode(w704);
static_assert(e704.encoder.downsamples.b1.avg_shortcut.cost().parameters == 0);
static_assert(e704.encoder.downsamples.b1.avg_shortcut.cost().tensor_flops == 0);
static_assert(cost_of(d704.decoder.upsamples.b0.avg_shortcut).tensor_flops == 0);
static_assert(!d704.decoder.upsamples.b3.avg_shortcut.present && !d704.decoder.upsamples.b3.upsamples.r3.present);
static_assert(!e704.encoder.downsamples.b3.downsamples.r2.present);
// The decoder's upsampling keeps the width: Conv2d 1024 -> 1024 (9,438,208 parameters) and the
// time conv 1024 -> 2048 (1024 * 2048 * 3 + 2048 = 6,293,504).
static_assert(cost_of(d704.decoder.upsamples.b0.upsamples.r3.node.resample).parameters == 9'438'208ULL);
static_assert(cost_of(d704.decoder.upsamples.b0.upsamples.r3.node.time_conv).parameters == 6'293'504ULL);
} // namespace
