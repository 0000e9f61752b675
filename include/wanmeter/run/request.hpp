#pragma once
// What a user asks for: a model (a registry entry, or one whose architecture came from a
// config.json), a workload, the pipeline options (input image, shift), how the run executes
// (perf/run_execution.hpp) and, optionally, a device. A literal type: a request can be a
// constexpr value, and so can the plan made from it (run/plan.hpp).
//
//   run_request q{.model = find_model("wan2.1-t2v-14b"), .w = find_profile("wan2-1-720p").w,
//                 .profile_id = "wan2-1-720p", .device = &find_device("h100-sxm")};
//
// (compiled in examples/analyze_run.cpp)

#include <wanmeter/core/workload.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/hw/network.hpp>
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/perf/run_execution.hpp>
#include <wanmeter/run/parallel.hpp>

#include <string_view>

namespace wanmeter {

struct run_request {
  model_entry model{};            ///< a registry entry, or one with a config.json architecture
  std::string_view config_path{}; ///< where `model.arch` came from; empty for a built-in one (the caller owns the text)
  workload w{};
  std::string_view profile_id{};  ///< the profile `w` came from; empty when none
  pipeline_options options{};
  run_execution exec{};
  const device_spec* device = nullptr; ///< null: no time, no fit check
  parallel_layout layout{};            ///< one GPU unless told otherwise (run/parallel.hpp)
  /// The link between the GPUs (hw/interconnect.hpp); null: the device's own.
  const interconnect_spec* interconnect = nullptr;
  /// The network between nodes when the world size exceeds one node (hw/network.hpp,
  /// run/cluster.hpp); null: the device's own.
  const network_spec* network = nullptr;
};

} // namespace wanmeter
