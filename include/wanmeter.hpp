#pragma once
// Umbrella header: the core, the layers, the Wan models and stages, devices and roofline time
// (no JSON, no CLI).

#include <wanmeter/version.hpp>
#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/dtype.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/node_path.hpp>
#include <wanmeter/core/sequential.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/core/workload.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/dit_cost_model.hpp>
#include <wanmeter/models/wan/execution.hpp>
#include <wanmeter/models/wan/inference_defaults.hpp>
#include <wanmeter/models/wan/dit_memory.hpp>
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/models/wan/sampling.hpp>
#include <wanmeter/models/t5/encoder.hpp>
#include <wanmeter/models/clip/vision.hpp>
#include <wanmeter/models/vae/wan2_1.hpp>
#include <wanmeter/models/vae/wan2_2.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/perf/roofline.hpp>
#include <wanmeter/perf/tree_time.hpp>
#include <wanmeter/perf/transfer.hpp>
