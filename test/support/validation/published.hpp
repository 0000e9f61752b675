#pragma once
// Validation data (tests only, not installed): published single-GPU end-to-end timings of the
// official Wan code, for the accuracy comparison of the time model (docs/accuracy.md,
// validation/accuracy.hpp).
//
// Sources (values read from the README images; the same tables are in the Wan tech report,
// arXiv 2503.20314; transcribed in reference/wan-architecture.md sections 6.1 and 6.2):
//   * Wan2.1 README, "Computational Efficiency on Different GPUs" (assets/comp_effic.png):
//     81 frames, default steps (T2V 50, I2V 40), no prompt extension; 14B on one GPU with
//     `--offload_model True`; 1.3B on one RTX 4090 with `--offload_model True --t5_cpu`.
//     FA3 not stated (only Hopper could use it).
//   * Wan2.2 README, "Computational Efficiency on Different GPUs" (assets/comp_effic.png):
//     single-GPU A14B with `--offload_model True --convert_model_dtype`; TI2V-5B adds `--t5_cpu`;
//     FlashAttention-3 on Hopper; averaged after warm-up.
//
// "Total time" is the whole generate.py run (text encoder, DiT sampling, VAE decode, offload
// transfers). "Peak memory" is as printed, in GB (the README does not say GB or GiB).
//
// Devices: the "H800/H100" column is the H800 (`h800-sxm`): the lab is in China, where the H100
// was never sold and the H800 was its export-rule variant (validation/published_multi.hpp gives
// the reasoning); on one GPU it computes as the H100 SXM, only its NVLink differs. The
// "A800/A100" column is the A100 80 GB SXM.
//
// Example: `published_runs[5]` is Wan2.1 T2V-14B, 1280x720x81, 50 steps on one H800/H100:
// 1837.9 s, 69.1 GB.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/run/parallel.hpp>

#include <array>
#include <string_view>

namespace wanmeter {

/// A run setting that a table may leave unstated.
enum class setting : unsigned char { no, yes, unknown };

struct published_run {
  std::string_view source;    ///< which README table
  std::string_view gpu;       ///< GPU column as printed, e.g. "H800/H100"
  std::string_view device_id; ///< the hw registry device that stands for it
  std::string_view model_id;  ///< wanmeter model id
  std::string_view task;      ///< "t2v" or "i2v" (TI2V-5B runs both)
  count width = 0;            ///< pixels
  count height = 0;           ///< pixels
  count frames = 0;
  count steps = 0;
  double total_time_s = 0.0;
  double peak_memory_gb = 0.0;
  setting offload_model = setting::unknown;
  setting t5_cpu = setting::unknown;
  setting convert_model_dtype = setting::unknown;
  setting flash_attention_3 = setting::unknown;
  /// FP32 matmuls on TF32 tensor cores (`torch.backends.cuda.matmul.allow_tf32`). The official
  /// code never sets it (off by default since PyTorch 1.12); `yes` only where the published time
  /// itself rules fp32 CUDA-core GEMMs out (validation/published_multi.hpp, Wan2.2 A14B rows).
  setting tf32_matmul = setting::unknown;
  /// Multi-GPU rows (validation/published_multi.hpp): the GPU count of the column and the
  /// layout the run used (`--ulysses_size`, `--ring_size`, `--dit_fsdp`, `--t5_fsdp`); one GPU
  /// and the default layout for the rows of this file.
  count gpus = 1;
  parallel_layout layout{};
};

/// The input image of the image-to-video rows: `examples/i2v_input.JPG` of both repositories,
/// 832 wide and 1104 high (its JPEG frame header). The READMEs' I2V and TI2V commands pass it
/// with `--image`, and generate.py falls back to it when I2V is run without `--image`. The
/// tables print the `--size` (the maximum area), not the size this image gives: 1280*720 ->
/// 832 x 1104 (I2V), 832*480 -> 544 x 720, TI2V-5B 1280*704 -> 800 x 1088.
inline constexpr count published_image_width = 832;
inline constexpr count published_image_height = 1104;

namespace detail {
inline constexpr std::string_view wan21_table = "Wan2.1 README, Computational Efficiency (assets/comp_effic.png)";
inline constexpr std::string_view wan22_table = "Wan2.2 README, Computational Efficiency (assets/comp_effic.png)";
inline constexpr setting Y = setting::yes;
inline constexpr setting N = setting::no;
inline constexpr setting U = setting::unknown;
} // namespace detail

/// Every single-GPU row of the two tables, in table order (Wan2.1 first).
inline constexpr std::array<published_run, 21> published_runs{{
    // --- Wan2.1 (reference 6.1) ---------------------------------------------------------------
    // source, gpu, device, model, task, W, H, frames, steps, time s, peak GB, offload, t5_cpu, convert, FA3
    {detail::wan21_table, "RTX 4090", "rtx-4090", "wan2.1-t2v-1.3b", "t2v", 832, 480, 81, 50, 261.4, 8.19,
     detail::Y, detail::Y, detail::N, detail::N},
    {detail::wan21_table, "H20", "h20", "wan2.1-t2v-14b", "t2v", 1280, 720, 81, 50, 6935.5, 69.1, detail::Y,
     detail::N, detail::N, detail::U},
    {detail::wan21_table, "H20", "h20", "wan2.1-i2v-14b-720p", "i2v", 1280, 720, 81, 40, 5494.8, 76.7, detail::Y,
     detail::N, detail::N, detail::U},
    {detail::wan21_table, "A800/A100", "a100-80gb-sxm", "wan2.1-t2v-14b", "t2v", 1280, 720, 81, 50, 3342.6, 69.1,
     detail::Y, detail::N, detail::N, detail::N},
    {detail::wan21_table, "A800/A100", "a100-80gb-sxm", "wan2.1-i2v-14b-720p", "i2v", 1280, 720, 81, 40, 2715.5,
     76.7, detail::Y, detail::N, detail::N, detail::N},
    {detail::wan21_table, "H800/H100", "h800-sxm", "wan2.1-t2v-14b", "t2v", 1280, 720, 81, 50, 1837.9, 69.1,
     detail::Y, detail::N, detail::N, detail::U},
    {detail::wan21_table, "H800/H100", "h800-sxm", "wan2.1-i2v-14b-720p", "i2v", 1280, 720, 81, 40, 1491.6, 76.7,
     detail::Y, detail::N, detail::N, detail::U},
    // --- Wan2.2 (reference 6.2) ---------------------------------------------------------------
    {detail::wan22_table, "RTX 4090", "rtx-4090", "wan2.2-ti2v-5b", "t2v", 1280, 704, 121, 50, 534.7, 22.9,
     detail::Y, detail::Y, detail::Y, detail::N},
    {detail::wan22_table, "RTX 4090", "rtx-4090", "wan2.2-ti2v-5b", "i2v", 1280, 704, 121, 50, 524.8, 22.8,
     detail::Y, detail::Y, detail::Y, detail::N},
    {detail::wan22_table, "H20", "h20", "wan2.2-t2v-a14b", "t2v", 832, 480, 81, 40, 1133.9, 41.3, detail::Y,
     detail::N, detail::Y, detail::Y},
    {detail::wan22_table, "H20", "h20", "wan2.2-t2v-a14b", "t2v", 1280, 720, 81, 40, 4048.7, 59.8, detail::Y,
     detail::N, detail::Y, detail::Y},
    {detail::wan22_table, "H20", "h20", "wan2.2-i2v-a14b", "i2v", 832, 480, 81, 40, 1117.4, 41.0, detail::Y,
     detail::N, detail::Y, detail::Y},
    {detail::wan22_table, "H20", "h20", "wan2.2-i2v-a14b", "i2v", 1280, 720, 81, 40, 4054.7, 59.7, detail::Y,
     detail::N, detail::Y, detail::Y},
    {detail::wan22_table, "A100/A800", "a100-80gb-sxm", "wan2.2-t2v-a14b", "t2v", 832, 480, 81, 40, 785.7, 41.3,
     detail::Y, detail::N, detail::Y, detail::N},
    {detail::wan22_table, "A100/A800", "a100-80gb-sxm", "wan2.2-t2v-a14b", "t2v", 1280, 720, 81, 40, 2735.7, 59.8,
     detail::Y, detail::N, detail::Y, detail::N},
    {detail::wan22_table, "A100/A800", "a100-80gb-sxm", "wan2.2-i2v-a14b", "i2v", 832, 480, 81, 40, 810.0, 41.0,
     detail::Y, detail::N, detail::Y, detail::N},
    {detail::wan22_table, "A100/A800", "a100-80gb-sxm", "wan2.2-i2v-a14b", "i2v", 1280, 720, 81, 40, 2810.9, 59.7,
     detail::Y, detail::N, detail::Y, detail::N},
    {detail::wan22_table, "H100/H800", "h800-sxm", "wan2.2-t2v-a14b", "t2v", 832, 480, 81, 40, 326.9, 41.3,
     detail::Y, detail::N, detail::Y, detail::Y},
    {detail::wan22_table, "H100/H800", "h800-sxm", "wan2.2-t2v-a14b", "t2v", 1280, 720, 81, 40, 1041.5, 59.8,
     detail::Y, detail::N, detail::Y, detail::Y},
    {detail::wan22_table, "H100/H800", "h800-sxm", "wan2.2-i2v-a14b", "i2v", 832, 480, 81, 40, 327.8, 41.0,
     detail::Y, detail::N, detail::Y, detail::Y},
    {detail::wan22_table, "H100/H800", "h800-sxm", "wan2.2-i2v-a14b", "i2v", 1280, 720, 81, 40, 1055.9, 59.7,
     detail::Y, detail::N, detail::Y, detail::Y},
}};

} // namespace wanmeter
