// Prints the tables of docs/accuracy.md from evaluate_published() (test/support/validation).
// Header-only, no Boost needed:
//   g++ -std=c++20 -O2 -Iinclude -Itest/support verify/accuracy/print_table.cpp -o build/accuracy_table
//   build/accuracy_table
#include <validation/accuracy.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

using namespace wanmeter;

namespace {
const char* kernel_name(attention_kernel k) {
  return k == attention_kernel::flash_attention_3 ? "FA3" : "FA2";
}
double pct(double predicted, double published) { return 100.0 * relative_error(predicted, published); }
} // namespace

int main() {
  const accuracy_report a = evaluate_published();
  std::printf("in-sample multipliers: attention %.3f, other %.3f\n\n", a.in_sample.attention, a.in_sample.other);
  std::printf("| held-out GPU | rows | attention x | other x | raw MAE | held-out MAE |\n|---|---|---|---|---|---|\n");
  std::map<std::string, int> order;
  for (const auto& r : a.rows) order.emplace(std::string(r.run->device_id), static_cast<int>(order.size()));
  for (const auto& [dev, idx] : order) {
    (void)idx;
    int n = 0;
    double raw = 0, held = 0;
    time_calibration c{};
    const char* gpu = "";
    for (const auto& r : a.rows) {
      if (r.run->device_id != dev) continue;
      ++n;
      raw += std::fabs(relative_error(r.raw_time_s, r.run->total_time_s));
      held += std::fabs(relative_error(r.held_out_time_s, r.run->total_time_s));
      c = r.held_out;
      gpu = r.run->gpu.data();
    }
    std::printf("| %s (%s) | %d | %.3f | %.3f | %.1f%% | %.1f%% |\n", dev.c_str(), gpu, n, c.attention, c.other,
                100.0 * raw / n, 100.0 * held / n);
  }
  std::printf("\nMAE time raw %.2f%%, in-sample %.2f%%, held-out %.2f%% (max %.2f%%); memory %.2f%% (max %.2f%%)\n\n",
              100 * a.mae_time_raw, 100 * a.mae_time_in_sample, 100 * a.mae_time_held_out, 100 * a.max_time_held_out,
              100 * a.mae_memory, 100 * a.max_memory);
  std::printf("| # | GPU | model | task | size | steps | settings | published s | raw s | err | in-sample s | err | "
              "held-out s | err | published GB | predicted GB | err |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  int i = 0;
  for (const auto& r : a.rows) {
    const published_run& p = *r.run;
    const pipeline_plan plan = plan_of(p);
    const run_execution x = execution_of(p);
    std::string settings = "offload";
    if (p.t5_cpu == setting::yes) settings += ", t5_cpu";
    if (p.convert_model_dtype == setting::yes) settings += ", bf16";
    settings += std::string(", ") + kernel_name(x.roofline.attention);
    if (p.flash_attention_3 == setting::unknown) settings += " (unstated: auto)";
    std::printf("| %d | %s | %s | %s | %llux%llux%llu | %llu | %s | %.1f | %.1f | %+.1f%% | %.1f | %+.1f%% | %.1f | %+.1f%% | "
                "%.2f | %.2f | %+.1f%% |\n",
                i++, p.gpu.data(), p.model_id.data(), p.task.data(), static_cast<unsigned long long>(plan.w.width),
                static_cast<unsigned long long>(plan.w.height), static_cast<unsigned long long>(plan.w.frames),
                static_cast<unsigned long long>(p.steps), settings.c_str(), p.total_time_s, r.raw_time_s,
                pct(r.raw_time_s, p.total_time_s), r.in_sample_time_s, pct(r.in_sample_time_s, p.total_time_s),
                r.held_out_time_s, pct(r.held_out_time_s, p.total_time_s), p.peak_memory_gb, r.peak_gb,
                pct(r.peak_gb, p.peak_memory_gb));
  }
  // The Wan2.1 Hopper rows with FA3 instead (the sensitivity paragraph of docs/accuracy.md).
  std::printf("\nWan2.1 rows with unstated kernel, raw time with FA2 / FA3:\n");
  for (const auto& r : a.rows) {
    const published_run& p = *r.run;
    if (p.flash_attention_3 != setting::unknown) continue;
    run_execution x = execution_of(p);
    const model_entry& m = find_model(p.model_id);
    const device_spec& d = find_device(p.device_id);
    const double fa2 = time_of_run(plan_of(p), m, x, d).time_s;
    x.roofline.attention = attention_kernel::flash_attention_3;
    const double fa3 = time_of_run(plan_of(p), m, x, d).time_s;
    std::printf("  %s %s: FA2 %.1f s (%+.1f%%), FA3 %.1f s (%+.1f%%), published %.1f\n", p.gpu.data(), p.model_id.data(),
                fa2, pct(fa2, p.total_time_s), fa3, pct(fa3, p.total_time_s), p.total_time_s);
  }
  return 0;
}
