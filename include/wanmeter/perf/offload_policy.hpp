#pragma once
// Where the weights of a run live between their uses, and how they reach the device: the
// offload policies that Wan engines implement, at three granularities.
//
// | policy     | CLI                  | what moves, when                               | engines                           |
// |------------|----------------------|------------------------------------------------|-----------------------------------|
// | none       | --offload none       | nothing: every model resident for the run      | generate.py on several GPUs       |
// | model      | --offload model      | whole models, in before their stage, out after | generate.py --offload_model True  |
// |            |                      | (once per run; run/plan.hpp)                   | (default on one GPU); diffusers   |
// |            |                      |                                                | enable_model_cpu_offload          |
// | block      | --offload block      | the DiT's streamed blocks, host -> device      | diffusers enable_group_offload    |
// |            | [--resident-blocks N]| before each use, every forward, overlapped    | (block_level, use_stream=True);   |
// |            |                      | with the previous block's compute; the other   | ComfyUI-WanVideoWrapper block     |
// |            |                      | models as `model`                              | swap (blocks_to_swap); LightX2V   |
// |            |                      |                                                | offload_granularity "block"       |
// | sequential | --offload sequential | every module's weights, host -> device just   | diffusers                         |
// |            |                      | before its call, every call, not overlapped    | enable_sequential_cpu_offload     |
// |            |                      | (every model of the pipeline)                  | (accelerate cpu_offload hooks)    |
//
// Worked example: Wan2.1 T2V-14B in bf16 (28.58 GB, 40 blocks of 0.70 GB) with `--offload block
// --resident-blocks 20` keeps 20 blocks + 2 stream buffers on the device and streams the other
// 20 blocks (14.0 GB) every forward: 1.40 TB over the host link for 100 forwards (perf/run_time.hpp
// prices how much of it the compute hides).

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/enum_names.hpp>

#include <string_view>

namespace wanmeter {

enum class offload_policy : unsigned char { none, model, block, sequential };

/// The names of the policies, in the order a planner enumerates them (`--offload` values).
inline constexpr enum_names<offload_policy, 4> offload_policy_names{{{{offload_policy::none, "none"},
                                                                      {offload_policy::model, "model"},
                                                                      {offload_policy::block, "block"},
                                                                      {offload_policy::sequential, "sequential"}}}};

[[nodiscard]] constexpr std::string_view name_of(offload_policy p) { return offload_policy_names.name(p); }

/// `run_execution::resident_blocks` when the plan chooses: the most blocks that fit on the device
/// (0 without a device).
inline constexpr count resident_blocks_auto = ~count{0};

} // namespace wanmeter
