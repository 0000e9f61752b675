#pragma once
// Default inference settings of each official model (`generate.py` and `wan/configs/` of
// Wan-Video/Wan2.1 and Wan2.2: sample_steps, sample_shift, sample_guide_scale, boundary, frame_num
// and the SUPPORTED_SIZES table), and the sizes each accepts.
//
// | model             | size (W x H) | frames | steps | shift | guidance (low, high) | expert boundary |
// |-------------------|--------------|--------|-------|-------|----------------------|-----------------|
// | wan2.1-t2v-1.3b   | 832 x 480    | 81     | 50    | 5.0   | 5.0                  |                 |
// | wan2.1-t2v-14b    | 1280 x 720   | 81     | 50    | 5.0   | 5.0                  |                 |
// | wan2.1-i2v-14b-480p | 832 x 480 (max area) | 81 | 40 | 3.0 | 5.0                |                 |
// | wan2.1-i2v-14b-720p | 1280 x 720 (max area) | 81 | 40 | 5.0 | 5.0               |                 |
// | wan2.1-flf2v-14b  | 1280 x 720 (max area) | 81 | 50 | 16.0 | 5.0              |                 |
// | wan2.2-t2v-a14b   | 1280 x 720   | 81     | 40    | 12.0  | (3.0, 4.0)           | 0.875           |
// | wan2.2-i2v-a14b   | 1280 x 720 (max area) | 81 | 40 | 5.0 | (3.5, 3.5)          | 0.900           |
// | wan2.2-ti2v-5b    | 1280 x 704   | 121    | 50    | 5.0   | 5.0                  |                 |
//
// The A14B pair's two guidance scales (low, high) are not stored: a cost depends only on whether
// a scale is 1 (one forward per step) or not (two), and every official scale is above 1. `w`
// carries the high-noise expert's scale.

#include <wanmeter/core/workload.hpp>

namespace wanmeter {

struct inference_defaults {
  workload w{};                  ///< default size, frames, steps and guidance
  double shift = 5.0;            ///< flow-matching sample shift
  double boundary = 0.0;         ///< expert switch (A14B); 0 = one model
  bool image_input = false;      ///< the size is a maximum area and follows the input image
  friend constexpr bool operator==(const inference_defaults&, const inference_defaults&) = default;
};

inline constexpr inference_defaults defaults_wan2_1_t2v_1_3b{
    .w = {.frames = 81, .height = 480, .width = 832, .steps = 50, .guidance_scale = 5.0}};
inline constexpr inference_defaults defaults_wan2_1_t2v_14b{
    .w = {.frames = 81, .height = 720, .width = 1280, .steps = 50, .guidance_scale = 5.0}};
inline constexpr inference_defaults defaults_wan2_1_i2v_14b_480p{
    .w = {.frames = 81, .height = 480, .width = 832, .steps = 40, .guidance_scale = 5.0},
    .shift = 3.0, .image_input = true};
inline constexpr inference_defaults defaults_wan2_1_i2v_14b_720p{
    .w = {.frames = 81, .height = 720, .width = 1280, .steps = 40, .guidance_scale = 5.0},
    .image_input = true};
inline constexpr inference_defaults defaults_wan2_1_flf2v_14b{
    .w = {.frames = 81, .height = 720, .width = 1280, .steps = 50, .guidance_scale = 5.0},
    .shift = 16.0, .image_input = true};
inline constexpr inference_defaults defaults_wan2_2_t2v_a14b{
    .w = {.frames = 81, .height = 720, .width = 1280, .steps = 40, .guidance_scale = 4.0},
    .shift = 12.0, .boundary = 0.875};
inline constexpr inference_defaults defaults_wan2_2_i2v_a14b{
    .w = {.frames = 81, .height = 720, .width = 1280, .steps = 40, .guidance_scale = 3.5},
    .shift = 5.0, .boundary = 0.900, .image_input = true};
inline constexpr inference_defaults defaults_wan2_2_ti2v_5b{
    .w = {.frames = 121, .height = 704, .width = 1280, .steps = 50, .guidance_scale = 5.0}};

} // namespace wanmeter
