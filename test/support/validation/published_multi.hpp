#pragma once
// Validation data (tests only, not installed): every multi-GPU row of the official efficiency
// tables (Wan2.1 README: 2, 4 and 8 GPUs; Wan2.2 README: 4 and 8 GPUs), 49 rows, with the
// layout and settings those runs used, for the multi-GPU accuracy comparison
// (validation/accuracy.hpp, docs/accuracy.md "Accuracy on several GPUs").
//
// Sources: the same two README images as validation/published.hpp (assets/comp_effic.png;
// transcribed in reference/wan-architecture.md sections 6.1 and 6.2). Each row below carries the
// printed cell ("total time s / peak memory GB") as a comment.
//
// Settings of the runs (the README notes under each table, and the README commands):
//   * Wan2.1: "Multi-GPU inference using FSDP + xDiT USP": `--dit_fsdp --t5_fsdp --ulysses_size N`
//     (README command for 14B); "for the 1.3B model on 8 GPUs, set --ring_size 8 and
//     --ulysses_size 1" (12 heads: Ulysses 8 is illegal). The note names only the 8-GPU 1.3B
//     run, so the 2- and 4-GPU 1.3B runs take the README command, Ulysses 2 and 4 (12 heads
//     divide by both); with FSDP on both models, as in the command. The published peaks support
//     FSDP there: they drop by 4.0 and 1.9 GB from 2 to 4 to 8 GPUs, against 4.26 and 2.13 GB of
//     fp32 DiT + bf16 T5 shards (5.68 GB / 4, / 8 + 11.36 GB / 4, / 8). No offload (generate.py
//     turns it off when the world size is above 1), no `--t5_cpu`, fp32 checkpoints (FSDP
//     gathers bf16). Kernel: FA2 on the A100 and RTX 4090; unstated on Hopper (H20, H100),
//     where the rows take what `--attention auto` resolves to for Wan2.1, FA2 (as the
//     single-GPU rows).
//   * Wan2.2: "14B: --ulysses_size 4/8 --dit_fsdp --t5_fsdp; 5B: --ulysses_size 4/8
//     --offload_model True --convert_model_dtype --t5_cpu"; "FlashAttention3 on Hopper";
//     averaged after warm-up. So the A14B rows run fp32 FSDP shards of both experts without
//     offload, and the 5B rows a replicated bf16 DiT with offload and the T5 on the CPU.
//   * TF32 on the A14B rows (`tf32_matmul = yes`), read from the published times, not from the
//     code: Wan2.2's `sp_dit_forward` runs the per-token time MLP (Linear 256->D, Linear D->D,
//     Linear D->6D, 2 D (256 + 7 D) FLOPs a token) over the whole padded sequence on every rank
//     under `autocast(dtype=float32)`, i.e. as fp32 GEMMs, and the repository never sets
//     `allow_tf32`. On CUDA cores that cannot fit the published A100 rows: at 832x480 (32,760
//     tokens) it is 32,760 x 369,623,040 = 12.11 TFLOP a forward, 968.7 TFLOP over 80 forwards,
//     49.7 s at the A100's full 19.5 TFLOP/s FP32 rate, on every rank whatever the GPU count,
//     while the 8-GPU row takes 119.9 s in all and its part that 4 -> 8 GPUs does not shorten
//     (2 T(8) - T(4)) is 24.6 s; likewise 720p: 114 s at peak against 386.7 s and 48.1 s. The
//     rows can only have run those GEMMs on tensor cores, so they take TF32 (the environment's
//     `allow_tf32` / `TORCH_ALLOW_TF32_CUBLAS_OVERRIDE`; which one is not published). An
//     independent run of the same code with TF32 off (Morphic, 8 x H100, I2V-A14B 720p, FA2:
//     250.7 s, x1.57 faster with TF32; validation/third_party_multi.hpp) shows the default.
//   * Image-to-video rows: the README's example image (832 x 1104), as the single-GPU rows.
//   * Devices: as the single-GPU rows (validation/published.hpp): the "H800/H100" column runs on
//     the H800 (`h800-sxm`, NVLink cut to 200 GB/s a direction, `nvlink4-h800`), the
//     "A800/A100" column on the A100 80 GB SXM with its full NVLink. Why: the tables come from
//     Alibaba's Tongyi Lab in China, whose H20 column is a part made only for that market; the US
//     export rules of September 2022 stopped the A100 and H100 there (the A100 had been sold
//     before, the H100 never), and the A800 and H800 were the parts made to pass them. So the
//     Hopper column can only be an H800, while the Ampere one may be either; the A100 stays, as
//     in earlier rounds. The choice was made on those facts, per column, not per row; the
//     accuracy table prints each row with the other part's link ("Sensitivity").
//
// Example: `published_multi_gpu_runs[17]` is Wan2.1 T2V-14B 1280x720x81, 50 steps, on 8
// H800/H100 with FSDP + Ulysses 8: 287.9 s, 29.9 GB.

#include <validation/published.hpp>

#include <array>
#include <string_view>

namespace wanmeter {

namespace detail {
/// `--dit_fsdp --t5_fsdp --ulysses_size u`
[[nodiscard]] constexpr parallel_layout ulysses_fsdp(count u) {
  return parallel_layout{.ulysses = u, .ring = 1, .cfg = 1, .dit_fsdp = true, .t5_fsdp = true};
}
/// `--dit_fsdp --t5_fsdp --ring_size r --ulysses_size 1`
[[nodiscard]] constexpr parallel_layout ring_fsdp(count r) {
  return parallel_layout{.ulysses = 1, .ring = r, .cfg = 1, .dit_fsdp = true, .t5_fsdp = true};
}
/// A Wan2.1 row: 81 frames, FSDP + USP, no offload, fp32 checkpoints, T5 on the GPU.
[[nodiscard]] constexpr published_run wan21_row(std::string_view gpu, std::string_view device, std::string_view model,
                                                std::string_view task, count width, count height, count steps,
                                                count gpus, double time_s, double memory_gb, parallel_layout layout,
                                                setting fa3) {
  return published_run{.source = wan21_table, .gpu = gpu, .device_id = device, .model_id = model, .task = task,
                       .width = width, .height = height, .frames = 81, .steps = steps, .total_time_s = time_s,
                       .peak_memory_gb = memory_gb, .offload_model = N, .t5_cpu = N, .convert_model_dtype = N,
                       .flash_attention_3 = fa3, .gpus = gpus, .layout = layout};
}
/// A Wan2.2 A14B row: 81 frames, 40 steps, FSDP + Ulysses = world size, no offload, fp32 shards,
/// fp32 matmuls on TF32 (see the header).
[[nodiscard]] constexpr published_run wan22_a14b_row(std::string_view gpu, std::string_view device,
                                                     std::string_view model, std::string_view task, count width,
                                                     count height, count gpus, double time_s, double memory_gb,
                                                     setting fa3) {
  return published_run{.source = wan22_table, .gpu = gpu, .device_id = device, .model_id = model, .task = task,
                       .width = width, .height = height, .frames = 81, .steps = 40, .total_time_s = time_s,
                       .peak_memory_gb = memory_gb, .offload_model = N, .t5_cpu = N, .convert_model_dtype = N,
                       .flash_attention_3 = fa3, .tf32_matmul = Y, .gpus = gpus, .layout = ulysses_fsdp(gpus)};
}
/// A Wan2.2 TI2V-5B row on RTX 4090s: 1280*704, 121 frames, 50 steps, Ulysses = world size,
/// `--offload_model True --convert_model_dtype --t5_cpu`, no FSDP, FA2.
[[nodiscard]] constexpr published_run wan22_5b_row(std::string_view task, count gpus, double time_s,
                                                   double memory_gb) {
  return published_run{.source = wan22_table, .gpu = "RTX 4090", .device_id = "rtx-4090",
                       .model_id = "wan2.2-ti2v-5b", .task = task, .width = 1280, .height = 704, .frames = 121,
                       .steps = 50, .total_time_s = time_s, .peak_memory_gb = memory_gb, .offload_model = Y,
                       .t5_cpu = Y, .convert_model_dtype = Y, .flash_attention_3 = N, .gpus = gpus,
                       .layout = parallel_layout{.ulysses = gpus, .ring = 1, .cfg = 1, .dit_fsdp = false,
                                                 .t5_fsdp = false}};
}
} // namespace detail

/// Every multi-GPU row of the two tables, in table order (Wan2.1 first; within a table row, by
/// GPU count). Comment: [index] GPU column | model, resolution | GPUs | printed cell.
inline constexpr std::array<published_run, 49> published_multi_gpu_runs{{
    // --- Wan2.1 (reference 6.1): FSDP + Ulysses N; 1.3B on 8 GPUs: ring 8 -----------------------
    // [0] RTX 4090 | T2V-1.3B 480P | 2 GPUs | 188.5 / 18.1
    detail::wan21_row("RTX 4090", "rtx-4090", "wan2.1-t2v-1.3b", "t2v",
                      832, 480, 50, 2, 188.5, 18.1, detail::ulysses_fsdp(2), detail::N),
    // [1] RTX 4090 | T2V-1.3B 480P | 4 GPUs | 120.8 / 14.1
    detail::wan21_row("RTX 4090", "rtx-4090", "wan2.1-t2v-1.3b", "t2v",
                      832, 480, 50, 4, 120.8, 14.1, detail::ulysses_fsdp(4), detail::N),
    // [2] RTX 4090 | T2V-1.3B 480P | 8 GPUs | 112.3 / 12.2
    detail::wan21_row("RTX 4090", "rtx-4090", "wan2.1-t2v-1.3b", "t2v",
                      832, 480, 50, 8, 112.3, 12.2, detail::ring_fsdp(8), detail::N),
    // [3] H20 | T2V-14B 720P | 2 GPUs | 3488.4 / 53.9
    detail::wan21_row("H20", "h20", "wan2.1-t2v-14b", "t2v",
                      1280, 720, 50, 2, 3488.4, 53.9, detail::ulysses_fsdp(2), detail::U),
    // [4] H20 | T2V-14B 720P | 4 GPUs | 1775.8 / 37.9
    detail::wan21_row("H20", "h20", "wan2.1-t2v-14b", "t2v",
                      1280, 720, 50, 4, 1775.8, 37.9, detail::ulysses_fsdp(4), detail::U),
    // [5] H20 | T2V-14B 720P | 8 GPUs | 980.5 / 29.9
    detail::wan21_row("H20", "h20", "wan2.1-t2v-14b", "t2v",
                      1280, 720, 50, 8, 980.5, 29.9, detail::ulysses_fsdp(8), detail::U),
    // [6] H20 | I2V-14B 720P | 2 GPUs | 2756.6 / 59.8
    detail::wan21_row("H20", "h20", "wan2.1-i2v-14b-720p", "i2v",
                      1280, 720, 40, 2, 2756.6, 59.8, detail::ulysses_fsdp(2), detail::U),
    // [7] H20 | I2V-14B 720P | 4 GPUs | 1417.0 / 41.9
    detail::wan21_row("H20", "h20", "wan2.1-i2v-14b-720p", "i2v",
                      1280, 720, 40, 4, 1417.0, 41.9, detail::ulysses_fsdp(4), detail::U),
    // [8] H20 | I2V-14B 720P | 8 GPUs | 778.2 / 32.9
    detail::wan21_row("H20", "h20", "wan2.1-i2v-14b-720p", "i2v",
                      1280, 720, 40, 8, 778.2, 32.9, detail::ulysses_fsdp(8), detail::U),
    // [9] A800/A100 | T2V-14B 720P | 2 GPUs | 1722.0 / 52.5
    detail::wan21_row("A800/A100", "a100-80gb-sxm", "wan2.1-t2v-14b", "t2v",
                      1280, 720, 50, 2, 1722.0, 52.5, detail::ulysses_fsdp(2), detail::N),
    // [10] A800/A100 | T2V-14B 720P | 4 GPUs | 886.1 / 36.6
    detail::wan21_row("A800/A100", "a100-80gb-sxm", "wan2.1-t2v-14b", "t2v",
                      1280, 720, 50, 4, 886.1, 36.6, detail::ulysses_fsdp(4), detail::N),
    // [11] A800/A100 | T2V-14B 720P | 8 GPUs | 469.9 / 28.6
    detail::wan21_row("A800/A100", "a100-80gb-sxm", "wan2.1-t2v-14b", "t2v",
                      1280, 720, 50, 8, 469.9, 28.6, detail::ulysses_fsdp(8), detail::N),
    // [12] A800/A100 | I2V-14B 720P | 2 GPUs | 1371.7 / 58.5
    detail::wan21_row("A800/A100", "a100-80gb-sxm", "wan2.1-i2v-14b-720p", "i2v",
                      1280, 720, 40, 2, 1371.7, 58.5, detail::ulysses_fsdp(2), detail::N),
    // [13] A800/A100 | I2V-14B 720P | 4 GPUs | 716.1 / 40.6
    detail::wan21_row("A800/A100", "a100-80gb-sxm", "wan2.1-i2v-14b-720p", "i2v",
                      1280, 720, 40, 4, 716.1, 40.6, detail::ulysses_fsdp(4), detail::N),
    // [14] A800/A100 | I2V-14B 720P | 8 GPUs | 389.7 / 31.6
    detail::wan21_row("A800/A100", "a100-80gb-sxm", "wan2.1-i2v-14b-720p", "i2v",
                      1280, 720, 40, 8, 389.7, 31.6, detail::ulysses_fsdp(8), detail::N),
    // [15] H800/H100 | T2V-14B 720P | 2 GPUs | 945.1 / 53.9
    detail::wan21_row("H800/H100", "h800-sxm", "wan2.1-t2v-14b", "t2v",
                      1280, 720, 50, 2, 945.1, 53.9, detail::ulysses_fsdp(2), detail::U),
    // [16] H800/H100 | T2V-14B 720P | 4 GPUs | 497.0 / 37.9
    detail::wan21_row("H800/H100", "h800-sxm", "wan2.1-t2v-14b", "t2v",
                      1280, 720, 50, 4, 497.0, 37.9, detail::ulysses_fsdp(4), detail::U),
    // [17] H800/H100 | T2V-14B 720P | 8 GPUs | 287.9 / 29.9
    detail::wan21_row("H800/H100", "h800-sxm", "wan2.1-t2v-14b", "t2v",
                      1280, 720, 50, 8, 287.9, 29.9, detail::ulysses_fsdp(8), detail::U),
    // [18] H800/H100 | I2V-14B 720P | 2 GPUs | 753.9 / 59.8
    detail::wan21_row("H800/H100", "h800-sxm", "wan2.1-i2v-14b-720p", "i2v",
                      1280, 720, 40, 2, 753.9, 59.8, detail::ulysses_fsdp(2), detail::U),
    // [19] H800/H100 | I2V-14B 720P | 4 GPUs | 403.9 / 41.9
    detail::wan21_row("H800/H100", "h800-sxm", "wan2.1-i2v-14b-720p", "i2v",
                      1280, 720, 40, 4, 403.9, 41.9, detail::ulysses_fsdp(4), detail::U),
    // [20] H800/H100 | I2V-14B 720P | 8 GPUs | 238.8 / 32.9
    detail::wan21_row("H800/H100", "h800-sxm", "wan2.1-i2v-14b-720p", "i2v",
                      1280, 720, 40, 8, 238.8, 32.9, detail::ulysses_fsdp(8), detail::U),
    // --- Wan2.2 (reference 6.2): A14B FSDP + Ulysses N; 5B Ulysses N, offload, bf16, t5_cpu ----
    // [21] RTX 4090 | TI2V-5B T2V 720P | 4 GPUs | 231.3 / 22.6
    detail::wan22_5b_row("t2v", 4, 231.3, 22.6),
    // [22] RTX 4090 | TI2V-5B T2V 720P | 8 GPUs | 157.2 / 22.6
    detail::wan22_5b_row("t2v", 8, 157.2, 22.6),
    // [23] RTX 4090 | TI2V-5B I2V 720P | 4 GPUs | 227.3 / 22.6
    detail::wan22_5b_row("i2v", 4, 227.3, 22.6),
    // [24] RTX 4090 | TI2V-5B I2V 720P | 8 GPUs | 160.1 / 22.6
    detail::wan22_5b_row("i2v", 8, 160.1, 22.6),
    // [25] H20 | T2V-A14B 480P | 4 GPUs | 306.6 / 40.9
    detail::wan22_a14b_row("H20", "h20", "wan2.2-t2v-a14b", "t2v", 832, 480, 4, 306.6, 40.9, detail::Y),
    // [26] H20 | T2V-A14B 480P | 8 GPUs | 170.5 / 26.2
    detail::wan22_a14b_row("H20", "h20", "wan2.2-t2v-a14b", "t2v", 832, 480, 8, 170.5, 26.2, detail::Y),
    // [27] H20 | T2V-A14B 720P | 4 GPUs | 1067.8 / 51.7
    detail::wan22_a14b_row("H20", "h20", "wan2.2-t2v-a14b", "t2v", 1280, 720, 4, 1067.8, 51.7, detail::Y),
    // [28] H20 | T2V-A14B 720P | 8 GPUs | 564.7 / 37.0
    detail::wan22_a14b_row("H20", "h20", "wan2.2-t2v-a14b", "t2v", 1280, 720, 8, 564.7, 37.0, detail::Y),
    // [29] H20 | I2V-A14B 480P | 4 GPUs | 305.4 / 40.8
    detail::wan22_a14b_row("H20", "h20", "wan2.2-i2v-a14b", "i2v", 832, 480, 4, 305.4, 40.8, detail::Y),
    // [30] H20 | I2V-A14B 480P | 8 GPUs | 173.4 / 26.1
    detail::wan22_a14b_row("H20", "h20", "wan2.2-i2v-a14b", "i2v", 832, 480, 8, 173.4, 26.1, detail::Y),
    // [31] H20 | I2V-A14B 720P | 4 GPUs | 1076.9 / 51.6
    detail::wan22_a14b_row("H20", "h20", "wan2.2-i2v-a14b", "i2v", 1280, 720, 4, 1076.9, 51.6, detail::Y),
    // [32] H20 | I2V-A14B 720P | 8 GPUs | 577.0 / 37.0
    detail::wan22_a14b_row("H20", "h20", "wan2.2-i2v-a14b", "i2v", 1280, 720, 8, 577.0, 37.0, detail::Y),
    // [33] A100/A800 | T2V-A14B 480P | 4 GPUs | 215.2 / 40.9
    detail::wan22_a14b_row("A100/A800", "a100-80gb-sxm", "wan2.2-t2v-a14b", "t2v",
                      832, 480, 4, 215.2, 40.9, detail::N),
    // [34] A100/A800 | T2V-A14B 480P | 8 GPUs | 119.9 / 26.3
    detail::wan22_a14b_row("A100/A800", "a100-80gb-sxm", "wan2.2-t2v-a14b", "t2v",
                      832, 480, 8, 119.9, 26.3, detail::N),
    // [35] A100/A800 | T2V-A14B 720P | 4 GPUs | 725.3 / 51.7
    detail::wan22_a14b_row("A100/A800", "a100-80gb-sxm", "wan2.2-t2v-a14b", "t2v",
                      1280, 720, 4, 725.3, 51.7, detail::N),
    // [36] A100/A800 | T2V-A14B 720P | 8 GPUs | 386.7 / 37.0
    detail::wan22_a14b_row("A100/A800", "a100-80gb-sxm", "wan2.2-t2v-a14b", "t2v",
                      1280, 720, 8, 386.7, 37.0, detail::N),
    // [37] A100/A800 | I2V-A14B 480P | 4 GPUs | 215.4 / 40.7
    detail::wan22_a14b_row("A100/A800", "a100-80gb-sxm", "wan2.2-i2v-a14b", "i2v",
                      832, 480, 4, 215.4, 40.7, detail::N),
    // [38] A100/A800 | I2V-A14B 480P | 8 GPUs | 121.6 / 26.1
    detail::wan22_a14b_row("A100/A800", "a100-80gb-sxm", "wan2.2-i2v-a14b", "i2v",
                      832, 480, 8, 121.6, 26.1, detail::N),
    // [39] A100/A800 | I2V-A14B 720P | 4 GPUs | 730.5 / 51.6
    detail::wan22_a14b_row("A100/A800", "a100-80gb-sxm", "wan2.2-i2v-a14b", "i2v",
                      1280, 720, 4, 730.5, 51.6, detail::N),
    // [40] A100/A800 | I2V-A14B 720P | 8 GPUs | 393.4 / 37.0
    detail::wan22_a14b_row("A100/A800", "a100-80gb-sxm", "wan2.2-i2v-a14b", "i2v",
                      1280, 720, 8, 393.4, 37.0, detail::N),
    // [41] H100/H800 | T2V-A14B 480P | 4 GPUs | 91.7 / 40.9
    detail::wan22_a14b_row("H100/H800", "h800-sxm", "wan2.2-t2v-a14b", "t2v", 832, 480, 4, 91.7, 40.9, detail::Y),
    // [42] H100/H800 | T2V-A14B 480P | 8 GPUs | 51.5 / 26.3
    detail::wan22_a14b_row("H100/H800", "h800-sxm", "wan2.2-t2v-a14b", "t2v", 832, 480, 8, 51.5, 26.3, detail::Y),
    // [43] H100/H800 | T2V-A14B 720P | 4 GPUs | 288.7 / 51.7
    detail::wan22_a14b_row("H100/H800", "h800-sxm", "wan2.2-t2v-a14b", "t2v", 1280, 720, 4, 288.7, 51.7, detail::Y),
    // [44] H100/H800 | T2V-A14B 720P | 8 GPUs | 155.1 / 37.1
    detail::wan22_a14b_row("H100/H800", "h800-sxm", "wan2.2-t2v-a14b", "t2v", 1280, 720, 8, 155.1, 37.1, detail::Y),
    // [45] H100/H800 | I2V-A14B 480P | 4 GPUs | 92.4 / 40.8
    detail::wan22_a14b_row("H100/H800", "h800-sxm", "wan2.2-i2v-a14b", "i2v", 832, 480, 4, 92.4, 40.8, detail::Y),
    // [46] H100/H800 | I2V-A14B 480P | 8 GPUs | 52.9 / 26.1
    detail::wan22_a14b_row("H100/H800", "h800-sxm", "wan2.2-i2v-a14b", "i2v", 832, 480, 8, 52.9, 26.1, detail::Y),
    // [47] H100/H800 | I2V-A14B 720P | 4 GPUs | 290.4 / 51.6
    detail::wan22_a14b_row("H100/H800", "h800-sxm", "wan2.2-i2v-a14b", "i2v", 1280, 720, 4, 290.4, 51.6, detail::Y),
    // [48] H100/H800 | I2V-A14B 720P | 8 GPUs | 159.0 / 37.0
    detail::wan22_a14b_row("H100/H800", "h800-sxm", "wan2.2-i2v-a14b", "i2v", 1280, 720, 8, 159.0, 37.0, detail::Y),
}};

} // namespace wanmeter
