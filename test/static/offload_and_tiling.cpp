// Static tier: the offload policies (perf/offload_policy.hpp, run/plan.hpp) and the tiled VAE
// decode (models/vae/tiling.hpp). Every expected number is derived by hand in the comment next to
// it from the official element counts (dit_params.cpp, t5_encoder.cpp, vae_wan2_1.cpp) and the
// rules of the engines the headers cite, never read back from the code under test.
#include <wanmeter/models/vae/tiling.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/perf/memory.hpp>
#include <wanmeter/run/plan.hpp>

namespace {
using namespace wanmeter;

// ---- Tiles (diffusers AutoencoderKLWan: 32-latent tiles, stride 24) ------------------------
// 720 px = 90 latents: starts 0, 24, 48, 72 -> 32, 32, 32, 18.
constexpr tile_axis rows720 = tile_axis_of(90);
static_assert(rows720.classes == 2 && rows720.size[0] == 32 && rows720.n[0] == 3 && rows720.size[1] == 18 &&
              rows720.n[1] == 1 && rows720.tiles == 4 && rows720.covered == 114);
// 1280 px = 160 latents: starts 0, 24, ..., 144 -> 32 x 6 (120 + 32 = 152 <= 160), then 16.
constexpr tile_axis cols1280 = tile_axis_of(160);
static_assert(cols1280.classes == 2 && cols1280.n[0] == 6 && cols1280.size[1] == 16 && cols1280.tiles == 7 &&
              cols1280.covered == 208);
// 50 latents: starts 0, 24, 48 -> 32, 26, 2: three sizes.
constexpr tile_axis odd = tile_axis_of(50);
static_assert(odd.classes == 3 && odd.size[0] == 32 && odd.size[1] == 26 && odd.size[2] == 2 && odd.tiles == 3);
// 30 latents: starts 0, 24 -> 30 (the whole axis), 6; diffusers still runs the second tile.
static_assert(tile_axis_of(30).tiles == 2 && tile_axis_of(30).size[0] == 30 && tile_axis_of(30).size[1] == 6);
// Tiling runs only past one tile on a side.
static_assert(!vae_tiling_applies(32, 32) && vae_tiling_applies(33, 8) && vae_tiling_applies(8, 33));
// Blends of 1280x720: vertical, rows 1-3 x every column: 3 x 8 x 208 = 4,992; horizontal,
// columns 1-6 x every row: 6 x 8 x 114 = 5,472 (every neighbour pair is at least 8 wide).
static_assert(vae_blend_latent_pixels(rows720, cols1280) == 4'992 + 5'472);

// ---- The tiled decode of Wan2.1 T2V-14B 1280x720x81 ---------------------------------------
constexpr const model_entry& t2v14 = *try_find_model("wan2.1-t2v-14b");
constexpr workload w720{.frames = 81, .height = 720, .width = 1280, .steps = 50, .guidance_scale = 5.0};
constexpr run_plan plan_of(const run_execution& x, const workload& w = w720) {
  return make_run_plan(run_request{.model = t2v14, .w = w, .exec = x});
}
constexpr run_plan tiled720 = plan_of(run_execution{.vae_tiling = true});
static_assert(tiled720.vae_tiling.tiled && tiled720.vae_tiling.tiles == 28);
static_assert(!plan_of(run_execution{}).vae_tiling.tiled);

constexpr vae_tiled_decode<wan2_1_vae_decode> tiled = make_wan2_1_tiled_decode(tiled720);
// Live set of one tile (the rules of models/vae/liveness.hpp, scaled from the untiled worked
// example): caches are linear in the latent area, 8,716,492,800 / 14,400 = 605,312 B per latent
// px; the phase is the first conv of upsamples.12 (96 ch, 4 frames at full size): 2 x input +
// padded (H+2)(W+2) x 6 frames copy + output; the tile's video 3 x 81 x h x w x 4.
//   32x32 (256x256 px): 605,312 x 1,024 = 619,839,488; 2 x 100,663,296 + 96 x 6 x 258 x 258 x 4
//     153,363,456 + 100,663,296 = 455,353,344; video 63,700,992 -> 1,138,893,824
//   32x16 (256x128): 309,919,744 + (100,663,296 + 77,276,160 + 50,331,648) + 31,850,496 = 570,041,344
//   18x32 (144x256): 348,659,712 + (113,246,208 + 86,787,072 + 56,623,104) + 35,831,808 = 641,147,904
//   18x16 (144x128): 174,329,856 + (56,623,104 + 43,729,920 + 28,311,552) + 17,915,904 = 320,910,336
static_assert(tiled.live_bytes[0] == 1'138'893'824);
static_assert(tiled.live_bytes[1] == 570'041'344);
static_assert(tiled.live_bytes[3] == 641'147'904);
static_assert(tiled.live_bytes[4] == 320'910'336);
// Peak: while tiles decode, the largest is the last full tile of row 2: two rows of outputs
// 2 x (6 x 63,700,992 + 31,850,496) + 5 x 63,700,992 = 1,146,617,856 + 1,138,893,824 =
// 2,285,511,680. At the stitch: every output 3 x 414,056,448 + 6 x 35,831,808 + 17,915,904 =
// 1,475,076,096 + 3 videos of 895,795,200 = 4,162,461,696: the peak (15.99 GB untiled).
static_assert(vae_tiled_activation_bytes(tiled) == 4'162'461'696ULL);
// Work: every tile runs the whole decoder. The head conv (96 -> 3, 3^3) over 81 frames of every
// tile's pixels: 2 x 27 x 96 x 3 x 81 x (114 x 8) x (208 x 8) = 1,911,698,620,416 FLOPs
// (1,160,950,579,200 untiled: the 1,517,568 / 921,600 = 1.65x of the overlap).
constexpr count head_flops = [] {
  count f = 0;
  for (const auto& g : tiled.groups) {
    if (g.present) f += cost_of(g.node.decoder.head).tensor_flops;
  }
  return f;
}();
static_assert(head_flops == 1'911'698'620'416ULL);
// The middle attention of the 18 full tiles: 4 (h w)^2 C per latent frame = 4 x 1,024^2 x 384 x
// 21 frames x 18 tiles = 608,811,614,208 (the tiles see 1,024 tokens, not 14,400).
static_assert(tiled.groups[0].node.decoder.middle.attn.attn_core.cost().tensor_flops == 608'811'614'208ULL);
// The parameters are held once: the tiled tree has the decode tree's 73,295,603.
static_assert(cost_of(tiled).parameters == 73'295'603);
// Blend: 10,464 latent px x 3 x 81 frames x 8^2 px = 162,736,128 elements.
static_assert(tiled.blend.elements == 162'736'128);

// ---- Block offload ----------------------------------------------------------------------
// One Wan2.1 14B block (D 5120, FFN 13824): self_attn and cross_attn 2 x (4 (D^2 + D) + 2D) =
// 209,776,640, norm3 2D 10,240, ffn 2 x 5120 x 13824 + 13824 + 5120 = 141,576,704, modulation
// 6D 30,720 -> 351,394,304 params; in bf16 702,788,608 B. The rest: 14,288,491,584 - 40 x
// 351,394,304 = 232,719,424 params (patch 332,800 + text 47,196,160 + time 27,535,360 + time
// projection 157,317,120 + head 327,744 + head modulation 10,240), 465,438,848 B in bf16.
constexpr run_execution block10{.dit_weight = dtype::bf16, .offload = offload_policy::block, .resident_blocks = 10};
constexpr run_plan b10 = plan_of(block10);
static_assert(b10.offload.block_bytes == 702'788'608 && b10.offload.dit_root_bytes == 465'438'848);
static_assert(b10.offload.resident_blocks == 10 && b10.offload.streamed_blocks == 30);
// The DiT stage holds its root, 10 resident blocks and 2 stream buffers, plus the VAE
// (126,892,531 x 4 = 507,570,124): 465,438,848 + 12 x 702,788,608 + 507,570,124.
static_assert(b10.stage(stage_id::dit)->resident_weights_bytes == 465'438'848ULL + 12 * 702'788'608ULL + 507'570'124ULL);
// The text encoder stage: the T5 (11,361,820,672) and the VAE; the DiT is not resident then.
static_assert(b10.stage(stage_id::text_encoder)->resident_weights_bytes == 11'361'820'672ULL + 507'570'124ULL);
// Moves: the T5, then the DiT's root and resident blocks: 465,438,848 + 10 x 702,788,608.
static_assert(b10.move_count == 2 && b10.moves[0] == 11'361'820'672ULL && b10.moves[1] == 7'493'324'928ULL);
// Streams: the 30 other blocks, every one of the 100 forwards; pageable (the default) cannot overlap.
static_assert(b10.stream_count == 1 && b10.streams[0].calls == 100 && b10.streams[0].units == 30 &&
              b10.streams[0].unit_bytes == 702'788'608 && !b10.streams[0].overlapped);
// Host RAM: the whole bf16 DiT (14,288,491,584 x 2) and the T5.
static_assert(b10.offload.host_bytes == 28'576'983'168ULL + 11'361'820'672ULL);
// Without a device the default keeps no block: root + 2 buffers.
static_assert(plan_of(run_execution{.dit_weight = dtype::bf16, .offload = offload_policy::block})
                  .stage(stage_id::dit)
                  ->resident_weights_bytes == 465'438'848ULL + 2 * 702'788'608ULL + 507'570'124ULL);
// With pinned memory the stream overlaps.
static_assert(plan_of(run_execution{.dit_weight = dtype::bf16, .offload = offload_policy::block,
                                    .resident_blocks = 40, .host = host_memory::pinned})
                  .stream_count == 0); // every block resident: nothing streams
// The most resident blocks: RTX 4090 (25,769,803,776 B), other 7,352,180,812 B (VAE + root +
// activations), block 702,788,608: (25,769,803,776 - 7,352,180,812) / 702,788,608 = 26.2 -> 26
// slots, 2 of them stream buffers -> 24.
static_assert(detail::most_resident_blocks(40, 702'788'608, 7'352'180'812, 25'769'803'776) == 24);
static_assert(detail::most_resident_blocks(40, 702'788'608, 1'000, 80'000'000'000) == 40);  // all fit
static_assert(detail::most_resident_blocks(40, 702'788'608, 30'000'000'000, 25'769'803'776) == 0);
static_assert(detail::most_resident_blocks(40, 702'788'608, 24'000'000'000, 25'769'803'776) == 0); // 2 slots

// ---- Sequential offload ------------------------------------------------------------------
constexpr run_plan seq = plan_of(run_execution{.offload = offload_policy::sequential});
// The device holds the largest module: in the fp32 DiT, time_projection.1 (5120 x 30720 + 30720
// = 157,317,120 params, 629,268,480 B); in the bf16 T5, the token embedding 256,384 x 4096 x 2.
static_assert(seq.stage(stage_id::dit)->resident_weights_bytes == 629'268'480ULL);
static_assert(seq.stage(stage_id::text_encoder)->resident_weights_bytes == 2'100'297'728ULL);
static_assert(seq.move_count == 0);
// Streams: the T5 per prompt (2 calls), the whole DiT per forward, the decoder (73,295,603 x 4)
// once per latent frame (21).
static_assert(seq.stream_count == 3);
static_assert(seq.streams[0].stage == stage_id::text_encoder && seq.streams[0].calls == 2 &&
              seq.streams[0].bytes_per_call() == 11'361'820'672ULL);
static_assert(seq.streams[1].stage == stage_id::dit && seq.streams[1].calls == 100 &&
              seq.streams[1].bytes_per_call() == 57'153'966'336ULL);
static_assert(seq.streams[2].stage == stage_id::vae_decode && seq.streams[2].bytes_per_call() == 21 * 293'182'412ULL);
// Host RAM: every model: 57,153,966,336 + 11,361,820,672 + 507,570,124.
static_assert(seq.offload.host_bytes == 69'023'357'132ULL);

// ---- The official policy is unchanged; no offload holds everything ------------------------
static_assert(plan_of(official_single_gpu(false, false)).offload.host_bytes == 57'153'966'336ULL + 11'361'820'672ULL);
static_assert(plan_of(run_execution{}).offload.host_bytes == 0);
static_assert(plan_of(run_execution{.t5_cpu = true}).offload.host_bytes == 11'361'820'672ULL);

} // namespace
