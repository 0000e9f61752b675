// Static tier: the Wan2.1 causal 3D VAE (`WanVAE_` of Wan2.1 `wan/modules/vae.py`), encode and
// decode executed chunk by chunk as the official code does.
//
// Parameters: torch's count of the official module (verify/verify_flops.py):
// encoder 53,595,872 + conv1 (1x1x1 32 -> 32) 1,056 = 53,596,928 (encode tree);
// conv2 (1x1x1 16 -> 16) 272 + decoder 73,295,331 = 73,295,603 (decode tree); 126,892,531.
//
// Tensor FLOPs, hand-derived (2 x multiply-adds). A 3x3x3 causal conv always sees T + 2 frames
// and yields T, so its MACs are T * positions * Cin * Cout * 27. MACs per output position:
//   encoder, level 0 (P0 = H W):   conv1 3*96*27 = 7,776; res 0, 1: 2 * 2 * 96*96*27 = 995,328
//                                  -> 1,003,104
//   level 1 (P1 = P0/4):           down2d 96*96*9 = 82,944; res 96->192 (+1x1 shortcut)
//                                  1,511,424; res 192 1,990,656 -> 3,585,024
//   level 2 (P2 = P0/16):          down3d spatial 192*192*9 = 331,776 (frames of level 1);
//                                  time conv 192*192*3 = 110,592 (output frames);
//                                  res 192->384 6,045,696 + res 384 7,962,624 = 14,008,320
//   level 3 (P3 = P0/64):          down3d spatial 384*384*9 = 1,327,104; time conv 384*384*3 =
//                                  442,368; res 9, 10 + middle 0, 2: 4 * 7,962,624; attention
//                                  to_qkv + proj 589,824; head 384*32*27 = 331,776
//                                  -> 34,099,200 besides the convs of the resample;
//                                  attention core 2 * P3^2 * 384 MACs per frame
//   first chunk (1 frame, no time conv): P0*1,003,104 + P1*3,585,024 + P2*(331,776 + 14,008,320)
//                                  + P3*(1,327,104 + 34,099,200) + 2*P3^2*384
//   steady chunk (4 frames in):    4 P0*1,003,104 + 4 P1*3,585,024 + 4 P2*331,776 + 2 P2*110,592
//                                  + 2 P2*14,008,320 + 2 P3*1,327,104 + P3*442,368 + P3*34,099,200
//                                  + 2*P3^2*384
//   after the chunks:              conv1 32*32 = 1,024 per latent position, 1 + n frames.
// 832x480x81 (P0 = 399,360, P3 = 6,240, n = 20): first 2,718,280,581,120 FLOPs, steady
//   8,051,557,662,720, conv1 2 * 21 * 6,240 * 1,024 = 268,369,920:
//   2,718,280,581,120 + 20 * 8,051,557,662,720 + 268,369,920 = 163,749,702,205,440.
// 1280x720x81: first 6,453,441,331,200 + 20 * 18,761,003,827,200 + 2 * 21 * 14,400 * 1,024
//   = 381,674,137,190,400.
//
//   decoder (Q0 = h w latent, Q1 = 4 Q0, Q2 = 16 Q0, Q3 = 64 Q0), per latent frame:
//   Q0: conv1 16*384*27 = 165,888; middle 2 res + ups 0-2: 5 * 7,962,624 = 39,813,120;
//       attention 589,824 -> 40,568,832, + core 2 Q0^2 384; ups 3 time conv 384*768*3 = 884,736
//       (steady only, 1 output frame)
//   Q1: ups 3 conv2d 384*192*9 = 663,552 (1 | 2 frames); res 4-6: 6,045,696 + 2 * 7,962,624 =
//       21,970,944 (1 | 2); ups 7 time conv 884,736 (steady only, 2 output frames)
//   Q2: ups 7 conv2d 663,552 (1 | 4); res 8-10: 3 * 1,990,656 = 5,971,968 (1 | 4)
//   Q3: ups 11 conv2d 192*96*9 = 165,888 (1 | 4); res 12-14 3 * 497,664 + head 96*3*27 =
//       1,500,768 (1 | 4)
//   before the chunks: conv2 16*16 = 256 per latent position.
// 832x480x81 (Q0 = 6,240, 21 latent frames): conv2 67,092,480 + first 4,352,193,331,200
//   + 20 * 13,549,997,260,800 = 275,352,205,639,680.
// 1280x720x81: 2 * 21 * 14,400 * 256 + 10,224,009,216,000 + 20 * 31,449,710,592,000
//   = 639,218,375,884,800.
// (Small sizes are checked against the official module, executed, by verify/verify_flops.py.)
#include <wanmeter/models/vae/wan2_1.hpp>

#include "test_tools.hpp"

namespace {
using namespace wanmeter;

constexpr workload w480{.frames = 81, .height = 480, .width = 832};
constexpr workload w720{.frames = 81, .height = 720, .width = 1280};

// --- parameters -------------------------------------------------------------------------------
constexpr metrics enc480 = wan2_1_vae_encode_cost(w480);
constexpr metrics dec480 = wan2_1_vae_decode_cost(w480);
static_assert(enc480.parameters == 53'596'928ULL);
static_assert(dec480.parameters == 73'295'603ULL);
static_assert(enc480.parameters + dec480.parameters == 126'892'531ULL);
static_assert(cost_of(make_wan2_1_vae_encode(w480).encoder).parameters == 53'595'872ULL);
static_assert(make_wan2_1_vae_encode(w480).conv1.cost().parameters == 1'056ULL);
static_assert(make_wan2_1_vae_decode(w480).conv2.cost().parameters == 272ULL);
static_assert(enc480.weight_bytes == 4ULL * 53'596'928ULL); // fp32
// Parameters do not depend on the video size (modules that do not run are still held).
static_assert(wan2_1_vae_encode_cost(workload{.frames = 1, .height = 16, .width = 16}).parameters == 53'596'928ULL);

// --- tensor FLOPs -----------------------------------------------------------------------------
static_assert(enc480.tensor_flops == 163'749'702'205'440ULL);
static_assert(dec480.tensor_flops == 275'352'205'639'680ULL);
static_assert(wan2_1_vae_encode_cost(w720).tensor_flops == 381'674'137'190'400ULL);
static_assert(wan2_1_vae_decode_cost(w720).tensor_flops == 639'218'375'884'800ULL);

// One frame: the first chunk alone (+ conv1 / conv2 over one latent frame).
constexpr workload one480{.frames = 1, .height = 480, .width = 832};
static_assert(wan2_1_vae_encode_cost(one480).tensor_flops == 2'718'280'581'120ULL + 2ULL * 6'240 * 1'024);
static_assert(wan2_1_vae_decode_cost(one480).tensor_flops == 4'352'193'331'200ULL + 2ULL * 6'240 * 256);

// Each further 4 frames add one steady chunk (and one latent frame of conv1 / conv2).
constexpr count enc_flops(count f) { return wan2_1_vae_encode_cost(workload{.frames = f, .height = 480, .width = 832}).tensor_flops; }
constexpr count dec_flops(count f) { return wan2_1_vae_decode_cost(workload{.frames = f, .height = 480, .width = 832}).tensor_flops; }
static_assert(enc_flops(9) - enc_flops(5) == 8'051'557'662'720ULL + 2ULL * 6'240 * 1'024);
static_assert(enc_flops(5) - enc_flops(1) == enc_flops(9) - enc_flops(5));
static_assert(dec_flops(9) - dec_flops(5) == 13'549'997'260'800ULL + 2ULL * 6'240 * 256);
static_assert(dec_flops(5) - dec_flops(1) == dec_flops(9) - dec_flops(5));

// Named modules: the mid-block attention core (4 (h w)^2 C per latent frame, x 21 frames) and
// the decoder's first temporal upsampling conv (skipped in the first chunk).
constexpr wan2_1_vae_encode enc720 = make_wan2_1_vae_encode(w720);
constexpr wan2_1_vae_decode dec720 = make_wan2_1_vae_decode(w720);
static_assert(enc720.encoder.middle.attn.attn_core.cost().tensor_flops == 4ULL * 14'400 * 14'400 * 384 * 21);
static_assert(enc720.encoder.middle.attn.attn_core.cost().tensor_flops == 6'688'604'160'000ULL); // 6.69 TF
static_assert(make_wan2_1_vae_encode(w480).encoder.middle.attn.attn_core.cost().tensor_flops ==
              1'255'971'225'600ULL); // 1.26 TF
static_assert(cost_of(dec720.decoder.upsamples.u3.time_conv).tensor_flops == 20ULL * 2 * 14'400 * 768 * 384 * 3);
static_assert(cost_of(make_wan2_1_vae_decode(one480).decoder.upsamples.u3.time_conv).tensor_flops == 0);
static_assert(cost_of(make_wan2_1_vae_decode(one480).decoder.upsamples.u3.time_conv).parameters == 885'504ULL);
static_assert(cost_of(make_wan2_1_vae_encode(one480).encoder.downsamples.d5.time_conv).tensor_flops == 0);

// --- monotonic in frames and size ---------------------------------------------------------------
static_assert(enc_flops(1) < enc_flops(5) && enc_flops(5) < enc_flops(81));
static_assert(dec_flops(1) < dec_flops(5) && dec_flops(5) < dec_flops(81));
static_assert(enc480.tensor_flops < wan2_1_vae_encode_cost(w720).tensor_flops);
static_assert(dec480.tensor_flops < wan2_1_vae_decode_cost(w720).tensor_flops);
static_assert(wan2_1_vae_decode_cost(workload{.frames = 81, .height = 480, .width = 848}).tensor_flops >
              dec480.tensor_flops);

// --- ids: the official module paths, the same for every workload --------------------------------
using test::kind_at;
template <class N>
constexpr count id_signature(const N& n) { // node count and a position-weighted hash of the ids
  count h = 0, nodes = 0;
  visit(n, [&](const node_path& q, const node_info&, const metrics&) {
    ++nodes;
    for (std::size_t i = 0; i < q.depth(); ++i) {
      h = h * 31 + q[i].index + 7;
      for (char ch : q[i].name) h = h * 131 + static_cast<unsigned char>(ch);
    }
  });
  return h * 1'000 + nodes;
}
constexpr workload tiny{.frames = 1, .height = 16, .width = 16};
constexpr workload small{.frames = 9, .height = 32, .width = 48};
constexpr wan2_1_vae_decode dec_tiny = make_wan2_1_vae_decode(tiny);
constexpr wan2_1_vae_encode enc_tiny = make_wan2_1_vae_encode(tiny);
static_assert(id_signature(dec_tiny) == id_signature(make_wan2_1_vae_decode(small)));
static_assert(id_signature(enc_tiny) == id_signature(make_wan2_1_vae_encode(small)));

constexpr node_path up3 = node_path{} / "decoder" / "upsamples" / "3";
static_assert(kind_at(dec_tiny, up3 / "time_conv") == "conv3d");
static_assert(kind_at(dec_tiny, up3 / "resample" / "0") == "upsample_nearest");
static_assert(kind_at(dec_tiny, up3 / "resample" / "1") == "conv2d");
static_assert(kind_at(dec_tiny, node_path{} / "decoder" / "upsamples" / "11" / "time_conv").empty()); // upsample2d
static_assert(kind_at(dec_tiny, node_path{} / "decoder" / "upsamples" / "0" / "residual" / "5") == "identity");
static_assert(kind_at(dec_tiny, node_path{} / "decoder" / "upsamples" / "4" / "shortcut") == "conv3d"); // 192 -> 384
static_assert(kind_at(dec_tiny, node_path{} / "decoder" / "upsamples" / "5" / "shortcut").empty());
static_assert(kind_at(dec_tiny, node_path{} / "decoder" / "head" / "2") == "conv3d");
static_assert(kind_at(dec_tiny, node_path{} / "conv2") == "conv3d");
static_assert(kind_at(enc_tiny, node_path{} / "encoder" / "downsamples" / "5" / "time_conv") == "conv3d");
static_assert(kind_at(enc_tiny, node_path{} / "encoder" / "downsamples" / "2" / "time_conv").empty()); // down2d
static_assert(kind_at(enc_tiny, node_path{} / "encoder" / "middle" / "1" / "attn_core") == "attention_core");
static_assert(kind_at(enc_tiny, node_path{} / "encoder" / "middle" / "1" / "to_qkv") == "conv2d");
static_assert(kind_at(enc_tiny, node_path{} / "conv1") == "conv3d");
} // namespace
