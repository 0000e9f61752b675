// libFuzzer harness for the config.json reader (issue: Hardening).
//
// Any input must either parse into an architecture whose DiT cost can be computed, or be
// rejected with wanmeter::invalid_input / wanmeter::overflow_error. Anything else (a crash, a
// sanitizer report, another exception type, a hang) is a finding.
//
//   build/fuzz/fuzz/config_json_fuzzer -max_total_time=600 <new-corpus-dir> fuzz/corpus/config_json
#include <wanmeter/io/config_json.hpp>
#include <wanmeter/models/wan/dit.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const wanmeter::wan_dit_arch& base : {wanmeter::wan2_1_t2v_14b, wanmeter::wan2_1_i2v_14b,
                                             wanmeter::wan2_2_ti2v_5b}) {
    try {
      const wanmeter::wan_dit_arch a = wanmeter::parse_wan_config(text, base);
      const wanmeter::geometry_rules r = a.rules();
      // The smallest legal workload of this architecture, and a realistic one.
      (void)wanmeter::dit_forward_cost(a, wanmeter::workload{.frames = 1, .height = r.pixel_multiple_h(),
                                                             .width = r.pixel_multiple_w(), .steps = 1});
      (void)wanmeter::dit_run(a, wanmeter::workload{.frames = 81, .height = 32 * r.pixel_multiple_h(),
                                                    .width = 48 * r.pixel_multiple_w()});
    } catch (const wanmeter::invalid_input&) {
    } catch (const wanmeter::overflow_error&) {
    }
  }
  return 0;
}
