// Runtime tier: roofline time of nodes on real devices. Every expected number is derived by hand
// in the comment next to it from the datasheet figures (hw/devices.hpp comments) and the layer
// formulas (layers/*.hpp), never read back from the code under test.
#include <boost/test/unit_test.hpp>

#include <wanmeter.hpp>
#include <wanmeter/hw/devices.hpp>
#include <validation/published.hpp>
#include <wanmeter/perf/roofline.hpp>
#include <wanmeter/perf/transfer.hpp>
#include <wanmeter/run/analyze.hpp>

#include <ostream>
#include <string>

// Printable labels for Boost.Test's failure messages (found by argument-dependent lookup).
namespace wanmeter {
std::ostream& operator<<(std::ostream& os, bound b) { return os << name_of(b); }
std::ostream& operator<<(std::ostream& os, kernel_class k) { return os << name_of(k); }
} // namespace wanmeter

using namespace wanmeter;
namespace tt = boost::test_tools;

namespace {

// The metrics of a bias-free bf16 Linear(5120 -> 5120) with bf16 weights over `rows` rows, read
// and written once (fused I/O), built by hand so the test does not depend on the layers' byte
// model: FLOPs = 2 rows D^2; bytes = rows D 2 (in) + D^2 2 (weights) + rows D 2 (out).
metrics square_bf16_gemm(count rows) {
  metrics m{};
  m.tensor_flops = 2 * rows * 5120 * 5120;
  m.bytes_read = rows * 5120 * 2 + 5120 * 5120 * 2;
  m.bytes_written = rows * 5120 * 2;
  return m;
}
const node_desc bf16_linear{"linear", category::attention_proj, dtype::bf16};

// Calls f(leaf) for every leaf of a tree (each distinct leaf once; repeated nodes once).
template <class N, class F>
void for_each_leaf(const N& n, F&& f) {
  if constexpr (detail::is_optional<N>) {
    if (n.present) for_each_leaf(n.node, f);
  } else if constexpr (detail::is_repeated<N>) {
    for_each_leaf(n.node, f);
  } else if constexpr (Leaf<N>) {
    f(n);
  } else {
    boost::hana::for_each(n.children(), [&](const auto& c) { for_each_leaf(c.node, f); });
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(roofline_time_tests)

// H100 SXM ridge point for bf16: 989,429,760,000,000 / 3,350,000,000,000 = 295.35 FLOP/byte.
// rows = 320: 16,777,216,000 FLOP / (6,553,600 + 52,428,800 = 58,982,400 B) = 284.4 < 295.35
//   tensor 16,777,216,000 / 989.42976e12 = 1.69566e-5 s; memory 58,982,400 / 3.35e12 = 1.76067e-5 s
// rows = 352: 18,454,937,600 FLOP / (7,208,960 + 52,428,800 = 59,637,760 B) = 309.4 > 295.35
//   tensor 18,454,937,600 / 989.42976e12 = 1.86521e-5 s; memory 59,637,760 / 3.35e12 = 1.78023e-5 s
BOOST_AUTO_TEST_CASE(bound_flips_at_the_ridge_point) {
  const roofline_time below = roofline(bf16_linear, square_bf16_gemm(320), h100_sxm);
  BOOST_TEST(below.kernel == kernel_class::gemm);
  BOOST_TEST(below.bound_by == bound::memory);
  BOOST_TEST(below.tensor_s == 1.69566e-5, tt::tolerance(1e-5));
  BOOST_TEST(below.memory_s == 1.76067e-5, tt::tolerance(1e-5));
  BOOST_TEST(below.lower_bound_s == below.memory_s);

  const roofline_time above = roofline(bf16_linear, square_bf16_gemm(352), h100_sxm);
  BOOST_TEST(above.bound_by == bound::tensor);
  BOOST_TEST(above.tensor_s == 1.86521e-5, tt::tolerance(1e-5));
  BOOST_TEST(above.memory_s == 1.78023e-5, tt::tolerance(1e-5));
  BOOST_TEST(above.lower_bound_s == above.tensor_s);
}

// The same flip on every device, with raw metrics of intensity 0.9x and 1.1x the device's own
// bf16 ridge point (peak / bandwidth from the spec sheet).
BOOST_AUTO_TEST_CASE(bound_flips_on_every_device) {
  for (const device_spec& d : device_registry) {
    const count flops = 1'000'000'000'000ULL;
    const double ridge = static_cast<double>(d.bf16_tensor_flops) / static_cast<double>(d.memory_bandwidth);
    metrics lo{}, hi{};
    lo.tensor_flops = hi.tensor_flops = flops;
    lo.bytes_read = static_cast<count>(static_cast<double>(flops) / (0.9 * ridge));
    hi.bytes_read = static_cast<count>(static_cast<double>(flops) / (1.1 * ridge));
    const node_desc gemm{"linear", category::mlp_proj, dtype::bf16};
    BOOST_TEST_CONTEXT(d.id) {
      BOOST_TEST(roofline(gemm, lo, d).bound_by == bound::memory);
      BOOST_TEST(roofline(gemm, hi, d).bound_by == bound::tensor);
    }
  }
}

// Wan2.1 T2V-14B, 1280x720x81: blocks.0.self_attn.attn_core on H100 SXM (40 heads, d = 128,
// Lq = Lk = 75,600, bf16):
//   tensor 4 x 40 x 75,600^2 x 128 = 117,050,572,800,000 FLOP / 989,429,760,000,000 = 0.1183010 s
//   sfu    40 x 75,600^2 = 228,614,400,000 exp / 3,864,960,000,000                  = 0.0591505 s
//   vector 5 x 228,614,400,000 + 75,600 x 5120 = 1,143,459,072,000 / 66,908,160,000,000 = 0.0170900 s
//   memory (3 x 75,600 x 5120 read + 75,600 x 5120 written) x 2 B = 3,096,576,000 B / 3.35e12
//          = 0.000924351 s
//   lower bound = 0.1183010 s, tensor bound.
//   FA3 (0.655, FA3 paper 648 TFLOPS): 0.1183010 / 0.655 = 0.1806123 s; FA2 (0.374): 0.3163129 s.
BOOST_AUTO_TEST_CASE(self_attention_core_14b_720p_on_h100) {
  metrics m{}; // the numbers above, typed in by hand
  m.tensor_flops = 117'050'572'800'000ULL;
  m.sfu_ops = 228'614'400'000ULL;
  m.vector_flops = 1'143'459'072'000ULL;
  m.bytes_read = 2'322'432'000ULL;
  m.bytes_written = 774'144'000ULL;
  const node_desc core_desc{"attention_core", category::attention_core, dtype::bf16};
  const roofline_time r = roofline(core_desc, m, h100_sxm);
  BOOST_TEST(r.kernel == kernel_class::attention);
  BOOST_TEST(r.tensor_s == 0.1183010, tt::tolerance(1e-6));
  BOOST_TEST(r.sfu_s == 0.0591505, tt::tolerance(1e-6));
  BOOST_TEST(r.vector_s == 0.0170900, tt::tolerance(1e-5));
  BOOST_TEST(r.memory_s == 0.000924351, tt::tolerance(1e-6));
  BOOST_TEST(r.lower_bound_s == 0.1183010, tt::tolerance(1e-6));
  BOOST_TEST(r.bound_by == bound::tensor);
  BOOST_TEST(r.time_s == 0.1806123, tt::tolerance(1e-6)); // automatic = FA3 on Hopper

  // The real leaf of the DiT tree: same FLOP components, bound and time (its bytes, whatever
  // execution model counts them, stay far below the ridge: FlashAttention I/O is linear in L).
  const wan_model dit = make_wan_dit(wan2_1_t2v_14b, profile_720p);
  const attention_core& core = dit.blocks.node.self_attn.attn_core;
  const roofline_time leaf = leaf_roofline(core, h100_sxm);
  BOOST_TEST(leaf.tensor_s == 0.1183010, tt::tolerance(1e-6));
  BOOST_TEST(leaf.sfu_s == 0.0591505, tt::tolerance(1e-6));
  BOOST_TEST(leaf.bound_by == bound::tensor);
  BOOST_TEST(leaf.time_s == 0.1806123, tt::tolerance(1e-6));

  roofline_options fa2{};
  fa2.attention = attention_kernel::flash_attention_2;
  BOOST_TEST(leaf_roofline(core, h100_sxm, fa2).time_s == 0.3163129, tt::tolerance(1e-6));
  // FA3 does not exist off Hopper: asking for it on an A100 gives FA2's factor (0.70).
  roofline_options fa3{};
  fa3.attention = attention_kernel::flash_attention_3;
  // A100: 117,050,572,800,000 / 311,869,440,000,000 = 0.3753190 s; / 0.70 = 0.5361700 s.
  BOOST_TEST(leaf_roofline(core, a100_80gb_sxm, fa3).time_s == 0.5361700, tt::tolerance(1e-6));
}

// The head Linear(5120 -> 64) of the 14B at 720p runs in fp32 (autocast fp32), weights fp32:
//   FLOPs 2 x 75,600 x 5120 x 64 = 49,545,216,000; vector (bias) 75,600 x 64 = 4,838,400
//   bytes 75,600 x 5120 x 4 + (5120 x 64 + 64) x 4 + 75,600 x 64 x 4
//       = 1,548,288,000 + 1,310,976 + 19,353,600 = 1,568,952,576 B -> 4.683441e-4 s at 3.35 TB/s
//   TF32 off (PyTorch default): CUDA-core FP32, 49,545,216,000 / 66,908,160,000,000 = 7.404959e-4 s
//   TF32 on: 49,545,216,000 / 494,714,880,000,000 = 1.001490e-4 s -> memory bound.
BOOST_AUTO_TEST_CASE(fp32_gemm_follows_allow_tf32) {
  metrics m{}; // fused fp32 I/O, typed in by hand
  m.tensor_flops = 49'545'216'000ULL;
  m.vector_flops = 4'838'400ULL;
  m.bytes_read = 1'548'288'000ULL + 1'310'976ULL;
  m.bytes_written = 19'353'600ULL;
  const node_desc head{"linear", category::mlp_proj, dtype::fp32};
  const roofline_time off = roofline(head, m, h100_sxm);
  BOOST_TEST(off.tensor_s == 7.404959e-4, tt::tolerance(1e-6));
  BOOST_TEST(off.memory_s == 4.683441e-4, tt::tolerance(1e-6));
  BOOST_TEST(off.bound_by == bound::tensor);

  roofline_options o{};
  o.allow_tf32 = true;
  const roofline_time on = roofline(head, m, h100_sxm, o);
  BOOST_TEST(on.tensor_s == 1.001490e-4, tt::tolerance(1e-5));
  BOOST_TEST(on.bound_by == bound::memory);

  // The real head leaf is an fp32 GEMM: the same tensor components.
  const wan_model dit = make_wan_dit(wan2_1_t2v_14b, profile_720p);
  BOOST_TEST(leaf_roofline(dit.head.head, h100_sxm).tensor_s == 7.404959e-4, tt::tolerance(1e-6));
  BOOST_TEST(leaf_roofline(dit.head.head, h100_sxm, o).tensor_s == 1.001490e-4, tt::tolerance(1e-5));
}

// float64 elementwise work (the reference RoPE) runs at the FP64 rate: on an RTX 4090
// (1.29024e12 FLOP/s) 1e12 FLOP take 0.775050 s, on an H100 (33.45408e12) 0.0298917 s.
BOOST_AUTO_TEST_CASE(fp64_vector_work_uses_the_fp64_rate) {
  metrics m{};
  m.vector_flops = 1'000'000'000'000ULL;
  const node_desc rope{"rope", category::other, dtype::fp64};
  BOOST_TEST(roofline(rope, m, rtx_4090).vector_s == 0.775050, tt::tolerance(1e-5));
  BOOST_TEST(roofline(rope, m, h100_sxm).vector_s == 0.0298917, tt::tolerance(1e-5));
  BOOST_TEST(roofline(rope, m, rtx_4090).bound_by == bound::vector);
}

BOOST_AUTO_TEST_CASE(calibrated_time_is_never_below_the_lower_bound) {
  const wan_model trees[] = {make_wan_dit(wan2_1_t2v_14b, profile_720p), make_wan_dit(wan2_1_i2v_14b, profile_480p),
                             make_wan_dit(wan2_2_ti2v_5b, workload{.frames = 121, .height = 704, .width = 1280})};
  for (const device_spec& d : device_registry) {
    for (const auto& tree : trees) {
      int leaves = 0;
      for_each_leaf(tree, [&](const auto& leaf) {
        const roofline_time r = leaf_roofline(leaf, d);
        ++leaves;
        BOOST_TEST_CONTEXT(d.id << " " << leaf.kind) {
          BOOST_TEST(r.time_s >= r.lower_bound_s);
          BOOST_TEST(r.lower_bound_s >= r.tensor_s);
          BOOST_TEST(r.lower_bound_s >= r.vector_s);
          BOOST_TEST(r.lower_bound_s >= r.sfu_s);
          BOOST_TEST(r.lower_bound_s >= r.memory_s);
          BOOST_TEST(r.eff.compute > 0.0);
          BOOST_TEST(r.eff.compute <= 1.0);
          BOOST_TEST(r.eff.memory > 0.0);
          BOOST_TEST(r.eff.memory <= 1.0);
        }
      });
      BOOST_TEST(leaves > 20);
    }
  }
}

// One 14B 720p forward on H100: 40 blocks x 0.1183010 s of self-attention lower bound = 4.732 s
// is part of the forward's lower bound, which must stay below the published end-to-end time per
// forward (1837.9 s / 100 forwards = 18.38 s), since T5, VAE and offload come on top. The DiT
// stage's row holds all 100 forwards.
BOOST_AUTO_TEST_CASE(forward_of_14b_720p_on_h100) {
  run_request q{};
  q.model = find_model("wan2.1-t2v-14b");
  q.w = profile_720p;
  q.device = &h100_sxm;
  const run_report r = analyze(q);
  const stage_row& dit = r.rows.core.stage("dit");
  BOOST_TEST_REQUIRE(dit.calls == 100U);
  const module_time& t = r.rows.modules[dit.first_module].time;
  BOOST_TEST(t.lower_bound_s / 100 > 40 * 0.1183010);
  BOOST_TEST(t.lower_bound_by[static_cast<std::size_t>(bound::tensor)] / 100 > 40 * 0.1183010);
  BOOST_TEST(t.bound_by == bound::tensor);
  BOOST_TEST(t.time_s / 100 < 1837.9 / 100);
  // Every stage runs on the device: the run's time by kernel class adds up to the sum of all leaf
  // times (summed here over the rows), and the attention class holds at least the 4,000
  // self-attention cores at FA3's 0.1806123 s.
  double leaves = 0.0;
  for (const module_row& m : r.rows.modules) {
    if (m.leaf) leaves += m.time.time_s;
  }
  double sum = 0.0;
  for (double x : r.time.time_by_kernel) sum += x;
  BOOST_TEST(sum == leaves, tt::tolerance(1e-12));
  BOOST_TEST(r.time.time_by_kernel[static_cast<std::size_t>(kernel_class::attention)] > 4000 * 0.1806);
  BOOST_TEST(r.time.host_time_s == 0.0);
}

// 57.2 GB (the fp32 14B DiT, reference 5.2) over PCIe 5.0 x16, 64e9 B/s per direction:
// 57.2e9 / 64e9 = 0.89375 s; pinned (0.80) 1.1171875 s; pageable (0.40) 2.234375 s.
// Over PCIe 4.0 x16 (A100, 32e9 B/s): 1.7875 s.
BOOST_AUTO_TEST_CASE(host_transfer_of_the_14b_dit) {
  const count bytes = 57'200'000'000ULL;
  BOOST_TEST(host_transfer_lower_bound_s(bytes, h100_sxm) == 0.89375, tt::tolerance(1e-12));
  BOOST_TEST(host_transfer_time_s(bytes, h100_sxm, host_memory::pinned) == 1.1171875, tt::tolerance(1e-12));
  BOOST_TEST(host_transfer_time_s(bytes, h100_sxm, host_memory::pageable) == 2.234375, tt::tolerance(1e-12));
  BOOST_TEST(host_transfer_lower_bound_s(bytes, a100_80gb_sxm) == 1.7875, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(unknown_device_lists_the_valid_ids) {
  BOOST_TEST(find_device("h100-sxm").name == "NVIDIA H100 SXM5 80GB");
  try {
    (void)find_device("h100");
    BOOST_FAIL("expected invalid_input");
  } catch (const invalid_input& e) {
    BOOST_TEST(e.knob() == "device");
    const std::string msg = e.what();
    BOOST_TEST(msg.find("h100") != std::string::npos);
    for (const device_spec& d : device_registry) BOOST_TEST(msg.find(std::string(d.id)) != std::string::npos);
  }
}

// FP8 GEMMs on Ampere (no FP8 tensor cores) are an input error, not a zero-rate division.
BOOST_AUTO_TEST_CASE(fp8_on_ampere_is_rejected) {
  metrics m{};
  m.tensor_flops = 1'000'000;
  const node_desc fp8_gemm{"linear", category::mlp_proj, dtype::fp8};
  BOOST_CHECK_THROW((void)roofline(fp8_gemm, m, a100_80gb_sxm), invalid_input);
  // H100: 1e6 / 1,978,859,520,000,000 = 5.05341e-10 s.
  BOOST_TEST(roofline(fp8_gemm, m, h100_sxm).tensor_s == 5.05341e-10, tt::tolerance(1e-5));
}

// Kernel classes of real leaves (perf/kernel_class.hpp table).
BOOST_AUTO_TEST_CASE(kernel_classes_of_real_leaves) {
  const wan_model dit = make_wan_dit(wan2_1_t2v_14b, profile_720p);
  BOOST_TEST(leaf_roofline(dit.blocks.node.self_attn.q, h100_sxm).kernel == kernel_class::gemm);
  BOOST_TEST(leaf_roofline(dit.blocks.node.self_attn.attn_core, h100_sxm).kernel == kernel_class::attention);
  BOOST_TEST(leaf_roofline(dit.patch_embedding, h100_sxm).kernel == kernel_class::gemm); // kernel == stride
  BOOST_TEST(leaf_roofline(dit.blocks.node.norm1, h100_sxm).kernel == kernel_class::elementwise);
  BOOST_TEST(leaf_roofline(dit.blocks.node.self_attn.rope, h100_sxm).kernel == kernel_class::elementwise);
  BOOST_TEST(kernel_class_of("conv3d", category::conv) == kernel_class::convolution); // VAE 3x3x3
  BOOST_TEST(kernel_class_of("einsum_attention", category::attention_core) == kernel_class::gemm); // T5
}

// An fp32 VAE convolution follows cuDNN's TF32 switch (on by default), a Linear does not.
// 1e12 FLOP on H100: TF32 1e12 / 494,714,880,000,000 = 2.021365e-3 s (calibrated / 0.5 =
// 4.042730e-3 s); CUDA-core FP32 1e12 / 66,908,160,000,000 = 1.494586e-2 s.
BOOST_AUTO_TEST_CASE(fp32_convolution_uses_tf32_by_default) {
  metrics m{};
  m.tensor_flops = 1'000'000'000'000ULL;
  const node_desc conv{"conv3d", category::conv, dtype::fp32};
  const roofline_time r = roofline(conv, m, h100_sxm);
  BOOST_TEST(r.kernel == kernel_class::convolution);
  BOOST_TEST(r.tensor_s == 2.021365e-3, tt::tolerance(1e-6));
  BOOST_TEST(r.time_s == 4.042730e-3, tt::tolerance(1e-6));
  roofline_options strict{};
  strict.allow_tf32_conv = false;
  BOOST_TEST(roofline(conv, m, h100_sxm, strict).tensor_s == 1.494586e-2, tt::tolerance(1e-6));
  const node_desc gemm{"linear", category::mlp_proj, dtype::fp32};
  BOOST_TEST(roofline(gemm, m, h100_sxm).tensor_s == 1.494586e-2, tt::tolerance(1e-6));
}

BOOST_AUTO_TEST_SUITE_END()
