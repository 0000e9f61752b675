// Runtime benchmark: the whole-pipeline 720p report of Wan2.1 T2V-14B (text encoder, DiT, VAE
// decode: every module row), built from the trees and serialised to report.json's text; then the
// same as the CLI builds it (`analyze`: memory, and with a device the time of every row).
//
//   build/gcc/bench/bench_report_json [iterations]      (default 200)
//
// Prints a Markdown table: rows, JSON bytes, mean and best time of each phase, and the best as a
// ratio to the best of a baseline measured in the same run, interleaved with the phases:
// appending the same report.json text to an empty std::string in 64-byte pieces (what any writer
// of that text costs at least; it makes the ratio comparable across machines and loads; the
// best, not the mean, because page faults and other processes disturb single iterations).
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/io/json.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/run/analyze.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using clock_type = std::chrono::steady_clock;

/// Mean and best of the durations added to it, in milliseconds.
struct timing {
  double sum = 0;
  double best = 1e300;
  long n = 0;
  void add(double ms) {
    sum += ms;
    best = std::min(best, ms);
    ++n;
  }
  [[nodiscard]] double mean() const { return n == 0 ? 0 : sum / static_cast<double>(n); }
};

double ms_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
}

/// The baseline: `text` appended to an empty string in 64-byte pieces; returns its size.
std::size_t append_in_pieces(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 64) out.append(text.substr(i, 64));
  return out.size();
}

void print_row(const char* phase, std::size_t rows, std::size_t bytes, const timing& t, const timing& base) {
  const std::string b = bytes == 0 ? std::string("-") : std::to_string(bytes);
  std::printf("| %s | %zu | %s | %.3f ms | %.3f ms | %.1fx |\n", phase, rows, b.c_str(), t.mean(), t.best,
              t.best / base.best);
}

} // namespace

int main(int argc, char** argv) {
  using namespace wanmeter;
  const long iterations = argc > 1 ? std::atol(argv[1]) : 200;
  const model_entry& model = find_model("wan2.1-t2v-14b");

  run_request plain{};
  plain.model = model;
  plain.w = profile_720p;
  plain.profile_id = "wan2-1-720p";
  plain.exec.offload = offload_policy::model;
  run_request timed = plain;
  timed.device = &find_device("h100-sxm");
  // The official 8-GPU layout of the 14B model (generate.py --ulysses_size 8 --dit_fsdp --t5_fsdp):
  // a second, sharded DiT tree, the collectives and their times on top of the timed run.
  run_request ranks = timed;
  ranks.exec.offload = offload_policy::none;
  ranks.layout = parallel_layout{.ulysses = 8, .dit_fsdp = true, .t5_fsdp = true};
  // Two nodes (16 GPUs, Ulysses 8 x ring 2 with FSDP): the ring hops and the 16-rank gathers
  // cross the network (ib-ndr, the H100's default).
  run_request nodes = ranks;
  nodes.layout = parallel_layout{.ulysses = 8, .ring = 2, .dit_fsdp = true, .t5_fsdp = true};

  const std::string reference_text = to_json_text(assemble_report(make_run_plan(run_request{.model = model, .w = profile_720p, .profile_id = "wan2-1-720p"})).view());
  timing base, build, json, both, run_plain, run_timed, run_ranks, run_nodes;
  std::size_t rows = 0, bytes = 0, plain_bytes = 0, timed_bytes = 0, ranks_bytes = 0, nodes_bytes = 0, sink = 0;
  for (long i = 0; i < iterations; ++i) {
    auto t0 = clock_type::now();
    sink += append_in_pieces(reference_text);
    base.add(ms_since(t0));

    t0 = clock_type::now();
    const report r = assemble_report(make_run_plan(run_request{.model = model, .w = profile_720p, .profile_id = "wan2-1-720p"}));
    const double b = ms_since(t0);
    const auto t1 = clock_type::now();
    const std::string text = to_json_text(r.view());
    const double j = ms_since(t1);
    build.add(b);
    json.add(j);
    both.add(b + j);
    rows = r.modules.size();
    bytes = text.size();

    t0 = clock_type::now();
    plain_bytes = to_json_text(analyze(plain).view()).size();
    run_plain.add(ms_since(t0));

    t0 = clock_type::now();
    timed_bytes = to_json_text(analyze(timed).view()).size();
    run_timed.add(ms_since(t0));

    t0 = clock_type::now();
    ranks_bytes = to_json_text(analyze(ranks).view()).size();
    run_ranks.add(ms_since(t0));

    t0 = clock_type::now();
    nodes_bytes = to_json_text(analyze(nodes).view()).size();
    run_nodes.add(ms_since(t0));
  }

  std::printf("whole-pipeline report of wan2.1-t2v-14b on wan2-1-720p, %ld iterations:\n\n", iterations);
  std::printf("| phase | module rows | JSON bytes | mean | best | best / baseline |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  print_row("baseline: append report.json's text to a string in 64-byte pieces", rows, reference_text.size(), base, base);
  print_row("`assemble_report` (plan + rows)", rows, 0, build, base);
  print_row("`to_json_text`", rows, bytes, json, base);
  print_row("`assemble_report` + `to_json_text`", rows, bytes, both, base);
  print_row("`analyze` + JSON, no device", rows, plain_bytes, run_plain, base);
  print_row("`analyze` + JSON, `--device h100-sxm`", rows, timed_bytes, run_timed, base);
  print_row("`analyze` + JSON, 8 GPUs (`--ulysses-size 8 --dit-fsdp --t5-fsdp`)", rows, ranks_bytes, run_ranks, base);
  print_row("`analyze` + JSON, 16 GPUs on 2 nodes (`--ulysses-size 8 --ring-size 2 --dit-fsdp --t5-fsdp`)", rows,
            nodes_bytes, run_nodes, base);
  std::printf("\n8 GPUs / one GPU (best, same device): %.2fx\n", run_ranks.best / run_timed.best);
  std::printf("16 GPUs on 2 nodes / one GPU (best, same device): %.2fx\n", run_nodes.best / run_timed.best);
  return bytes == 0 || sink == 0 ? 1 : 0;
}
