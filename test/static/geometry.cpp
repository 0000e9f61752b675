// Static tier: token geometry (`wan/text2video.py` `WanT2V.generate`: target_shape and seq_len;
// `wan/image2video.py` for image-conditioned sizes). Building this file is the test.
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/models/wan/profiles.hpp>

namespace {
using namespace wanmeter;
constexpr geometry_rules wan21 = wan2_1_t2v_14b.rules();   // VAE 4x8x8, patch 1x2x2
constexpr geometry_rules wan22 = wan2_2_ti2v_5b.rules();   // VAE 4x16x16, patch 1x2x2

// 1280x720x81: T = (81-1)/4+1 = 21, 720/8 = 90, 1280/8 = 160, tokens/frame = 45*80 = 3,600,
// L = 21 * 3,600 = 75,600.
constexpr token_geometry g720 = make_geometry(wan21, profile_720p);
static_assert(g720.latent_frames == 21 && g720.latent_height == 90 && g720.latent_width == 160);
static_assert(g720.tokens_per_frame == 3'600 && g720.dit_seq_len == 75'600);

// 832x480x81: 21 x 60 x 104, tokens/frame = 30*52 = 1,560, L = 32,760.
constexpr token_geometry g480 = make_geometry(wan21, profile_480p);
static_assert(g480.latent_frames == 21 && g480.latent_height == 60 && g480.latent_width == 104);
static_assert(g480.tokens_per_frame == 1'560 && g480.dit_seq_len == 32'760);

// ci-tiny 256x256x5: T = 2, 32 x 32 latents, 16*16 = 256 tokens/frame, L = 512.
constexpr token_geometry gtiny = make_geometry(wan21, profile_ci_tiny);
static_assert(gtiny.latent_frames == 2 && gtiny.latent_height == 32 && gtiny.latent_width == 32);
static_assert(gtiny.tokens_per_frame == 256 && gtiny.dit_seq_len == 512);

// Wan2.2 VAE, 1280x704x121: T = 31, 44 x 80 latents, 22*40 = 880 tokens/frame, L = 27,280.
constexpr token_geometry g5b = make_geometry(wan22, workload{.frames = 121, .height = 704, .width = 1280});
static_assert(g5b.latent_frames == 31 && g5b.latent_height == 44 && g5b.latent_width == 80);
static_assert(g5b.tokens_per_frame == 880 && g5b.dit_seq_len == 27'280);

// A single frame (T2I): T = 1.
static_assert(make_geometry(wan21, workload{.frames = 1, .height = 1024, .width = 1024}).dit_seq_len == 4'096);

// Batch multiplies the tokens of a forward, not L.
constexpr token_geometry g720b3 = make_geometry(wan21, workload{.batch = 3});
static_assert(g720b3.dit_seq_len == 75'600 && g720b3.batch_tokens() == 226'800);

// Sequence-parallel padding: ceil(L/p)*p.
static_assert(padded_seq_len(75'600, 8) == 75'600);  // divisible
static_assert(padded_seq_len(512, 3) == 513);        // ceil(512/3) = 171 -> 513
static_assert(padded_seq_len(32'760, 1) == 32'760);

// Rules: frames 4n+1, sizes multiples of 16 (Wan2.1) or 32 (Wan2.2), ranges.
static_assert(check_workload(wan21, workload{.frames = 80}) == workload_rule::frames_4n_plus_1);
static_assert(check_workload(wan21, workload{.frames = 0}) == workload_rule::frames_4n_plus_1);
static_assert(check_workload(wan21, workload{.frames = 4093}) == workload_rule::ok);
static_assert(check_workload(wan21, workload{.frames = 4097}) == workload_rule::frames_range);
static_assert(check_workload(wan21, workload{.height = 721}) == workload_rule::height_multiple);
static_assert(check_workload(wan21, workload{.height = 8}) == workload_rule::height_multiple);
static_assert(check_workload(wan21, workload{.width = 0}) == workload_rule::width_multiple);
static_assert(check_workload(wan21, workload{.width = 16'384}) == workload_rule::ok);
static_assert(check_workload(wan21, workload{.width = 16'400}) == workload_rule::width_range);
static_assert(check_workload(wan22, workload{.height = 720}) == workload_rule::height_multiple); // 720 % 32 != 0
static_assert(check_workload(wan22, workload{.height = 704}) == workload_rule::ok);
static_assert(check_workload(wan21, workload{.batch = 0}) == workload_rule::batch_range);
static_assert(check_workload(wan21, workload{.steps = 0}) == workload_rule::steps_range);
static_assert(check_workload(wan21, workload{.steps = 1001}) == workload_rule::steps_range);
static_assert(check_workload(wan21, workload{.guidance_scale = -1.0}) == workload_rule::guidance_scale_range);

// In-language negative test: legality is a predicate usable in constraints.
template <workload W>
concept legal_for_wan21 = is_legal(wan21, W);
static_assert(legal_for_wan21<workload{}>);
static_assert(!legal_for_wan21<workload{.frames = 16}>); // the upstream's illegal 16-frame preset
} // namespace
