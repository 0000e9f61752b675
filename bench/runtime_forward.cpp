// Runtime benchmark: whole-forward cost (tree construction + fold, all metrics) for workloads
// that are only known at run time. Prints evaluations per second.
//
//   build/gcc/bench/bench_runtime_forward [iterations]
#include <wanmeter/models/wan/dit.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  using namespace wanmeter;
  const long iterations = argc > 1 ? std::atol(argv[1]) : 20'000'000;
  // A grid of 64 legal workloads the optimiser cannot see through.
  std::array<workload, 64> grid{};
  for (std::size_t i = 0; i < grid.size(); ++i) {
    grid[i] = workload{.batch = 1, .frames = 4 * (i % 21) + 1, .height = 16 * (30 + i % 16),
                       .width = 16 * (52 + i % 29), .steps = 50};
  }
  volatile count sink = 0;
  const wan_dit_arch arch = argc > 2 ? wan2_1_t2v_1_3b : wan2_1_t2v_14b;
  const auto t0 = std::chrono::steady_clock::now();
  count acc = 0;
  for (long i = 0; i < iterations; ++i) {
    const metrics m = dit_forward_cost(arch, grid[static_cast<std::size_t>(i) & 63U]);
    acc += m.tensor_flops ^ m.bytes_read;
  }
  sink = acc;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%ld whole-forward evaluations in %.3f s: %.1f million per second (%.1f ns each)\n", iterations, s,
              static_cast<double>(iterations) / s / 1e6, s / static_cast<double>(iterations) * 1e9);
  return sink == 0 ? 1 : 0;
}
