#pragma once
// Validation data (tests only, not installed): third-party timings of Wan runs with the options
// practitioners turn (attention kernels, fp8 weights, CFG off, few-step distillation, TF32),
// for docs/accuracy-options.md and test/runtime/option_accuracy.cpp. Every row names its source;
// the settings are the ones the source states, and what it leaves unstated is an assumption of
// the row (`assumes`), repeated in the docs.
//
// Sources:
//   * LightX2V README (ModelTC/LightX2V, 2025-12-01, cross-framework table): Wan2.1-I2V-14B-480P,
//     832x480x81, 40 steps, CFG; H100 x1 5.18 s/it; H100 x8 0.75 s/it, no CFG 0.39, no CFG +
//     fp8 0.35 (s/it = seconds per denoising step).
//   * LightX2V docs/EN/source/getting_started/benchmark_source.md, H200 table, configs in
//     configs/bench/: lightx2v_2.json (sage_attn2, bf16, no offload, guidance 5, 40 steps),
//     lightx2v_3.json (+ dit_quant_scheme fp8-sgl, tiling VAE), lightx2v_3_distill.json (4 steps,
//     enable_cfg false, fp8). Inference time of the whole run, 480P (832x480x81) and 720P
//     (1280x720x81) Wan2.1-I2V-14B.
//   * Morphic blog (morphic.com, October 2025, reposted on dev.to): Wan2.2 I2V-A14B, 1280x720x81,
//     40 steps, 8 x H100, official code with FSDP + Ulysses 8: FA2 250.7 s, FA3 195.13 s, and
//     enabling TF32 matmul a further 1.57x (195.13 / 1.57 = 124.3 s).
//   * Voltage Park blog ("Accelerating Wan2.2: From 4.67s to 1.5s per denoising step"): Wan2.2
//     T2V-A14B, 8 GPUs with FA3 (Hopper), Ulysses: 4.67 s per step at 40 steps.
//   * FastVideo profile, Hugging Face dataset rich7421/fastvideo-wan-h100-sp1-nsys: Wan2.1 T2V
//     1.3B on one H100 SXM, SP 1: 182.5 s with FA2, 114.7 s with FA3 (1.59x); resolution and
//     steps not given, so only the speedup is compared (at the model's defaults, 832x480x81,
//     50 steps).

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/weight_format.hpp>
#include <wanmeter/perf/efficiency.hpp>
#include <wanmeter/run/parallel.hpp>

#include <array>
#include <string_view>

namespace wanmeter {

/// What a row's figure measures.
enum class option_metric : unsigned char {
  total_s,          ///< the whole run, seconds
  dit_step_s,       ///< DiT time per sampling step (all forwards of the step), seconds
  speedup,          ///< end-to-end time with `baseline_attention` over the time with `attention`
};

struct published_option_run {
  std::string_view source;
  std::string_view label;       ///< the row as the source names it
  std::string_view model_id;
  std::string_view device_id;
  count width = 0;
  count height = 0;             ///< also the input image's size for the image-to-video rows
  count frames = 81;
  count steps = 0;              ///< 0: the model's default
  double guidance_scale = 0.0;  ///< 0: the model's default; 1: CFG off
  bool eager = true;            ///< --exec eager (the official module structure) or fused
  dtype weight = dtype::bf16;   ///< dense weight storage
  weight_quant quant = weight_quant::none;
  attention_kernel attention = attention_kernel::automatic;
  attention_kernel baseline_attention = attention_kernel::automatic; ///< speedup rows
  bool allow_tf32 = false;
  bool offload = false;
  bool distilled = false;
  bool vae_tiling = false; ///< the engine decodes in tiles (LightX2V's `use_tiling_vae`)
  parallel_layout layout{};
  option_metric metric = option_metric::total_s;
  double published = 0.0;
  /// The engine's implementation of the options is known (its config or code is public): the
  /// row is held to the 25% target; otherwise the docs say why it is not.
  bool implementation_known = true;
  std::string_view assumes;     ///< what the model assumes about that engine
};

namespace detail {
inline constexpr parallel_layout ulysses8{.ulysses = 8};
inline constexpr parallel_layout fsdp_ulysses8{.ulysses = 8, .dit_fsdp = true, .t5_fsdp = true};
inline constexpr std::string_view lightx2v_assumes =
    "LightX2V as the official module structure in eager PyTorch (fp32 norms and modulation, its "
    "sensitive layers) with SageAttention2 (sage_attn2 in its configs) and bf16 weights; fp8-sgl "
    "as per-channel fp8 weights with per-token fp8 activations (fp8 GEMMs on Hopper)";
} // namespace detail

inline constexpr std::array<published_option_run, 17> published_option_runs{{
    // --- LightX2V README, H100 (s/it) ---
    {.source = "LightX2V README", .label = "H100 x1, CFG", .model_id = "wan2.1-i2v-14b-480p", .device_id = "h100-sxm",
     .width = 832, .height = 480, .steps = 40, .attention = attention_kernel::sage2,
     .metric = option_metric::dit_step_s, .published = 5.18, .implementation_known = false,
     .assumes = "the bench configs' kernels (sage_attn2, bf16); the README table does not name its config"},
    {.source = "LightX2V README", .label = "H100 x8, CFG", .model_id = "wan2.1-i2v-14b-480p", .device_id = "h100-sxm",
     .width = 832, .height = 480, .steps = 40, .attention = attention_kernel::sage2, .layout = detail::ulysses8,
     .metric = option_metric::dit_step_s, .published = 0.75, .implementation_known = false,
     .assumes = "as H100 x1, Ulysses 8 (seq_p_size 8), the two CFG passes one after the other"},
    {.source = "LightX2V README", .label = "H100 x8, no CFG", .model_id = "wan2.1-i2v-14b-480p",
     .device_id = "h100-sxm", .width = 832, .height = 480, .steps = 40, .guidance_scale = 1.0,
     .attention = attention_kernel::sage2, .layout = detail::ulysses8, .metric = option_metric::dit_step_s,
     .published = 0.39, .implementation_known = false, .assumes = "as H100 x8, guidance 1"},
    {.source = "LightX2V README", .label = "H100 x8, no CFG, fp8", .model_id = "wan2.1-i2v-14b-480p",
     .device_id = "h100-sxm", .width = 832, .height = 480, .steps = 40, .guidance_scale = 1.0,
     .quant = weight_quant::fp8, .attention = attention_kernel::sage2, .layout = detail::ulysses8,
     .metric = option_metric::dit_step_s, .published = 0.35, .implementation_known = false,
     .assumes = "as H100 x8, no CFG, with fp8 GEMMs"},
    // --- LightX2V benchmark, H200 (whole run, seconds; configs/bench) ---
    {.source = "LightX2V benchmark H200", .label = "480P LightX2V_2 (sage2, bf16)", .model_id = "wan2.1-i2v-14b-480p",
     .device_id = "h200-sxm", .width = 832, .height = 480, .steps = 40, .attention = attention_kernel::sage2,
     .published = 216.0, .assumes = detail::lightx2v_assumes},
    {.source = "LightX2V benchmark H200", .label = "480P LightX2V_3 (+ fp8)", .model_id = "wan2.1-i2v-14b-480p",
     .device_id = "h200-sxm", .width = 832, .height = 480, .steps = 40, .quant = weight_quant::fp8,
     .attention = attention_kernel::sage2, .vae_tiling = true, .published = 191.0, .assumes = detail::lightx2v_assumes},
    {.source = "LightX2V benchmark H200", .label = "480P LightX2V_3-Distill (4 steps, no CFG, fp8)",
     .model_id = "wan2.1-i2v-14b-480p", .device_id = "h200-sxm", .width = 832, .height = 480,
     .quant = weight_quant::fp8, .attention = attention_kernel::sage2, .distilled = true, .vae_tiling = true, .published = 14.0,
     .implementation_known = false,
     .assumes = "as LightX2V_3 with the distilled preset; its tiling VAE, T5, CLIP and the 81-frame VAE encode "
                "are most of the 14 s and are not calibrated"},
    {.source = "LightX2V benchmark H200", .label = "720P LightX2V_2 (sage2, bf16)", .model_id = "wan2.1-i2v-14b-720p",
     .device_id = "h200-sxm", .width = 1280, .height = 720, .steps = 40, .attention = attention_kernel::sage2,
     .published = 751.0, .assumes = detail::lightx2v_assumes},
    {.source = "LightX2V benchmark H200", .label = "720P LightX2V_3 (+ fp8)", .model_id = "wan2.1-i2v-14b-720p",
     .device_id = "h200-sxm", .width = 1280, .height = 720, .steps = 40, .quant = weight_quant::fp8,
     .attention = attention_kernel::sage2, .vae_tiling = true, .published = 671.0, .assumes = detail::lightx2v_assumes},
    {.source = "LightX2V benchmark H200", .label = "720P LightX2V_3-Distill (4 steps, no CFG, fp8)",
     .model_id = "wan2.1-i2v-14b-720p", .device_id = "h200-sxm", .width = 1280, .height = 720,
     .quant = weight_quant::fp8, .attention = attention_kernel::sage2, .distilled = true, .vae_tiling = true, .published = 44.0,
     .implementation_known = false,
     .assumes = "as the 480P distilled row: the fixed stages (tiling VAE decode, VAE encode) dominate"},
    // --- Morphic, Wan2.2 I2V-A14B, 8 x H100, official code, FSDP + Ulysses 8 ---
    {.source = "Morphic blog", .label = "FA2", .model_id = "wan2.2-i2v-a14b", .device_id = "h100-sxm", .width = 1280,
     .height = 720, .steps = 40, .attention = attention_kernel::flash_attention_2, .layout = detail::fsdp_ulysses8,
     .published = 250.7, .assumes = "the official code (eager, bf16 weights), FSDP for the DiT and T5"},
    {.source = "Morphic blog", .label = "FA3", .model_id = "wan2.2-i2v-a14b", .device_id = "h100-sxm", .width = 1280,
     .height = 720, .steps = 40, .attention = attention_kernel::flash_attention_3, .layout = detail::fsdp_ulysses8,
     .published = 195.13, .assumes = "as FA2"},
    {.source = "Morphic blog", .label = "FA3 + TF32 (195.13 / 1.57)", .model_id = "wan2.2-i2v-a14b",
     .device_id = "h100-sxm", .width = 1280, .height = 720, .steps = 40,
     .attention = attention_kernel::flash_attention_3, .allow_tf32 = true, .layout = detail::fsdp_ulysses8,
     .published = 124.3, .assumes = "as FA3, torch.backends.cuda.matmul.allow_tf32 = True"},
    // --- Voltage Park, Wan2.2 T2V-A14B, 8 GPUs, Ulysses + FA3 ---
    {.source = "Voltage Park blog", .label = "baseline, 40 steps", .model_id = "wan2.2-t2v-a14b",
     .device_id = "h100-sxm", .width = 1280, .height = 720, .steps = 40,
     .attention = attention_kernel::flash_attention_3, .layout = detail::fsdp_ulysses8,
     .metric = option_metric::dit_step_s, .published = 4.67, .implementation_known = false,
     .assumes = "the official code on 8 x H100 SXM (the post names FA3, so Hopper; not the part) at 1280x720, "
                "FSDP as the official 8-GPU command"},
    // --- FastVideo, Wan2.1 T2V-1.3B, H100 SXM, SP 1: FA2 -> FA3 ---
    {.source = "FastVideo nsys profile", .label = "FA2 182.5 s -> FA3 114.7 s", .model_id = "wan2.1-t2v-1.3b",
     .device_id = "h100-sxm", .width = 832, .height = 480, .attention = attention_kernel::flash_attention_3,
     .baseline_attention = attention_kernel::flash_attention_2, .metric = option_metric::speedup,
     .published = 182.5 / 114.7, .implementation_known = false,
     .assumes = "the official module structure at the model's defaults (832x480x81, 50 steps, CFG); the "
                "profile's size and steps are not given, and the speedup depends on the attention share"},
    // --- the same H100 README rows, with what the 1-GPU table's other engines run ---
    {.source = "LightX2V README", .label = "H100 x1, FastVideo (sage2 backend)", .model_id = "wan2.1-i2v-14b-480p",
     .device_id = "h100-sxm", .width = 832, .height = 480, .steps = 40, .attention = attention_kernel::sage2,
     .metric = option_metric::dit_step_s, .published = 7.35, .implementation_known = false,
     .assumes = "FastVideo with its SageAttention2 backend (LightX2V's benchmark notes); its kernels' overheads "
                "are not modelled"},
    {.source = "LightX2V README", .label = "H100 x1, Diffusers", .model_id = "wan2.1-i2v-14b-480p",
     .device_id = "h100-sxm", .width = 832, .height = 480, .steps = 40,
     .attention = attention_kernel::sdpa, .metric = option_metric::dit_step_s, .published = 9.77,
     .implementation_known = false,
     .assumes = "diffusers' WanTransformer3DModel with PyTorch SDPA (its default attention processor), bf16"},
}};

} // namespace wanmeter
