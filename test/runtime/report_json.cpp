// Runtime tier: report.json and summary.md writers (wanmeter::json). report.json is parsed back
// with Boost.JSON (a parser that shares no code with the writer) and its values are compared with
// numbers derived by hand in the comments.
#include <boost/test/unit_test.hpp>

#include <wanmeter/hw/devices.hpp>
#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/run/analyze.hpp>

#include <boost/json/parse.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace wanmeter;

namespace {

run_report analyze_model(std::string_view model, const workload& w, std::string_view profile = {},
                         const device_spec* d = nullptr) {
  run_request q{};
  q.model = find_model(model);
  q.w = w;
  q.profile_id = profile;
  q.device = d;
  return analyze(q);
}

boost::json::value parsed(const run_report& r) { return boost::json::parse(to_json_text(r.view())); }

std::uint64_t u64(const boost::json::value& v) { return v.to_number<std::uint64_t>(); }

} // namespace

BOOST_AUTO_TEST_SUITE(report_json)

BOOST_AUTO_TEST_CASE(text_is_valid_json_ending_in_a_newline) {
  for (const auto* model : {"wan2.1-t2v-14b", "wan2.1-flf2v-14b", "wan2.2-ti2v-5b"}) {
    const run_report r = analyze_model(model, profile_ci_tiny, "wan2-1-ci-tiny");
    const std::string text = to_json_text(r.view());
    BOOST_TEST(text.back() == '\n');
    BOOST_TEST(boost::json::parse(text).as_object().at("schema").as_string() == "wanmeter.report/1");
  }
  // One frame of 16 x 16, one step, no guidance: one latent frame of 2 x 2, one DiT token.
  const run_report none = analyze_model("wan2.1-t2v-1.3b", workload{.frames = 1, .height = 16, .width = 16,
                                                                    .steps = 1, .guidance_scale = 1.0});
  const boost::json::value v = parsed(none);
  BOOST_TEST(v.at("workload").at("profile").is_null());
  BOOST_TEST(u64(v.at("geometry").at("dit_seq_len")) == 1U);
  BOOST_TEST(u64(v.at("stages").at("dit").at("calls")) == 1U);
}

BOOST_AUTO_TEST_CASE(deterministic_across_two_runs) {
  // Two requests built separately, analysed separately: the same bytes.
  const auto text = [](const device_spec* d) {
    run_request q{};
    q.model = find_model("wan2.1-t2v-14b");
    q.w = find_profile("wan2-1-480p").w;
    q.profile_id = "wan2-1-480p";
    q.device = d;
    q.exec.offload = offload_policy::model;
    const run_report r = analyze(q);
    return std::pair{to_json_text(r.view()), to_summary_markdown(r.view())};
  };
  const auto a = text(&find_device("h100-sxm"));
  const auto b = text(&find_device("h100-sxm"));
  BOOST_TEST(a.first == b.first);
  BOOST_TEST(a.second == b.second);
  // And the device matters: a different one gives a different text.
  BOOST_TEST(a.first != text(&find_device("a100-80gb-sxm")).first);
}

BOOST_AUTO_TEST_CASE(contract_keys_and_exact_integers) {
  const run_report r = analyze_model("wan2.1-t2v-14b", profile_720p, "wan2-1-720p");
  const boost::json::value v = parsed(r);
  const boost::json::object& o = v.as_object();
  std::vector<std::string> keys;
  for (const auto& kv : o) keys.emplace_back(kv.key());
  // Without a device: no time keys (report.json schema wanmeter.report/1, docs/cli.md).
  const std::vector<std::string> expected{"schema",   "tool",   "model",  "workload", "execution", "levers",
                                          "assumptions", "device", "geometry", "stages", "totals", "memory",
                                          "modules",  "hotspots"};
  BOOST_TEST(keys == expected, boost::test_tools::per_element());
  BOOST_TEST(o.at("schema").as_string() == "wanmeter.report/1");
  BOOST_TEST(o.at("device").is_null());
  BOOST_TEST(o.at("workload").at("profile").as_string() == "wan2-1-720p");
  BOOST_TEST(o.at("workload").at("guidance_scale").to_number<double>() == 5.0);
  // 81 frames -> (81 - 1) / 4 + 1 = 21 latent frames; 720 / 8 / 2 = 45 and 1280 / 8 / 2 = 80
  // patches: 21 x 45 x 80 = 75,600 tokens.
  BOOST_TEST(u64(o.at("geometry").at("dit_seq_len")) == 75'600U);
  // One forward of the 14B at 720p: 6,523,436,592,005,120 tensor FLOPs (test/static/dit_flops.cpp);
  // 50 steps x 2 (CFG) = 100 forwards: the run total must survive JSON as an exact integer
  // (above 2^53): 652,343,659,200,512,000.
  const auto& dit = o.at("stages").at("dit");
  BOOST_TEST(u64(dit.at("calls")) == 100U);
  BOOST_TEST(u64(dit.at("per_call").at("tensor_flops")) == 6'523'436'592'005'120ULL);
  BOOST_TEST(u64(dit.at("total").at("tensor_flops")) == 652'343'659'200'512'000ULL);
  // umT5-XXL, one prompt of 512 tokens, per layer: q, k, v, o 4 x 2 x 512 x 4096^2 =
  // 68,719,476,736 + gated FFN 3 x 2 x 512 x 4096 x 10240 = 128,849,018,880 + scores and values
  // 2 x 2 x 64 x 512^2 x 64 = 4,294,967,296 -> 201,863,462,912; 24 layers. Two calls (the prompt
  // and the negative prompt).
  const auto& t5 = o.at("stages").at("text_encoder");
  BOOST_TEST(u64(t5.at("calls")) == 2U);
  BOOST_TEST(u64(t5.at("per_call").at("tensor_flops")) == 24ULL * 201'863'462'912ULL);
  // The stages of a T2V run, in order.
  std::vector<std::string> stages;
  for (const auto& kv : o.at("stages").as_object()) stages.emplace_back(kv.key());
  BOOST_TEST(stages == (std::vector<std::string>{"text_encoder", "dit", "vae_decode"}), boost::test_tools::per_element());

  // Modules: every parent id exists and precedes its child; ids are unique.
  const auto& modules = o.at("modules").as_array();
  std::map<std::string, std::size_t> position;
  std::map<std::string, std::size_t> rows_of_stage;
  for (std::size_t i = 0; i < modules.size(); ++i) {
    const std::string id(modules[i].at("id").as_string());
    BOOST_TEST(position.emplace(id, i).second, "duplicate id " << id);
    const auto& parent = modules[i].at("parent");
    if (parent.is_null()) {
      BOOST_TEST(id.find('.') == std::string::npos, id); // only stage roots have no parent
    } else {
      const auto it = position.find(std::string(parent.as_string()));
      BOOST_TEST((it != position.end()), id << ": parent " << parent.as_string() << " missing or after it");
    }
    ++rows_of_stage[id.substr(0, id.find('.'))];
  }
  // DiT: 21 rows outside the blocks + 40 blocks x 31 = 1,261 (test/static/tree_invariants.cpp).
  BOOST_TEST(rows_of_stage["dit"] == 1261U);
  // umT5 encoder: root, token_embedding, blocks, norm (4) + 24 blocks x 19 (the block;
  // pos_embedding, norm1, residual_attn, norm2, residual_ffn; attn + q, k, v, attn_core, o;
  // ffn + fc1, gate + gate.0 + gate.1, gate_mul, fc2) = 460.
  BOOST_TEST(rows_of_stage["text_encoder"] == 460U);
  BOOST_TEST(rows_of_stage.size() == 3U);
  BOOST_TEST(modules.size() == 1261U + 460U + rows_of_stage["vae_decode"]);
  BOOST_TEST(rows_of_stage["vae_decode"] > 0U);
  BOOST_TEST(modules[0].at("id").as_string() == "text_encoder");
  BOOST_TEST(modules[460].at("id").as_string() == "dit");
  BOOST_TEST(modules[460].at("kind").as_string() == "wan_model");
  BOOST_TEST(modules[461].at("id").as_string() == "dit.patch_embedding");
  // Every metric of every module is a non-negative integer.
  for (const auto& m : modules) {
    for (const char* key : {"per_call", "total"}) {
      const auto& mo = m.at(key).as_object();
      BOOST_TEST(mo.size() == 8U);
      for (const auto& kv : mo) {
        BOOST_TEST((kv.value().is_uint64() || (kv.value().is_int64() && kv.value().get_int64() >= 0)),
                   m.at("id").as_string().c_str() << "." << key << "." << kv.key());
      }
    }
  }
  // The self-attention core of every block: 4 x 40 x 75,600^2 x 128 = 117,050,572,800,000 per call.
  const auto& core = modules[position.at("dit.blocks.39.self_attn.attn_core")];
  BOOST_TEST(core.at("parent").as_string() == "dit.blocks.39.self_attn");
  BOOST_TEST(u64(core.at("per_call").at("tensor_flops")) == 117'050'572'800'000ULL);
  BOOST_TEST(u64(core.at("total").at("tensor_flops")) == 100ULL * 117'050'572'800'000ULL);
}

BOOST_AUTO_TEST_CASE(two_experts_split_the_steps) {
  // Wan2.2 T2V-A14B defaults (models/wan/inference_defaults.hpp): 1280x720x81, 40 steps, guidance
  // 4.0 (high noise) / 3.0 (low noise), both != 1 -> 2 forwards per step; shift 12, boundary
  // 0.875 (models/wan/sampling.hpp): s_i ~ 1 - i/40 shifted 12 s / (1 + 11 s) >= 0.875 while
  // s >= 0.368 -> 26 high-noise steps, 14 low-noise steps: 52 + 28 = 80 = 2 x 40 forwards.
  const model_entry& m = find_model("wan2.2-t2v-a14b");
  const run_report r = analyze_model("wan2.2-t2v-a14b", m.defaults.w);
  const boost::json::value v = parsed(r);
  const auto& st = v.at("stages").as_object();
  std::vector<std::string> stages;
  for (const auto& kv : st) stages.emplace_back(kv.key());
  BOOST_TEST(stages == (std::vector<std::string>{"text_encoder", "dit_high_noise", "dit_low_noise", "vae_decode"}),
             boost::test_tools::per_element());
  BOOST_TEST(u64(st.at("dit_high_noise").at("calls")) == 52U);
  BOOST_TEST(u64(st.at("dit_low_noise").at("calls")) == 28U);
  BOOST_TEST(u64(st.at("dit_high_noise").at("calls")) + u64(st.at("dit_low_noise").at("calls")) == 2U * 40U);
  // The experts have the 14B architecture, but Wan2.2's model.py expands the timestep to one per
  // token (t.expand(B, seq_len)): time_embedding Linear(256 -> 5120), Linear(5120 -> 5120) and
  // time_projection Linear(5120 -> 6 x 5120) run on 75,600 rows instead of 1, i.e.
  // 75,599 x 2 x (256 x 5120 + 5120^2 + 5120 x 30720) = 27,943,132,200,960 more tensor FLOPs than
  // the Wan2.1 14B's 6,523,436,592,005,120: 6,551,379,724,206,080 per forward, for either expert.
  BOOST_TEST(u64(st.at("dit_high_noise").at("per_call").at("tensor_flops")) == 6'551'379'724'206'080ULL);
  BOOST_TEST(u64(st.at("dit_low_noise").at("per_call").at("tensor_flops")) == 6'551'379'724'206'080ULL);
  // Both experts' module ids are present, each under its own stage key.
  std::size_t high = 0, low = 0;
  for (const auto& mod : v.at("modules").as_array()) {
    const std::string id(mod.at("id").as_string());
    high += id.rfind("dit_high_noise", 0) == 0 ? 1 : 0;
    low += id.rfind("dit_low_noise", 0) == 0 ? 1 : 0;
  }
  BOOST_TEST(high == 1261U);
  BOOST_TEST(low == 1261U);
}

BOOST_AUTO_TEST_CASE(summary_headline) {
  const run_report r = analyze_model("wan2.1-t2v-14b", profile_720p, "wan2-1-720p");
  const std::string md = to_summary_markdown(r.view());
  // 6,523,436,592,005,120 tensor FLOPs per forward = 6.523 PFLOP.
  BOOST_TEST(md.find("| tensor FLOPs per DiT forward | 6.523 PFLOP | 6,523,436,592,005,120 |") != std::string::npos);
  // Weights of the run's stage trees: the fp32 DiT 57,153,966,336 + umT5-XXL in bf16
  // 2 x 5,680,910,336 + the fp32 VAE decoder 4 x 73,295,603 = 68,808,969,420 bytes.
  BOOST_TEST(md.find("| weights | 68.809 GB | 68,808,969,420 |") != std::string::npos);
  BOOST_TEST(md.find("| DiT forwards per run | 100 | |") != std::string::npos);
  BOOST_TEST(md.find("| DiT tokens per sample (L) | 75,600 | |") != std::string::npos);
  BOOST_TEST(md.find("## One DiT block (`dit.blocks.0`, per forward)") != std::string::npos);
  BOOST_TEST(md.find("| 1 | `dit.blocks.0.self_attn.attn_core` | attention_core |") != std::string::npos);
  BOOST_TEST(md.find("## What is not modelled") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(summary_of_every_model) {
  for (const model_entry& m : model_registry) {
    for (const device_spec* d : {static_cast<const device_spec*>(nullptr), &find_device("h100-sxm")}) {
      BOOST_TEST_CONTEXT(m.id << (d == nullptr ? " without a device" : " on h100-sxm")) {
        run_request q{};
        q.model = m;
        q.w = m.defaults.w;
        q.device = d;
        q.exec.offload = offload_policy::model;
        const run_report r = analyze(q);
        const std::string md = to_summary_markdown(r.view());
        BOOST_TEST(md.find("| DiT forwards per run |") != std::string::npos);
        BOOST_TEST(md.find("| FLOPs per DiT forward (tensor + vector) |") != std::string::npos);
        BOOST_TEST(md.find("| tensor FLOPs per DiT forward |") != std::string::npos);
        const bool a14b = m.id == "wan2.2-t2v-a14b" || m.id == "wan2.2-i2v-a14b";
        const std::string block = a14b ? "## One DiT block (`dit_high_noise.blocks.0`, per forward)"
                                       : "## One DiT block (`dit.blocks.0`, per forward)";
        BOOST_TEST(md.find(block) != std::string::npos);
        BOOST_TEST((md.find("![roofline](roofline.svg)") != std::string::npos) == (d != nullptr));
        if (m.id == "wan2.2-t2v-a14b") {
          // 26 high-noise + 14 low-noise steps, 2 forwards each (two_experts_split_the_steps).
          BOOST_TEST(md.find("| DiT forwards per run | 80 | |") != std::string::npos);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
