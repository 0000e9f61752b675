// Runtime tier: report.json and summary.md writers (wanmeter::json).
#include <boost/test/unit_test.hpp>

#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/report/wan.hpp>

#include <boost/json/parse.hpp>

#include <string>
#include <vector>

using namespace wanmeter;

BOOST_AUTO_TEST_SUITE(report_json)

BOOST_AUTO_TEST_CASE(direct_writer_equals_pretty_dom) {
  for (const auto* model : {"wan2.1-t2v-14b", "wan2.1-flf2v-14b", "wan2.2-ti2v-5b"}) {
    const report r = make_report(find_model(model), profile_ci_tiny, "wan2-1-ci-tiny");
    const std::string direct = to_json_text(r.view());
    BOOST_TEST(direct == pretty_json(to_json(r.view())), model);
    BOOST_TEST(direct.back() == '\n');
  }
  const report none = make_report(find_model("wan2.1-t2v-1.3b"), workload{.frames = 1, .height = 16, .width = 16,
                                                                          .steps = 1, .guidance_scale = 1.0});
  BOOST_TEST(to_json_text(none.view()) == pretty_json(to_json(none.view())));
}

BOOST_AUTO_TEST_CASE(deterministic) {
  const auto text = [] {
    const report r = make_report(find_model("wan2.1-t2v-14b"), profile_480p, "wan2-1-480p");
    return std::pair{to_json_text(r.view()), to_summary_markdown(r.view())};
  };
  BOOST_TEST((text() == text()));
}

BOOST_AUTO_TEST_CASE(contract_keys_and_exact_integers) {
  const report r = make_report(find_model("wan2.1-t2v-14b"), profile_720p, "wan2-1-720p");
  const boost::json::value v = boost::json::parse(to_json_text(r.view()));
  const boost::json::object& o = v.as_object();
  std::vector<std::string> keys;
  for (const auto& kv : o) keys.emplace_back(kv.key());
  const std::vector<std::string> expected{"schema", "tool", "model", "workload", "geometry",
                                          "stages", "totals", "modules", "hotspots"};
  BOOST_TEST(keys == expected, boost::test_tools::per_element());
  BOOST_TEST(o.at("schema").as_string() == "wanmeter.report/1");
  BOOST_TEST(o.at("workload").at("profile").as_string() == "wan2-1-720p");
  BOOST_TEST(o.at("workload").at("guidance_scale").to_number<double>() == 5.0);
  BOOST_TEST(o.at("geometry").at("dit_seq_len").to_number<std::uint64_t>() == 75'600U);
  // One forward of the 14B at 720p: 6,523,436,592,005,120 tensor FLOPs (test/static/dit_flops.cpp);
  // 100 forwards: the run total must survive JSON as an exact integer (above 2^53).
  const auto& dit = o.at("stages").at("dit");
  BOOST_TEST(dit.at("calls").to_number<std::uint64_t>() == 100U);
  BOOST_TEST(dit.at("per_call").at("tensor_flops").to_number<std::uint64_t>() == 6'523'436'592'005'120ULL);
  BOOST_TEST(dit.at("total").at("tensor_flops").to_number<std::uint64_t>() == 652'343'659'200'512'000ULL);
  const auto& modules = o.at("modules").as_array();
  // The DiT stage's rows: 21 + 40 x 31 = 1,261, its root first (text_encoder rows precede them).
  const std::size_t first = r.core.stage("dit").first_module;
  BOOST_TEST(r.core.stage("dit").module_count == 1261U);
  BOOST_TEST(modules[first].at("id").as_string() == "dit");
  BOOST_TEST(modules[first].at("parent").is_null());
  BOOST_TEST(modules[0].at("id").as_string() == "text_encoder");
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
  const auto& q = modules[r.core.stage("dit").first_module].as_object();
  BOOST_TEST(q.at("kind").as_string() == "wan_model");
}

BOOST_AUTO_TEST_CASE(summary_headline) {
  const report r = make_report(find_model("wan2.1-t2v-14b"), profile_720p, "wan2-1-720p");
  const std::string md = to_summary_markdown(r.view());
  // 6,523,436,592,005,120 tensor FLOPs per forward = 6.523 PFLOP; fp32 weights 57.154 GB.
  BOOST_TEST(md.find("| tensor FLOPs per DiT forward | 6.523 PFLOP | 6,523,436,592,005,120 |") != std::string::npos);
  // Weights of the run: the fp32 DiT 57,153,966,336 + umT5-XXL in bf16 2 x 5,680,910,336 + the
  // fp32 VAE decoder 4 x 73,295,603 = 68,808,969,420 bytes.
  BOOST_TEST(md.find("| weights | 68.809 GB | 68,808,969,420 |") != std::string::npos);
  BOOST_TEST(md.find("| DiT forwards per run | 100 | |") != std::string::npos);
  BOOST_TEST(md.find("## One DiT block (`dit.blocks.0`, per forward)") != std::string::npos);
  BOOST_TEST(md.find("| 1 | `dit.blocks.0.self_attn.attn_core` | attention_core |") != std::string::npos);
  BOOST_TEST(md.find("## What is not modelled") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
