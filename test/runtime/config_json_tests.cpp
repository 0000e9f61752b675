// Runtime tier: config.json reading. Every built-in architecture equals its shipped file
// (configs/<model-id>.json, written from the official config facts, and the diffusers copies in
// configs/diffusers/), and malformed or inconsistent files are rejected naming the field.
#include <boost/test/unit_test.hpp>

#include <wanmeter/io/config_json.hpp>
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/registry.hpp>

#include <filesystem>
#include <fstream>
#include <limits>

#include <string>

#ifndef WANMETER_SOURCE_DIR
#error "WANMETER_SOURCE_DIR must point at the repository root"
#endif

using namespace wanmeter;

namespace {
std::string config_path(std::string_view rel) { return std::string(WANMETER_SOURCE_DIR) + "/configs/" + std::string(rel); }

std::string error_of(std::string_view text, const wan_dit_arch& base = wan2_1_t2v_14b) {
  try {
    (void)parse_wan_config(text, base);
  } catch (const invalid_input& e) {
    return e.what();
  }
  return "(accepted)";
}
} // namespace

BOOST_AUTO_TEST_CASE(every_builtin_architecture_equals_its_file) {
  for (const model_entry& m : model_registry) {
    BOOST_TEST_CONTEXT(m.id) {
      const wan_dit_arch a = read_wan_config(config_path(std::string(m.id) + ".json"), m.arch);
      BOOST_TEST((a == m.arch));
      // The file alone, on another base of the same family, still gives the same DiT fields.
      BOOST_TEST(a.dim == m.arch.dim);
      BOOST_TEST(a.num_layers == m.arch.num_layers);
    }
  }
}

BOOST_AUTO_TEST_CASE(diffusers_format_gives_the_same_architecture) {
  for (const char* id : {"wan2.1-t2v-14b", "wan2.1-t2v-1.3b", "wan2.1-i2v-14b-720p", "wan2.1-flf2v-14b"}) {
    BOOST_TEST_CONTEXT(id) {
      const model_entry& m = find_model(id);
      BOOST_TEST((read_wan_config(config_path(std::string("diffusers/") + id + ".json"), m.arch) == m.arch));
    }
  }
  // An I2V diffusers file on a T2V base becomes the I2V architecture (257 image tokens).
  const wan_dit_arch i2v = read_wan_config(config_path("diffusers/wan2.1-i2v-14b-720p.json"), wan2_1_t2v_14b);
  BOOST_TEST((i2v == wan2_1_i2v_14b));
}

BOOST_AUTO_TEST_CASE(a_modified_file_changes_the_architecture) {
  const wan_dit_arch a = parse_wan_config(
      R"({"_class_name":"WanModel","dim":2048,"ffn_dim":8192,"num_heads":16,"num_layers":12,"in_dim":16,"out_dim":16,"model_type":"t2v"})",
      wan2_1_t2v_14b);
  BOOST_TEST(a.dim == 2048U);
  BOOST_TEST(a.num_layers == 12U);
  BOOST_TEST(a.head_dim() == 128U);
  BOOST_TEST(a.text_len == 512U); // default kept
}

BOOST_AUTO_TEST_CASE(bad_files_name_the_field) {
  const std::string ok_tail = R"("ffn_dim":13824,"num_heads":40,"num_layers":40,"in_dim":16,"out_dim":16,"model_type":"t2v"})";
  struct bad_case {
    std::string text;
    const char* expected;
  };
  const bad_case cases[] = {
      {"{\"dim\":5120,", "malformed JSON at line 1, column 13"},
      {"[1,2,3]", "must hold a JSON object"},
      {R"({"ffn_dim":13824,"num_heads":40,"num_layers":40,"in_dim":16,"out_dim":16})", "config.dim = (missing)"},
      {R"({"dim":"5120",)" + ok_tail, "config.dim = \"5120\": must be a non-negative integer"},
      {R"({"dim":-5,)" + ok_tail, "config.dim = -5"},
      {R"({"dim":0,)" + ok_tail, "config.dim = 0: must be between 1 and 65536"},
      {R"({"dim":5121,)" + ok_tail, "config.num_heads = 40: dim (5121) must be a multiple of num_heads"},
      {R"({"dim":5120,"eps":0,)" + ok_tail, "config.eps = 0: must be in (0, 1)"},
      {R"({"dim":5120,"ffn_dim":13824,"num_heads":40,"num_layers":40,"in_dim":16,"out_dim":16,"model_type":"x2v"})",
       "config.model_type = \"x2v\""},
      {R"({"_class_name":"UNet2D","dim":5120})", "config._class_name = \"UNet2D\""},
      {R"({"dim":5120,"ffn_dim":13824,"num_heads":40,"num_layers":40,"in_dim":48,"out_dim":48,"model_type":"ti2v"})",
       "ti2v runs on the Wan2.2 VAE"},
      {R"({"_class_name":"WanTransformer3DModel","num_attention_heads":40,"attention_head_dim":128,"ffn_dim":13824,"num_layers":40,"in_channels":16,"out_channels":16,"qk_norm":"rms_norm"})",
       "config.qk_norm"},
      {R"({"_class_name":"WanTransformer3DModel","num_attention_heads":40,"attention_head_dim":128,"ffn_dim":13824,"num_layers":40,"in_channels":36,"out_channels":16,"image_dim":1280,"added_kv_proj_dim":1024})",
       "config.added_kv_proj_dim = 1024"},
  };
  for (const auto& c : cases) {
    const std::string e = error_of(c.text);
    BOOST_TEST(e.find(c.expected) != std::string::npos, "got: " << e << " | expected: " << c.expected);
  }
  // A missing file names the path.
  try {
    (void)read_wan_config(config_path("does-not-exist.json"), wan2_1_t2v_14b);
    BOOST_ERROR("no exception");
  } catch (const invalid_input& e) {
    BOOST_TEST(std::string(e.what()).find("does-not-exist.json: cannot open") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(bad_shift_is_rejected_by_the_library) {
  const model_entry& m = find_model("wan2.2-t2v-a14b");
  for (const double bad : {-3.0, 1001.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    BOOST_CHECK_THROW((void)plan_pipeline(m, m.defaults.w, pipeline_options{.shift = bad}), invalid_input);
  }
  BOOST_TEST(plan_pipeline(m, m.defaults.w, pipeline_options{.shift = 0.0}).shift == 12.0);
}

BOOST_AUTO_TEST_CASE(an_endless_config_source_is_refused_and_a_large_file_cut_at_one_mebibyte) {
  // /dev/zero never ends (and a FIFO may block forever): only regular files are read.
  try {
    (void)read_wan_config("/dev/zero", wan2_1_t2v_14b);
    BOOST_ERROR("no exception");
  } catch (const invalid_input& e) {
    BOOST_TEST(std::string(e.what()).find("not a regular file") != std::string::npos, e.what());
  }
  // A regular file of 1 MiB + 1 byte: the reader stops there and names the limit.
  const std::filesystem::path big = std::filesystem::temp_directory_path() / "wanmeter-config-1mib-plus-1.json";
  {
    std::ofstream out(big, std::ios::binary);
    out << std::string((std::size_t{1} << 20) + 1, ' ');
  }
  try {
    (void)read_wan_config(big.string(), wan2_1_t2v_14b);
    BOOST_ERROR("no exception");
  } catch (const invalid_input& e) {
    BOOST_TEST(std::string(e.what()).find("at most 1 MiB") != std::string::npos, e.what());
  }
  std::filesystem::remove(big);
}
