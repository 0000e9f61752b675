// Uses the installed json component: reads the official Wan2.1 T2V-1.3B config.json text (as in
// configs/wan2.1-t2v-1.3b.json) and prints the architecture it describes. Links the compiled
// Boost.JSON through wanmeter::json.
#include <wanmeter.hpp>
#include <wanmeter/io/config_json.hpp>

#include <cstdio>

int main() {
  constexpr const char* text = R"({"_class_name": "WanModel", "dim": 1536, "eps": 1e-06, "ffn_dim": 8960,
    "freq_dim": 256, "in_dim": 16, "model_type": "t2v", "num_heads": 12, "num_layers": 30,
    "out_dim": 16, "text_len": 512})";
  const wanmeter::wan_dit_arch a = wanmeter::parse_wan_config(text, wanmeter::wan2_1_t2v_14b);
  if (!(a == wanmeter::wan2_1_t2v_1_3b)) return 1;
  std::printf("json consumer ok: dim %llu, %llu layers\n", static_cast<unsigned long long>(a.dim),
              static_cast<unsigned long long>(a.num_layers));
  return 0;
}
