// A scheduler that orders and packs video jobs by their exact cost, read from a table the
// compiler computed: run costs of Wan2.1 T2V-1.3B over a grid of resolutions x frame counts
// (50 steps, classifier-free guidance), each the sum of the report's stages (`run_totals`).
//
// The jobs arrive at run time; their costs are constants. Shortest-job-first order minimises
// the mean waiting time on one GPU; longest-processing-time-first packing onto 4 GPUs keeps the
// makespan within 4/3 of the optimum (Graham). The cost unit is FLOPs (tensor + vector).
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/report/report.hpp>
#include <wanmeter/run/plan.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

using namespace wanmeter;

namespace {

struct resolution {
  count width, height;
};
constexpr std::array<resolution, 4> resolutions{{{512, 512}, {832, 480}, {960, 544}, {1280, 720}}};
constexpr std::array<count, 5> frame_counts{17, 33, 49, 65, 81};

struct cost_entry {
  resolution size{};
  count frames = 0;
  count tokens = 0; ///< DiT tokens per sample
  count flops = 0;  ///< whole run, tensor + vector
  count bytes = 0;  ///< whole run, read + written
};

/// The whole-run totals of Wan2.1 T2V-1.3B on `w`.
constexpr metrics totals_of(const workload& w) {
  return run_totals(make_run_plan(run_request{.model = *try_find_model("wan2.1-t2v-1.3b"), .w = w}));
}

constexpr auto cost_table = [] {
  std::array<cost_entry, resolutions.size() * frame_counts.size()> t{};
  std::size_t i = 0;
  for (const resolution& r : resolutions) {
    for (const count f : frame_counts) {
      const workload w{.batch = 1, .frames = f, .height = r.height, .width = r.width, .steps = 50};
      const metrics m = totals_of(w);
      t[i++] = cost_entry{r, f, make_geometry(wan2_1_t2v_1_3b.rules(), w).dit_seq_len,
                          checked_add(m.tensor_flops, m.vector_flops), m.bytes()};
    }
  }
  return t;
}();

// The table is exact and consistent: cost grows with frames at every size, and the 832x480x81
// entry equals the compile-time report of profile wan2-1-480p.
constexpr bool grows_with_frames() {
  for (std::size_t r = 0; r < resolutions.size(); ++r) {
    for (std::size_t f = 1; f < frame_counts.size(); ++f) {
      if (!(cost_table[r * frame_counts.size() + f].flops > cost_table[r * frame_counts.size() + f - 1].flops))
        return false;
    }
  }
  return true;
}
static_assert(grows_with_frames());
static_assert(cost_table[1 * frame_counts.size() + 4].tokens == 32'760);
static_assert(cost_table[1 * frame_counts.size() + 4].flops ==
              checked_add(totals_of(profile_480p).tensor_flops, totals_of(profile_480p).vector_flops));

/// The table entry of a job, or nullptr when the size is not in the grid.
constexpr const cost_entry* lookup(count width, count height, count frames) {
  for (const cost_entry& e : cost_table) {
    if (e.size.width == width && e.size.height == height && e.frames == frames) return &e;
  }
  return nullptr;
}
static_assert(lookup(1280, 720, 81)->tokens == 75'600 && lookup(1280, 720, 80) == nullptr);

struct job {
  const char* name;
  count width, height, frames;
};

double pflop(count v) { return static_cast<double>(v) / 1e15; }

} // namespace

int main() {
  std::printf("cost table (Wan2.1 T2V-1.3B, 50 steps, guidance): %zu entries computed at compile time\n",
              cost_table.size());
  std::printf("  %-10s %6s %8s %12s %12s\n", "size", "frames", "tokens", "PFLOP/run", "TB traffic");
  for (const cost_entry& e : cost_table) {
    std::printf("  %4llux%-5llu %6llu %8llu %12.2f %12.2f\n", static_cast<unsigned long long>(e.size.width),
                static_cast<unsigned long long>(e.size.height), static_cast<unsigned long long>(e.frames),
                static_cast<unsigned long long>(e.tokens), pflop(e.flops), static_cast<double>(e.bytes) / 1e12);
  }

  const std::vector<job> queue{{"trailer", 1280, 720, 81}, {"thumbnail", 512, 512, 17}, {"preview", 832, 480, 33},
                               {"loop", 960, 544, 49},     {"teaser", 1280, 720, 33},   {"sticker", 512, 512, 33},
                               {"scene", 832, 480, 81},    {"banner", 960, 544, 81},    {"clip", 1280, 720, 65}};
  struct priced {
    job j;
    count flops;
  };
  std::vector<priced> jobs;
  for (const job& j : queue) {
    const cost_entry* e = lookup(j.width, j.height, j.frames);
    if (e == nullptr) {
      std::fprintf(stderr, "job %s: %llux%llu x %llu frames is not in the cost table\n", j.name,
                   static_cast<unsigned long long>(j.width), static_cast<unsigned long long>(j.height),
                   static_cast<unsigned long long>(j.frames));
      return 1;
    }
    jobs.push_back({j, e->flops});
  }

  // One GPU: shortest job first (ties by name, so the order is deterministic).
  std::vector<priced> sjf = jobs;
  std::sort(sjf.begin(), sjf.end(), [](const priced& a, const priced& b) {
    return a.flops != b.flops ? a.flops < b.flops : std::string_view(a.j.name) < std::string_view(b.j.name);
  });
  std::printf("\nshortest-job-first order on one GPU:\n");
  count done = 0;
  for (const priced& p : sjf) {
    done = checked_add(done, p.flops);
    std::printf("  %-10s %8.2f PFLOP  (finished after %8.2f PFLOP)\n", p.j.name, pflop(p.flops), pflop(done));
  }

  // Four GPUs: longest processing time first, each job to the least-loaded GPU.
  constexpr std::size_t gpus = 4;
  std::vector<priced> lpt = jobs;
  std::sort(lpt.begin(), lpt.end(), [](const priced& a, const priced& b) {
    return a.flops != b.flops ? a.flops > b.flops : std::string_view(a.j.name) < std::string_view(b.j.name);
  });
  std::array<count, gpus> load{};
  std::array<std::vector<const char*>, gpus> assigned{};
  for (const priced& p : lpt) {
    const auto g = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    load[g] = checked_add(load[g], p.flops);
    assigned[g].push_back(p.j.name);
  }
  std::printf("\nLPT packing onto %zu GPUs:\n", gpus);
  count total = 0;
  for (std::size_t g = 0; g < gpus; ++g) {
    total = checked_add(total, load[g]);
    std::printf("  gpu %zu: %8.2f PFLOP:", g, pflop(load[g]));
    for (const char* n : assigned[g]) std::printf(" %s", n);
    std::printf("\n");
  }
  const count makespan = *std::max_element(load.begin(), load.end());
  std::printf("  makespan %.2f PFLOP, lower bound %.2f PFLOP\n", pflop(makespan),
              pflop(std::max(total / gpus, lpt.front().flops)));
  // Sanity: every job placed once, and the packing within Graham's 4/3 bound of the lower bound.
  std::size_t placed = 0;
  for (const auto& a : assigned) placed += a.size();
  const count bound = std::max(total / gpus, lpt.front().flops);
  return placed == jobs.size() && total == done && makespan * 3 <= bound * 4 ? 0 : 1;
}
