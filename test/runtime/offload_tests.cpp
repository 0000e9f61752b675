// Runtime tier: the time, memory and report of the offload policies and the tiled VAE decode.
// Expected figures are derived by hand in the comments (weights from the official element counts,
// link figures from the device table's sources), never read back from the code under test.
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/io/json.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/run/analyze.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

namespace {
using namespace wanmeter;

const workload w720{.frames = 81, .height = 720, .width = 1280, .steps = 50, .guidance_scale = 5.0};

run_report run_14b(const run_execution& x, const device_spec* d, const workload& w = w720) {
  return analyze(run_request{.model = find_model("wan2.1-t2v-14b"), .w = w, .exec = x, .device = d});
}

bool close(double a, double b, double rel = 1e-9) { return std::fabs(a - b) <= rel * std::fabs(b); }

// Wan2.1 14B in bf16: a block 702,788,608 B, the root 465,438,848 B, the T5 11,361,820,672 B
// (test/static/offload_and_tiling.cpp). H100 SXM host link: PCIe 5.0 x16, 64e9 B/s per direction;
// pinned copies at 0.80 of it, pageable at 0.40 (perf/transfer.hpp).
constexpr double block_bytes = 702'788'608.0;
constexpr double t5_bytes = 11'361'820'672.0;
constexpr double resident20_bytes = 465'438'848.0 + 20 * 702'788'608.0; // root + 20 blocks

} // namespace

BOOST_AUTO_TEST_SUITE(offload_policies)

BOOST_AUTO_TEST_CASE(block_offload_pinned_hides_all_but_the_first_block) {
  const run_report r = run_14b(run_execution{.dit_weight = dtype::bf16, .offload = offload_policy::block,
                                             .resident_blocks = 20, .host = host_memory::pinned},
                               &find_device("h100-sxm"));
  // One block over pinned PCIe 5.0: 702,788,608 / 51.2e9 = 13.7 ms, far below one block's compute
  // at 720p (~0.3 s: checked below), so each forward exposes only its first streamed block.
  const double t = block_bytes / (64e9 * 0.80);
  const double dit_s = r.time.find(stage_id::dit)->time_s;
  BOOST_TEST(dit_s / (100.0 * 40.0) > t); // the premise
  // Moves: the T5 and the DiT's root + 20 resident blocks, each in and out once.
  const double moves_s = 2.0 * (t5_bytes + resident20_bytes) / (64e9 * 0.80);
  BOOST_TEST(close(r.time.transfers.time_s, moves_s + 100.0 * t));
  BOOST_TEST(close(r.time.transfers.link_time_s, moves_s + 100.0 * 20.0 * t));
  BOOST_TEST(r.time.transfers.streamed_bytes == 100ULL * 20 * 702'788'608ULL);
  BOOST_TEST(r.time.transfers.h2d_bytes == 11'361'820'672ULL + 14'521'211'008ULL + 100ULL * 20 * 702'788'608ULL);
  BOOST_TEST(r.time.transfers.d2h_bytes == 11'361'820'672ULL + 14'521'211'008ULL);
  BOOST_TEST(close(r.time.time_s, r.time.compute_s + r.time.transfers.time_s));
}

BOOST_AUTO_TEST_CASE(block_offload_pageable_does_not_overlap) {
  const run_report r = run_14b(run_execution{.dit_weight = dtype::bf16, .offload = offload_policy::block,
                                             .resident_blocks = 20},
                               &find_device("h100-sxm"));
  const double t = block_bytes / (64e9 * 0.40);
  const double moves_s = 2.0 * (t5_bytes + resident20_bytes) / (64e9 * 0.40);
  BOOST_TEST(close(r.time.transfers.time_s, moves_s + 100.0 * 20.0 * t));
  BOOST_TEST(close(r.time.transfers.link_time_s, r.time.transfers.time_s));
}

BOOST_AUTO_TEST_CASE(block_offload_default_keeps_the_most_that_fit) {
  const device_spec& d = find_device("rtx-4090");
  const workload w480{.frames = 81, .height = 480, .width = 832, .steps = 50, .guidance_scale = 5.0};
  const run_report r = run_14b(run_execution{.dit_weight = dtype::bf16, .offload = offload_policy::block,
                                             .host = host_memory::pinned},
                               &d, w480);
  const offload_plan& o = r.plan.offload;
  BOOST_TEST(o.resident_blocks > 0U);
  BOOST_TEST(o.resident_blocks < 40U);
  // The DiT stage fits, and one more resident block would not.
  const stage_memory& dit = *r.memory.find(stage_id::dit);
  BOOST_TEST(dit.peak_bytes <= d.memory_capacity);
  BOOST_TEST(dit.peak_bytes + o.block_bytes > d.memory_capacity);
  // 24 (test/static/offload_and_tiling.cpp: 26 slots of 702,788,608 B left by VAE, root and
  // activations, 2 of them stream buffers).
  BOOST_TEST(o.resident_blocks == 24U);
  // Without a device nothing is known of the capacity: 0.
  BOOST_TEST(run_14b(run_execution{.dit_weight = dtype::bf16, .offload = offload_policy::block}, nullptr, w480)
                 .plan.offload.resident_blocks == 0U);
}

// A quantised DiT streams its blocks in the format's bytes. Wan2.1 T2V-14B, q4_k_m (Q4_K: 144 B
// per 256 weights, rounded up per row), eager (the rest fp32). One block's Linears: self and cross
// q, k, v, o [5120 x 5120]: 5120 rows x 20 x 144 B = 14,745,600 B each, x 8 = 117,964,800; ffn.0
// [13824 x 5120]: 13824 x 2,880 = 39,813,120; ffn.2 [5120 x 13824]: 5120 x 54 x 144 =
// 39,813,120. Dense fp32: biases 8 x 5120 + 13824 + 5120 = 59,904, norm3 2 x 5120, the four
// q/k RMSNorm weights 4 x 5120, modulation 6 x 5120: 121,344 x 4 = 485,376 B. Block:
// 198,076,416 B. Root: 14,288,491,584 - 40 x (351,272,960 + 121,344) = 232,719,424 fp32
// parameters = 930,877,696 B (40 blocks + root = 8,853,934,336 B, test/static/weight_formats.cpp).
BOOST_AUTO_TEST_CASE(block_offload_streams_quantised_blocks) {
  run_request q{.model = find_model("wan2.1-t2v-14b"), .device = &find_device("rtx-4090")};
  q.w = q.model.defaults.w;
  q.exec.offload = offload_policy::block;
  q.exec.host = host_memory::pinned;
  q.exec.dit_quant = weight_quant::q4_k_m;
  q.exec.resident_blocks = 10;
  const run_plan p = make_run_plan(q);
  BOOST_TEST(p.offload.block_bytes == 198'076'416U);
  BOOST_TEST(p.offload.dit_root_bytes == 930'877'696U);
  BOOST_TEST(p.weights.dit == 8'853'934'336U);
  BOOST_TEST(p.offload.streamed_blocks == 30U);
}

BOOST_AUTO_TEST_CASE(sequential_offload_moves_every_model_every_call) {
  const run_report r = run_14b(run_execution{.offload = offload_policy::sequential}, &find_device("h100-sxm"));
  // fp32 DiT 57,153,966,336 B x 100 forwards, T5 11,361,820,672 x 2 prompts, decoder
  // 293,182,412 x 21 latent frames; pageable, not overlapped.
  const double bytes = 100.0 * 57'153'966'336.0 + 2.0 * t5_bytes + 21.0 * 293'182'412.0;
  BOOST_TEST(close(r.time.transfers.time_s, bytes / (64e9 * 0.40)));
  BOOST_TEST(r.time.transfers.d2h_bytes == 0U);
  BOOST_TEST(r.memory.host_bytes == 69'023'357'132ULL);
}

BOOST_AUTO_TEST_CASE(illegal_offload_options_throw) {
  const device_spec* d = &find_device("h100-sxm");
  BOOST_CHECK_THROW((void)run_14b(run_execution{.offload = offload_policy::block, .resident_blocks = 41}, d),
                    invalid_input);
  BOOST_CHECK_THROW((void)run_14b(run_execution{.offload = offload_policy::model, .resident_blocks = 4}, d),
                    invalid_input);
  BOOST_CHECK_THROW((void)analyze(run_request{.model = find_model("wan2.1-t2v-14b"),
                                              .exec = {.offload = offload_policy::sequential},
                                              .layout = {.ulysses = 2}}),
                    invalid_input);
  BOOST_CHECK_NO_THROW((void)run_14b(run_execution{.offload = offload_policy::block, .resident_blocks = 40}, d));
}

BOOST_AUTO_TEST_CASE(tiled_decode_in_the_report) {
  const run_report r = run_14b(run_execution{.offload = offload_policy::model, .vae_tiling = true},
                               &find_device("h100-sxm"));
  // The decode stage holds the VAE (507,570,124 B) and the tiled live set 4,162,461,696
  // (test/static/offload_and_tiling.cpp); untiled 8,716,492,800 + 6,379,324,416 + 895,795,200.
  BOOST_TEST(r.memory.vae_decode_bytes == 507'570'124ULL + 4'162'461'696ULL);
  BOOST_TEST(r.memory.vae_decode_untiled_bytes == 507'570'124ULL + 15'991'612'416ULL);
  bool found = false;
  for (const module_row& m : r.rows.modules) {
    if (m.id() == "vae_decode.tiles_0_0.decoder.middle.1.attn_core") {
      found = true;
      BOOST_TEST(m.total.tensor_flops == 608'811'614'208ULL); // 4 x 1,024^2 x 384 x 21 x 18
    }
  }
  BOOST_TEST(found);
  const std::string json = to_json_text(r.view());
  BOOST_TEST(json.find("\"vae_tiling\": true") != std::string::npos);
  BOOST_TEST(json.find("\"offload_policy\": \"model\"") != std::string::npos);
  BOOST_TEST(json.find("\"vae_decode_untiled_bytes\": 16499182540") != std::string::npos);
  // Untiled: the two decode figures agree.
  const run_report u = run_14b(run_execution{.offload = offload_policy::model}, nullptr);
  BOOST_TEST(u.memory.vae_decode_bytes == u.memory.vae_decode_untiled_bytes);
  BOOST_TEST(u.memory.vae_decode_bytes == 507'570'124ULL + 15'991'612'416ULL);
}

BOOST_AUTO_TEST_SUITE_END()
