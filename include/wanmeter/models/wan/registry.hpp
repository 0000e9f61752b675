#pragma once
// The model ids wanmeter accepts (`--model`; `wanmeter list` shows them) and their DiT
// architectures and inference defaults, for lookup by id at run time.
//
// `find_model("wan2.1-t2v-14b")` returns the entry; an unknown id throws `invalid_input` whose
// message lists every valid id (both compiled in examples/header_snippets.cpp).

#include <wanmeter/core/registry_lookup.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/models/wan/inference_defaults.hpp>

#include <array>
#include <string>
#include <string_view>

namespace wanmeter {

struct model_entry {
  std::string_view id;
  wan_dit_arch arch;
  std::string_view description;
  inference_defaults defaults;
};

inline constexpr std::array<model_entry, 8> model_registry{{
    {"wan2.1-t2v-1.3b", wan2_1_t2v_1_3b, "Wan2.1 text-to-video 1.3B (480P)", defaults_wan2_1_t2v_1_3b},
    {"wan2.1-t2v-14b", wan2_1_t2v_14b, "Wan2.1 text-to-video 14B (480P/720P)", defaults_wan2_1_t2v_14b},
    {"wan2.1-i2v-14b-480p", wan2_1_i2v_14b, "Wan2.1 image-to-video 14B, 480P checkpoint", defaults_wan2_1_i2v_14b_480p},
    {"wan2.1-i2v-14b-720p", wan2_1_i2v_14b, "Wan2.1 image-to-video 14B, 720P checkpoint", defaults_wan2_1_i2v_14b_720p},
    {"wan2.1-flf2v-14b", wan2_1_flf2v_14b, "Wan2.1 first-last-frame-to-video 14B (720P)", defaults_wan2_1_flf2v_14b},
    {"wan2.2-t2v-a14b", wan2_2_t2v_a14b, "Wan2.2 text-to-video A14B (two 14B experts)", defaults_wan2_2_t2v_a14b},
    {"wan2.2-i2v-a14b", wan2_2_i2v_a14b, "Wan2.2 image-to-video A14B (two 14B experts)", defaults_wan2_2_i2v_a14b},
    {"wan2.2-ti2v-5b", wan2_2_ti2v_5b, "Wan2.2 text/image-to-video 5B (Wan2.2 VAE)", defaults_wan2_2_ti2v_5b},
}};

/// Comma-separated list of the valid model ids.
[[nodiscard]] inline std::string model_ids() { return ids_of(model_registry); }

/// The model with id `id`, or nullptr.
[[nodiscard]] constexpr const model_entry* try_find_model(std::string_view id) {
  return try_find_by_id(model_registry, id);
}

/// The model with id `id`; throws `invalid_input` (knob "model") listing the valid ids otherwise.
[[nodiscard]] inline const model_entry& find_model(std::string_view id) {
  return find_by_id(model_registry, id, "model");
}

} // namespace wanmeter
