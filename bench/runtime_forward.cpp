// Runtime benchmark: whole-forward cost for workloads known only at run time, by the two paths
// of the library, printing evaluations per second:
//   * tree:       `dit_forward_cost(arch, w)` builds the layer tree and folds it (any
//                 architecture, including one read from a config file at run time);
//   * cost model: `dit_cost_model<arch>::forward(w)`, the compile-time polynomial of the same
//                 tree for a built-in architecture (what a scheduler embeds).
//
//   build/gcc/bench/bench_runtime_forward [iterations]
#include <wanmeter/models/wan/dit_cost_model.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace {
using namespace wanmeter;

template <class F>
void run(const char* name, long iterations, const std::array<workload, 64>& grid, F&& f) {
  count acc = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < iterations; ++i) {
    const metrics m = f(grid[static_cast<std::size_t>(i) & 63U]);
    acc += m.tensor_flops ^ m.bytes_read;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  volatile count sink = acc;
  (void)sink;
  std::printf("%-11s %10ld whole-forward evaluations in %6.3f s: %6.1f million/s (%6.1f ns each)\n", name,
              iterations, s, static_cast<double>(iterations) / s / 1e6, s / static_cast<double>(iterations) * 1e9);
}
} // namespace

int main(int argc, char** argv) {
  const long iterations = argc > 1 ? std::atol(argv[1]) : 20'000'000;
  // 64 legal workloads (frames 1..81, 480..720 px high, 832..1280 px wide) the optimiser cannot
  // see through.
  std::array<workload, 64> grid{};
  volatile count salt = 0;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    grid[i] = workload{.batch = 1 + salt, .frames = 4 * (i % 21) + 1, .height = 16 * (30 + i % 16),
                       .width = 16 * (52 + i % 29), .steps = 50};
  }
  wan_dit_arch arch = wan2_1_t2v_14b;
  volatile bool keep = true;
  if (!keep) arch = wan2_1_t2v_1_3b;
  run("tree", iterations / 20, grid, [&](const workload& w) { return dit_forward_cost(arch, w); });
  run("cost model", iterations, grid, [](const workload& w) { return dit_cost_model<wan2_1_t2v_14b>::forward(w); });
  return 0;
}
