// Benchmark of `wanmeter plan`'s search (run/plan_search.hpp): every candidate of a question, on
// the lean path (one run plan per group of candidates that share it, stage computes shared by
// tree), against the target of issue 11: under 100 ms for one model and workload on up to four
// GPU counts. Each question is timed `rounds` times (default 30): the median and the best wall
// time, the median CPU time (std::clock: what this process ran, whatever the other jobs on the
// machine do), and as a baseline measured in the same run, one full `analyze` of the question's
// plain one-GPU request (every module row), so the ratio survives the load.
//
//   build/gcc/bench/bench_plan_search [rounds]
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/run/analyze.hpp>
#include <wanmeter/run/plan_search.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

namespace {
using namespace wanmeter;

struct bench_question {
  const char* label;
  plan_question q;
};

plan_question ask(std::string_view model, std::vector<std::string_view> devices, std::vector<count> gpus, bool lossy) {
  const model_entry& m = find_model(model);
  plan_question q{.base = run_request{.model = m, .w = m.defaults.w}, .gpus = std::move(gpus), .allow_lossy = lossy};
  for (const std::string_view d : devices) q.devices.push_back(&find_device(d));
  return q;
}

struct timing {
  double median_ms = 0.0;
  double best_ms = 0.0;
  double cpu_median_ms = 0.0;
};

template <class F>
timing time_rounds(int rounds, F&& f) {
  std::vector<double> wall;
  std::vector<double> cpu;
  for (int i = 0; i < rounds; ++i) {
    const std::clock_t c0 = std::clock();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const auto t1 = std::chrono::steady_clock::now();
    const std::clock_t c1 = std::clock();
    wall.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    cpu.push_back(1e3 * static_cast<double>(c1 - c0) / CLOCKS_PER_SEC);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], wall.front(), cpu[cpu.size() / 2]};
}

} // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 30;
  const std::vector<bench_question> questions{
      {"wan2.1-t2v-14b 720p, h100-sxm, GPUs 1,2,4,8", ask("wan2.1-t2v-14b", {"h100-sxm"}, {1, 2, 4, 8}, false)},
      {"same, --allow-lossy", ask("wan2.1-t2v-14b", {"h100-sxm"}, {1, 2, 4, 8}, true)},
      {"wan2.2-t2v-a14b 720p, h100-sxm, GPUs 1,2,4,8, --allow-lossy",
       ask("wan2.2-t2v-a14b", {"h100-sxm"}, {1, 2, 4, 8}, true)},
      {"wan2.1-t2v-14b 720p, h100-sxm + a100-80gb-sxm, GPUs 1,2,4,8",
       ask("wan2.1-t2v-14b", {"h100-sxm", "a100-80gb-sxm"}, {1, 2, 4, 8}, false)},
      {"wan2.1-t2v-14b 720p, rtx-4090, GPU 1 (nothing fits: + advice)", ask("wan2.1-t2v-14b", {"rtx-4090"}, {1}, false)},
  };
  std::printf("| question | candidates | run plans | stage folds | median | best | CPU median | one `analyze` (baseline) | "
              "plan / analyze |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const bench_question& b : questions) {
    std::size_t candidates = 0;
    count plans = 0;
    count folds = 0;
    volatile double sink = 0.0;
    run_request one = b.q.base;
    one.device = b.q.devices.front();
    const timing base = time_rounds(rounds, [&] { sink = sink + analyze(one).time.time_s; });
    const timing t = time_rounds(rounds, [&] {
      const plan_result r = plan_search(b.q);
      candidates = r.candidates.size();
      plans = r.plans_made;
      folds = r.stage_folds;
      sink = sink + (r.best ? r.candidates[*r.best].time.time_s : 0.0);
    });
    std::printf("| %s | %zu | %llu | %llu | %.1f ms | %.1f ms | %.1f ms | %.2f ms | %.0fx |\n", b.label, candidates,
                static_cast<unsigned long long>(plans), static_cast<unsigned long long>(folds), t.median_ms, t.best_ms, t.cpu_median_ms, base.median_ms,
                t.median_ms / base.median_ms);
  }
  return 0;
}
