// The code examples quoted in the library's header comments, compiled and run, so that a comment
// that stops being true stops the build (as Hana compiles the examples its docs show). Each
// section names the header whose comment quotes it; keep the two in step.
#include <wanmeter.hpp>
#include <wanmeter/core/registry_lookup.hpp>
#include <wanmeter/layers/uniform_dtype.hpp>

#include <cstdio>
#include <string>
#include <string_view>

using namespace wanmeter;

namespace {

// --- core/workload.hpp: a workload is a structural type, usable as a template argument --------
template <workload W>
constexpr count forwards_of = dit_cost_model<wan2_1_t2v_14b>::run(W).forwards;
static_assert(forwards_of<workload{.frames = 81}> == 100); // 50 steps x 2 (guidance 5)
static_assert(forwards_of<workload{.steps = 40, .guidance_scale = 1.0}> == 40);

// --- core/checked.hpp: `mul(2, L, D, D)`, each step checked ---------------------------------
static_assert(mul(2, 75'600, 5'120, 5'120) == 3'963'617'280'000ULL); // one 5120 x 5120 Linear at 720p

// --- core/registry_lookup.hpp and the registries built on it --------------------------------
static_assert(try_find_by_id(model_registry, "wan2.1-t2v-14b")->arch == wan2_1_t2v_14b);
static_assert(try_find_by_id(model_registry, "wan2.1-t2v-13b") == nullptr);
static_assert(try_find_profile("wan2-1-720p")->w == profile_720p);

// --- hw/devices.hpp -------------------------------------------------------------------------
static_assert(try_find_device("h100-sxm")->bf16_tensor_flops == 989'429'760'000'000ULL);
static_assert(try_find_device("h100") == nullptr);

// --- models/wan/arch.hpp: the one home of the VAE kind ---------------------------------------
static_assert(vae_kind_of(wan2_2_ti2v_5b) == vae_kind::wan2_2);
static_assert(vae_kind_of(wan2_2_t2v_a14b) == vae_kind::wan2_1);

// --- models/wan/dit_cost_model.hpp ----------------------------------------------------------
static_assert(dit_cost_model<wan2_1_t2v_14b>::forward(profile_720p).tensor_flops == 6'523'436'592'005'120ULL);
static_assert(dit_cost_model<wan2_1_t2v_14b>::run(profile_720p).total.tensor_flops ==
              100 * 6'523'436'592'005'120ULL);

// --- layers/uniform_dtype.hpp ---------------------------------------------------------------
static_assert(uniform_dtype(linear{.rows = 512, .in = 4096, .out = 4096, .act = dtype::bf16}).input == dtype::bf16);
static_assert(uniform_dtype(linear{.rows = 512, .in = 4096, .out = 4096, .act = dtype::fp16}).input == dtype::fp16);

/// The message `f` throws as invalid_input, or "" when it does not throw.
template <class F>
std::string message_of(F f) {
  try {
    (void)f();
  } catch (const invalid_input& e) {
    return e.what();
  }
  return {};
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

} // namespace

int main() {
  int failures = 0;
  const auto check = [&](bool ok, const char* what) {
    if (!ok) {
      std::printf("header snippet broken: %s\n", what);
      ++failures;
    }
  };
  // core/registry_lookup.hpp and models/wan/registry.hpp
  check(find_model("wan2.1-t2v-14b").arch == wan2_1_t2v_14b, "find_model(\"wan2.1-t2v-14b\")");
  check(starts_with(message_of([] { return find_by_id(model_registry, "wan2.1-t2v-13b", "model"); }),
                    "wanmeter: invalid model = wan2.1-t2v-13b: unknown model id; valid ids: wan2.1-t2v-1.3b, "
                    "wan2.1-t2v-14b, "),
        "find_by_id(model_registry, \"wan2.1-t2v-13b\", \"model\")");
  check(starts_with(ids_of(profile_registry), "wan2-1-ci-tiny, wan2-1-480p"), "ids_of(profile_registry)");
  // hw/devices.hpp
  check(find_device("h100-sxm").bf16_tensor_flops == 989'429'760'000'000ULL, "find_device(\"h100-sxm\")");
  check(starts_with(message_of([] { return find_device("h100"); }),
                    "wanmeter: invalid device = h100: unknown device id; valid ids: h100-sxm, "),
        "find_device(\"h100\")");
  if (failures == 0) std::printf("header snippets hold\n");
  return failures == 0 ? 0 : 1;
}
