// Runtime benchmark: the full 720p report of Wan2.1 T2V-14B (1,261 module rows), built from the
// tree and serialised to report.json's text. Prints the mean and best time of each phase.
//
//   build/gcc/bench/bench_report_json [iterations]
#include <wanmeter/io/json.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/run/analyze.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  using namespace wanmeter;
  using clock = std::chrono::steady_clock;
  const long iterations = argc > 1 ? std::atol(argv[1]) : 200;
  const model_entry& model = find_model("wan2.1-t2v-14b");
  double build_sum = 0, json_sum = 0, build_best = 1e9, json_best = 1e9, total_best = 1e9;
  std::size_t bytes = 0;
  for (long i = 0; i < iterations; ++i) {
    const auto t0 = clock::now();
    const report r = assemble_report(make_run_plan(run_request{.model = model, .w = profile_720p, .profile_id = "wan2-1-720p"}));
    const auto t1 = clock::now();
    const std::string text = to_json_text(r.view());
    const auto t2 = clock::now();
    bytes = text.size();
    const double b = std::chrono::duration<double, std::milli>(t1 - t0).count();
    const double j = std::chrono::duration<double, std::milli>(t2 - t1).count();
    build_sum += b;
    json_sum += j;
    build_best = std::min(build_best, b);
    json_best = std::min(json_best, j);
    total_best = std::min(total_best, b + j);
  }
  const auto n = static_cast<double>(iterations);
  std::printf("720p report (wan2.1-t2v-14b, %zu bytes of JSON), %ld iterations:\n", bytes, iterations);
  std::printf("  build report tree : mean %.3f ms, best %.3f ms\n", build_sum / n, build_best);
  std::printf("  serialise to JSON : mean %.3f ms, best %.3f ms\n", json_sum / n, json_best);
  std::printf("  both              : mean %.3f ms, best %.3f ms\n", (build_sum + json_sum) / n, total_best);

  // The same report as the CLI builds it: analyze (memory; with a device, time of every
  // module, stage and the run, hotspots by time) and its JSON.
  for (const device_spec* d : {static_cast<const device_spec*>(nullptr), &find_device("h100-sxm")}) {
    run_request q{};
    q.model = model;
    q.w = profile_720p;
    q.profile_id = "wan2-1-720p";
    q.exec.offload = true;
    q.device = d;
    double rb_sum = 0, rj_sum = 0, rt_best = 1e9;
    std::size_t rbytes = 0;
    for (long i = 0; i < iterations; ++i) {
      const auto t0 = clock::now();
      const run_report r = analyze(q);
      const auto t1 = clock::now();
      const std::string text = to_json_text(r.view());
      const auto t2 = clock::now();
      rbytes = text.size();
      const double b = std::chrono::duration<double, std::milli>(t1 - t0).count();
      const double j = std::chrono::duration<double, std::milli>(t2 - t1).count();
      rb_sum += b;
      rj_sum += j;
      rt_best = std::min(rt_best, b + j);
    }
    std::printf("analyze %s (%zu bytes of JSON):\n", d == nullptr ? "without a device" : "on h100-sxm", rbytes);
    std::printf("  build run report  : mean %.3f ms\n", rb_sum / n);
    std::printf("  serialise to JSON : mean %.3f ms\n", rj_sum / n);
    std::printf("  both              : mean %.3f ms, best %.3f ms\n", (rb_sum + rj_sum) / n, rt_best);
  }
  return bytes == 0 ? 1 : 0;
}
