#pragma once
// `wanmeter plan`: the flags, their mapping to a `plan_question` (run/plan_search.hpp) in
// src/cli/plan.cpp (no Boost.ProgramOptions, no file system: the web page's WebAssembly build
// compiles it too), and in plan_command.cpp the command: the artifacts (plan.json, plan.md,
// pareto.svg, written as one folder `<output-root>/<run-id>/plan/` like analyze's) and the lines
// it prints.
//
//   wanmeter plan --model wan2.1-t2v-14b --device h100-sxm --gpus 1,2,4,8 --vram-gb 80
//
// The workload flags are analyze's and go through the same mapping (`parse_analyze`), so they
// take the same values, defaults and messages.
#include "cli.hpp"
#include "request.hpp"

#include <wanmeter/run/plan_search.hpp>

#include <array>
#include <iosfwd>
#include <span>
#include <string>

namespace wanmeter::cli {

/// Every flag of `wanmeter plan`, in the order `--help` lists them.
inline constexpr std::array<flag_spec, 28> plan_flags{{
    {.name = "help", .value_name = "", .help = "show this help", .short_name = 'h'},
    {.name = "model", .value_name = "ID", .help = "model id (default wan2.1-t2v-14b; `wanmeter list` shows all)"},
    {.name = "profile", .value_name = "ID", .help = "workload profile id (default: the model's own inference defaults)"},
    {.name = "frames", .value_name = "N", .help = "output frames, 4n+1"},
    {.name = "height", .value_name = "PX", .help = "height in pixels"},
    {.name = "width", .value_name = "PX", .help = "width in pixels"},
    {.name = "steps", .value_name = "N", .help = "sampling steps, 1 to 1000"},
    {.name = "batch", .value_name = "N", .help = "videos per forward, 1 to 1024"},
    {.name = "guidance-scale", .value_name = "S", .help = "classifier-free guidance scale; 1: no unconditional pass"},
    {.name = "image-size", .value_name = "WxH", .help = "input image of an image-conditioned model"},
    {.name = "image-input", .value_name = "", .help = "Wan2.2 TI2V-5B: image-to-video"},
    {.name = "shift", .value_name = "S", .help = "sample shift (default: the model's)"},
    {.name = "config", .value_name = "PATH", .help = "a DiT config.json that replaces the model's architecture"},
    {.name = "attention-density", .value_name = "F",
     .help = "block-sparse self-attention keeps this fraction of the blocks, in (0, 1] (stated, not searched; lossy)"},
    {.name = "cache-skip", .value_name = "F",
     .help = "step caching skips this fraction of the steps' DiT blocks, in [0, 1); the skipped forwards' "
             "embeddings, cache test and head are timed (stated, not searched; lossy)"},
    {.name = "distilled", .value_name = "", .help = "a few-step distilled DiT: 4 steps, guidance 1 (stated, not searched; lossy)"},
    {.name = "device", .value_name = "ID[,ID...]", .help = "the GPU model(s) to plan for (required; `wanmeter list`)"},
    {.name = "gpus", .value_name = "N[,N...]", .help = "GPU counts to consider, 1 to 64 each, at most 8 counts (default 1,2,4,8)"},
    {.name = "vram-gb", .value_name = "GB", .help = "memory per GPU you can use, in 10^9 bytes (default: the device's)"},
    {.name = "host-ram-gb", .value_name = "GB", .help = "host RAM you can use, all ranks together (default: no limit)"},
    {.name = "allow-lossy", .value_name = "",
     .help = "also consider options that change the output (fp8, int8 and GGUF weights, SageAttention2, TF32)"},
    {.name = "price-per-gpu-hour", .value_name = "P", .help = "price of one GPU for one hour: adds the cost per video"},
    {.name = "interconnect", .value_name = "ID", .help = "the link between the GPUs (default: each device's own)"},
    {.name = "network", .value_name = "ID", .help = "the network between nodes above one node (default: each device's own)"},
    {.name = "host-memory", .value_name = "KIND", .help = "host memory of offloaded weights: pageable (default) or pinned"},
    {.name = "run-id", .value_name = "ID", .help = "name of the run folder (default: derived from the question)"},
    {.name = "output-root", .value_name = "DIR", .help = "where run folders go (default tmp/profile-output)"},
    {.name = "stdout", .value_name = "", .help = "print plan.json on standard output and write no files"},
}};

/// What `wanmeter plan` was asked.
struct plan_request {
  analyze_request base;     ///< model, workload, pipeline options, interconnect, host memory (analyze's mapping)
  plan_question question{}; ///< its `base` views `base.config_path`: use `question_in_place()`
  std::string run_id;
  std::string output_root;
  bool to_stdout = false;

  /// `question` with its run request viewing this object's config path.
  [[nodiscard]] plan_question question_in_place() const {
    plan_question q = question;
    q.base = base.request();
    return q;
  }
};

/// Maps the flags of `wanmeter plan` to a request; throws `invalid_input` or `usage_error`.
[[nodiscard]] plan_request parse_plan(const flag_values& flags);

/// Runs `wanmeter plan <args...>` (cli.cpp dispatches here).
[[nodiscard]] int run_plan_command(std::span<const std::string> args, std::ostream& out, const run_options& options);

} // namespace wanmeter::cli
