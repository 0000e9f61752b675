#pragma once
// Host <-> device transfer time of N bytes over the device's host link (PCIe), per direction.
//
//   lower bound  t = bytes / host_link_bandwidth
//   estimate     t = bytes / (host_link_bandwidth x efficiency(host memory kind))
//
// Worked example: Wan2.1 T2V-14B single-GPU offload moves the 57.2 GB fp32 DiT (57,153,966,336 B)
// device-to-host after sampling (`wan/text2video.py` `WanT2V.generate`: `if offload_model:
// self.model.cpu()`). Over PCIe 5.0 x16 (64e9 B/s per
// direction, H100 SXM) the lower bound is 57.2e9 / 64e9 = 0.894 s; from pinned memory about
// 1.12 s; from pageable memory (what `module.to("cpu")` uses) about 2.2 s. On PCIe 4.0 x16
// (A100, 32e9 B/s) every figure doubles.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/enum_names.hpp>
#include <wanmeter/hw/device.hpp>

namespace wanmeter {

/// Where the host side of a copy lives.
enum class host_memory : unsigned char {
  pinned,   ///< page-locked: DMA straight from/to it
  pageable, ///< ordinary memory: the driver stages it through a pinned bounce buffer
};

inline constexpr enum_names<host_memory, 2> host_memory_names{{{{host_memory::pageable, "pageable"},
                                                                {host_memory::pinned, "pinned"}}}};

[[nodiscard]] constexpr std::string_view name_of(host_memory m) { return host_memory_names.name(m); }

/// Sustained fraction of the per-direction link bandwidth.
///   pinned 0.80: CUDA samples `bandwidthTest --memory=pinned` on x16 links measures ~25-26 GB/s
///     of 32 on PCIe 4.0 and ~50-55 GB/s of 64 on PCIe 5.0 (TLP headers and the 128b/130b line
///     code cost ~10-20%).
///   pageable 0.40: assumption; pageable copies add a host memcpy into the staging buffer and are
///     typically 30-60% of pinned throughput, depending on the host's memory bandwidth.
[[nodiscard]] constexpr double host_link_efficiency(host_memory m) {
  return m == host_memory::pinned ? 0.80 : 0.40;
}

/// Lower bound on moving `bytes` one way between host and device `d`, in seconds.
[[nodiscard]] constexpr double host_transfer_lower_bound_s(count bytes, const device_spec& d) {
  return static_cast<double>(bytes) / static_cast<double>(d.host_link_bandwidth);
}

/// Calibrated estimate of moving `bytes` one way between host memory of kind `m` and device `d`.
[[nodiscard]] constexpr double host_transfer_time_s(count bytes, const device_spec& d,
                                                    host_memory m = host_memory::pageable) {
  return host_transfer_lower_bound_s(bytes, d) / host_link_efficiency(m);
}

} // namespace wanmeter
