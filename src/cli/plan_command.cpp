// `wanmeter plan` (plan.hpp): the command: --help, the search, the artifacts (plan.json, plan.md,
// pareto.svg) and the lines printed. The flags are mapped by parse_plan (plan.cpp).
#include "plan.hpp"

#include "args.hpp"
#include "console.hpp"

#include <wanmeter/io/files.hpp>
#include <wanmeter/io/plan_json.hpp>
#include <wanmeter/io/plan_md.hpp>
#include <wanmeter/io/plan_svg.hpp>

#include <filesystem>
#include <ostream>
#include <string>

namespace wanmeter::cli {
namespace {

void print_plan_usage(std::ostream& out) {
  out << "Usage: wanmeter plan --device ID[,ID...] [options]\n\n"
      << "Searches every legal combination of multi-GPU layout, offload, weight format, attention kernel,\n"
      << "text-encoder placement and VAE tiling for a model and workload on the GPU counts given, drops what\n"
      << "does not fit, and writes <output-root>/<run-id>/plan/{plan.json,plan.md,pareto.svg}: the Pareto\n"
      << "front of (time, GPUs, memory per GPU), the fastest plan that fits with the `wanmeter analyze` and\n"
      << "generate.py commands that run it, or, when nothing fits, the smallest change that would.\n\n"
      << "Options of `wanmeter plan`:\n";
  print_flag_table(out, plan_flags);
  out << "\nExit codes: 0 success (also when nothing fits), 2 usage or invalid input, 3 overflow, 4 I/O error, "
         "5 out of memory, 1 internal error.\n";
}

} // namespace

int run_plan_command(std::span<const std::string> args, std::ostream& out, const run_options& options) {
  const flag_values flags = split_args(args, plan_flags);
  for (const auto& f : flags) {
    if (f.first == "help") {
      print_plan_usage(out);
      return exit_ok;
    }
  }
  const plan_request p = parse_plan(flags);
  const plan_result r = plan_search(p.question_in_place());
  // Every text first: one outcome whether --stdout is given or not.
  const std::string json = to_plan_json_text(r);
  const std::string md = to_plan_markdown(r);
  const std::string svg = svg_pareto(r, "time against memory held: " + std::string(r.question.base.model.id));
  if (p.to_stdout) {
    out.write(json.data(), static_cast<std::streamsize>(json.size()));
    return exit_ok;
  }
  const std::filesystem::path folder = std::filesystem::path(p.output_root) / p.run_id / "plan";
  if (options.allow_writes) {
    write_folder_atomically(folder,
                            {{.name = "plan.json", .text = json}, {.name = "plan.md", .text = md},
                             {.name = "pareto.svg", .text = svg}},
                            options.fault_hook, options.swap);
  }
  std::size_t fitting = 0;
  std::size_t front = 0;
  for (const plan_candidate& c : r.candidates) {
    fitting += c.fits ? 1 : 0;
    front += c.pareto ? 1 : 0;
  }
  out << "plan:       " << (folder / "plan.json").string() << "\n"
      << "summary:    " << (folder / "plan.md").string() << "\n"
      << "chart:      " << (folder / "pareto.svg").string() << "\n"
      << "run id:     " << p.run_id << "\n"
      << "candidates: " << r.candidates.size() << " evaluated, " << fitting << " fit, " << front
      << " on the Pareto front\n";
  const auto describe = [&](const plan_candidate& c, const workload& w) {
    out << detail::fixed(c.time.time_s, 1) << " s on " << c.gpus << " x " << c.device->id << ", "
        << detail::gb(c.peak_bytes) << " GB per GPU, " << detail::gb(c.host_bytes) << " GB host RAM";
    if (r.question.priced()) out << ", " << detail::fixed(c.cost_per_video, 2) << " per video";
    out << "\n            wanmeter analyze " << detail::joined(analyze_args(r.question, c, w)) << "\n";
  };
  if (r.best) {
    out << "best:       ";
    describe(r.candidates[*r.best], r.w);
  } else if (!r.advice.changes.empty()) {
    const plan_change& c = r.advice.changes.front();
    out << "nothing fits; smallest change (" << name_of(c.kind) << "): ";
    describe(c.candidate, c.w);
  } else {
    out << "nothing fits, and no change searched would (see plan.md)\n";
  }
  return exit_ok;
}

} // namespace wanmeter::cli
