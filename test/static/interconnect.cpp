// Static tier: interconnect specs against their sources (hand-copied figures), the size curves
// read at hand-computed sizes, the registry and every device's default interconnect.
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/hw/interconnect.hpp>

#include <limits>

#include <cstddef>
#include <string_view>

namespace {
using namespace wanmeter;

constexpr count G = 1'000'000'000ULL; // 1 GB/s in byte/s

// |a - b| <= rel x |b|
constexpr bool near(double a, double b, double rel) {
  const double d = a > b ? a - b : b - a;
  return d <= rel * (b < 0 ? -b : b);
}

// --- Line rates (vendor datasheets, both directions / 2) -------------------------------------
static_assert(nvlink4.line_rate == 450 * G);            // H100 SXM "NVLink 900GB/s"
static_assert(nvlink4_h800.line_rate == 200 * G);       // H800 SXM "NVLink 400GB/s"
static_assert(nvlink3.line_rate == 300 * G);            // A100 SXM "NVLink 600GB/s"
static_assert(nvlink3_a800.line_rate == 200 * G);       // A800 SXM "NVLink 400GB/s"
static_assert(nvlink5.line_rate == 900 * G);            // B200 "NVLink 1.8TB/s"
static_assert(h100_pcie_nvlink_bridge.line_rate == 300 * G); // H100 PCIe "NVLink 600GB/s"
static_assert(pcie4.line_rate == 32 * G && pcie4_no_p2p.line_rate == 32 * G); // 16 GT/s x 16 / 8
static_assert(pcie5.line_rate == 64 * G && pcie5_no_p2p.line_rate == 64 * G); // 32 GT/s x 16 / 8
static_assert(nvlink4.generation == 4 && nvlink3.generation == 3 && nvlink5.generation == 5);
static_assert(pcie4_no_p2p.generation == 4 && pcie5_no_p2p.generation == 5);

// --- Asymptotic busbw (sources in hw/interconnect.hpp) ----------------------------------------
static_assert(nvlink4.busbw == 360 * G);          // nccl-tests#326
static_assert(nvlink4.all_reduce_busbw == 480 * G); // NVLS, nccl-tests#212, Azure ND H200 v5 479.98
static_assert(nvlink4_h800.all_reduce_busbw == 215 * G); // NVLS, nccl#1374
static_assert(nvlink3.busbw == 230 * G);          // Azure ND A100 v4 231.58 at 8 GiB
static_assert(h100_pcie_nvlink_bridge.busbw == 116 * G && h100_pcie_nvlink_bridge.max_ranks == 2); // nccl-tests#194
static_assert(pcie5_no_p2p.busbw == 28 * G);      // 8 x RTX 5090, nccl#1639
// Estimates: H800 = 360 x 200/450 = 160; A800 = 230 x 200/300 = 153.3 -> 153; B200 = 360 x 2.
static_assert(nvlink4_h800.busbw * 450 == nvlink4.busbw * 200);
static_assert(nvlink3_a800.busbw == 153 * G);
static_assert(nvlink5.busbw == 2 * nvlink4.busbw && nvlink5.all_reduce_busbw == 2 * nvlink4.all_reduce_busbw);
// The measured H800/H100 NVLS ratio 215/480 = 0.448 is the line-rate ratio 200/450 = 0.444
// within 1%: the estimate above scales by the links.
static_assert(near(215.0 / 480.0, 200.0 / 450.0, 0.01));

// Peer-to-peer: GeForce parts have none in the stock driver; in-switch reduction only on
// NVSwitch Hopper/Blackwell (no NVLS on Ampere, nccl-tests#228).
static_assert(!pcie4_no_p2p.peer_to_peer && !pcie5_no_p2p.peer_to_peer && pcie4.peer_to_peer);
static_assert(nvlink4.in_switch_reduction && nvlink4_h800.in_switch_reduction && nvlink5.in_switch_reduction);
static_assert(!nvlink3.in_switch_reduction && !nvlink3_a800.in_switch_reduction && !pcie4.in_switch_reduction);

// Every interconnect: ring-class busbw below its line rate (the NVLS all-reduce may exceed it:
// 480 > 450), all-reduce at least the ring figure, the curve increasing from the first point to
// exactly 1 at the last, latencies the NCCL Simple ring constants.
constexpr bool sane(const interconnect_spec& ic) {
  if (ic.busbw == 0 || ic.busbw >= ic.line_rate || ic.all_reduce_busbw < ic.busbw) return false;
  if (ic.in_switch_reduction != (ic.all_reduce_busbw > ic.busbw)) return false;
  const auto& p = ic.curve.points;
  for (std::size_t i = 1; i < p.size(); ++i)
    if (p[i].message_bytes <= p[i - 1].message_bytes || p[i].fraction < p[i - 1].fraction) return false;
  if (p.back().fraction != 1.0 || p.front().fraction <= 0) return false;
  if (ic.base_latency_s != 8.4e-6) return false;
  return ic.hop_latency_s == (ic.kind == link_kind::pcie ? 5.7e-6 : 3.4e-6);
}
constexpr bool all_sane() {
  for (const auto& ic : interconnect_registry)
    if (!sane(ic)) return false;
  return true;
}
static_assert(all_sane());

// --- Size curves ------------------------------------------------------------------------------
// At a published point the busbw is the published row scaled to the asymptote:
// nvlink4 at 2^24 (16 MiB): 360 x 240.41 / 479.98 = 180.315 GB/s.
static_assert(near(busbw_at(nvlink4, count{1} << 24), 180.315e9, 1e-5));
// NVLS all-reduce on nvlink4 reproduces the Azure row: 2^27 -> 480 x 412.45/479.98 = 412.467.
static_assert(near(all_reduce_busbw_at(nvlink4, count{1} << 27), 412.467e9, 1e-5));
// Between points, linear in log2(size): 96,768,000 B (14B 720p Ulysses p=8 buffer),
// log2 = 26.528027, 0.528027 of the way from 2^26 (368.11) to 2^27 (412.45):
// (368.11 + 0.528027 x 44.34) / 479.98 = 0.815706; x 360 = 293.654 GB/s.
static_assert(near(busbw_fraction_at(hgx_h200_nvls_curve, 96'768'000), 0.815706, 1e-6));
static_assert(near(busbw_at(nvlink4, 96'768'000), 293.654e9, 1e-5));
// Same size on A100: (166.63 + 0.528027 x 7.55) / 231.58 = 0.736750; x 230 = 169.45 GB/s.
static_assert(near(busbw_at(nvlink3, 96'768'000), 169.4525e9, 1e-5));
// Below the first point: the first point's fraction (52.96/479.98 of 360 = 39.72 GB/s).
static_assert(near(busbw_at(nvlink4, 4096), 39.7217e9, 1e-5));
static_assert(busbw_at(nvlink4, 4096) == busbw_at(nvlink4, count{1} << 20));
// At and beyond 8 GiB: the asymptote.
static_assert(busbw_at(nvlink4, count{1} << 33) == 360e9 && busbw_at(nvlink4, count{1} << 40) == 360e9);
// PCIe curves are flat.
static_assert(busbw_at(pcie4_no_p2p, 1000) == 15e9 && busbw_at(pcie4_no_p2p, 1'000'000'000) == 15e9);

// A shared switch uplink (pcie4-no-p2p-switch, NVIDIA/nccl-tests issue 307's box): each of the k
// GPUs of a group behind one uplink gets 24 / k GB/s, k = min(group, 4); no cap without an uplink.
static_assert(uplink_share(pcie4_no_p2p_switch, 8) == 6e9 && uplink_share(pcie4_no_p2p_switch, 4) == 6e9);
static_assert(uplink_share(pcie4_no_p2p_switch, 2) == 12e9);
static_assert(uplink_share(pcie4_no_p2p, 8) == std::numeric_limits<double>::infinity());
static_assert(uplink_share(nvlink4, 8) == std::numeric_limits<double>::infinity());
static_assert(pcie4_no_p2p_switch.busbw == pcie4_no_p2p.busbw && !pcie4_no_p2p_switch.peer_to_peer);

// log2 in constant evaluation.
static_assert(detail::log2_of(1024) == 10.0 && detail::log2_of(1) == 0.0);
static_assert(near(detail::log2_of(96'768'000), 26.52802670888316, 1e-14));
static_assert(near(detail::log2_of(3), 1.584962500721156, 1e-15));
static_assert(near(detail::log2_of(~count{0}), 64.0, 1e-15));

// Ring latency: 8-GPU NVLink all-gather = 8.4 + 7 x 3.4 = 32.2 us (the reference's "~32 us").
static_assert(near(ring_alpha_s(nvlink4, 7), 32.2e-6, 1e-12));
static_assert(near(ring_alpha_s(pcie4_no_p2p, 14), 88.2e-6, 1e-12)); // 8-GPU PCI all-reduce

// --- Registry ----------------------------------------------------------------------------------
static_assert(interconnect_registry.size() == 11);
constexpr bool unique_ids() {
  for (std::size_t i = 0; i < interconnect_registry.size(); ++i)
    for (std::size_t j = i + 1; j < interconnect_registry.size(); ++j)
      if (interconnect_registry[i].id == interconnect_registry[j].id) return false;
  return true;
}
static_assert(unique_ids());
static_assert(try_find_interconnect("nvlink4") == &interconnect_registry[0]);
static_assert(try_find_interconnect("pcie4-no-p2p")->busbw == 15 * G);
static_assert(try_find_interconnect("h100-pcie-nvlink-bridge")->kind == link_kind::nvlink_bridge);
static_assert(try_find_interconnect("nvlink") == nullptr && try_find_interconnect("") == nullptr);
static_assert(name_of(link_kind::pcie) == "pcie" && *link_kind_names.find("nvswitch") == link_kind::nvswitch);

// --- Every device's default interconnect -------------------------------------------------------
constexpr bool every_device_has_one() {
  for (const auto& d : device_registry)
    if (try_find_interconnect(d.interconnect) == nullptr) return false;
  return true;
}
static_assert(every_device_has_one());
static_assert(h100_sxm.interconnect == "nvlink4" && h200_sxm.interconnect == "nvlink4");
static_assert(h20.interconnect == "nvlink4");
static_assert(h800_sxm.interconnect == "nvlink4-h800");
static_assert(a100_40gb_sxm.interconnect == "nvlink3" && a100_80gb_sxm.interconnect == "nvlink3");
static_assert(a800_80gb_sxm.interconnect == "nvlink3-a800");
static_assert(l40s.interconnect == "pcie4");
static_assert(rtx_4090.interconnect == "pcie4-no-p2p" && rtx_5090.interconnect == "pcie5-no-p2p");
static_assert(b200.interconnect == "nvlink5");
// The host link and the no-P2P fabric agree on the PCIe generation.
static_assert(try_find_interconnect(rtx_4090.interconnect)->line_rate == rtx_4090.host_link_bandwidth);
static_assert(try_find_interconnect(rtx_5090.interconnect)->line_rate == rtx_5090.host_link_bandwidth);
static_assert(try_find_interconnect(l40s.interconnect)->line_rate == l40s.host_link_bandwidth);

} // namespace
