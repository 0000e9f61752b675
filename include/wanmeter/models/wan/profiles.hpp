#pragma once
// Named workload profiles (`--profile`; `wanmeter list` shows them): the official 832*480 and
// 1280*720 sizes of the Wan2.1 `generate.py` (81 frames, 50 steps), a square 512x512, and the
// smallest run the smoke tests use.
//
// | id             | size (W x H) | frames | steps | guidance |
// |----------------|--------------|--------|-------|----------|
// | wan2-1-ci-tiny | 256 x 256    | 5      | 1     | 5.0      |  tiny: 2 x 16 x 16 = 512 tokens
// | wan2-1-480p    | 832 x 480    | 81     | 50    | 5.0      |  32,760 tokens
// | wan2-1-512p    | 512 x 512    | 81     | 50    | 5.0      |  21,504 tokens
// | wan2-1-720p    | 1280 x 720   | 81     | 50    | 5.0      |  75,600 tokens
//
// Frames are always 4n + 1 (the VAE encodes the first frame alone, then chunks of 4), so the
// smallest multi-chunk run has 5 frames.

#include <wanmeter/core/registry_lookup.hpp>
#include <wanmeter/core/workload.hpp>

#include <array>
#include <string>
#include <string_view>

namespace wanmeter {

struct profile_entry {
  std::string_view id;
  workload w;
  std::string_view description;
};

inline constexpr workload profile_ci_tiny{.batch = 1, .frames = 5, .height = 256, .width = 256, .steps = 1};
inline constexpr workload profile_480p{.batch = 1, .frames = 81, .height = 480, .width = 832, .steps = 50};
inline constexpr workload profile_512p{.batch = 1, .frames = 81, .height = 512, .width = 512, .steps = 50};
inline constexpr workload profile_720p{.batch = 1, .frames = 81, .height = 720, .width = 1280, .steps = 50};

inline constexpr std::array<profile_entry, 4> profile_registry{{
    {"wan2-1-ci-tiny", profile_ci_tiny, "256x256, 5 frames, 1 step: smoke tests"},
    {"wan2-1-480p", profile_480p, "832x480, 81 frames, 50 steps"},
    {"wan2-1-512p", profile_512p, "512x512, 81 frames, 50 steps"},
    {"wan2-1-720p", profile_720p, "1280x720, 81 frames, 50 steps"},
}};

/// Comma-separated list of the valid profile ids.
[[nodiscard]] inline std::string profile_ids() { return ids_of(profile_registry); }

/// The profile with id `id`, or nullptr.
[[nodiscard]] constexpr const profile_entry* try_find_profile(std::string_view id) {
  return try_find_by_id(profile_registry, id);
}

/// The profile with id `id`; throws `invalid_input` (knob "profile") listing the valid ids otherwise.
[[nodiscard]] inline const profile_entry& find_profile(std::string_view id) {
  return find_by_id(profile_registry, id, "profile");
}

} // namespace wanmeter
