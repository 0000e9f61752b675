// `wanmeter plan` (plan.hpp): flags -> plan_question, the search, the artifacts, the lines printed.
#include "plan.hpp"

#include "args.hpp"
#include "console.hpp"

#include <wanmeter/core/errors.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/io/files.hpp>
#include <wanmeter/io/plan_json.hpp>
#include <wanmeter/io/plan_md.hpp>
#include <wanmeter/io/plan_svg.hpp>
#include <wanmeter/models/wan/profiles.hpp>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <set>
#include <string_view>
#include <vector>

namespace wanmeter::cli {
namespace {

/// The flags `wanmeter plan` shares with analyze: mapped by `parse_analyze`.
/// The levers that change the output (density, step caching, distillation) are the user's
/// quality choices, stated, not searched: every candidate carries them.
constexpr std::array<std::string_view, 18> workload_flags{
    "model", "profile", "frames", "height", "width", "steps", "batch", "guidance-scale",
    "image-size", "image-input", "shift", "config", "interconnect", "network", "host-memory",
    "attention-density", "cache-skip", "distilled"};

/// `text` split at commas; an empty part is an error naming `knob`.
std::vector<std::string> comma_list(std::string_view knob, const std::string& text, std::string_view rule) {
  std::vector<std::string> parts;
  std::string_view rest = text;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view part = rest.substr(0, comma);
    if (part.empty()) throw invalid_input(knob, text.empty() ? "\"\"" : text, std::string(rule));
    parts.emplace_back(part);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return parts;
}

/// A decimal number in (0, limit] (GB or a price: `zero_ok`), the whole text.
double parse_positive(std::string_view knob, const std::string& text, double limit, std::string_view limit_text,
                      bool zero_ok) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  const bool number = !text.empty() && ec == std::errc{} && end == text.data() + text.size() && std::isfinite(v);
  if (!number || v < 0.0 || (v == 0.0 && !zero_ok) || v > limit) {
    throw invalid_input(knob, text.empty() ? "\"\"" : text,
                        std::string(knob) + " must be a decimal number " + (zero_ok ? "from 0" : "above 0") +
                            " up to " + std::string(limit_text));
  }
  return v;
}

/// Run-id part of a list: "1.2.4.8".
std::string dotted(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : ".") + p;
  return s;
}

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

plan_request parse_plan(const flag_values& flags) {
  std::set<std::string_view> seen;
  flag_values shared;
  for (const auto& [name, value] : flags) {
    seen.insert(name);
    for (const std::string_view w : workload_flags) {
      if (w == name) shared.emplace_back(name, value);
    }
  }
  const auto given = [&](std::string_view name) { return seen.count(name) != 0; };
  const auto text = [&](std::string_view name) -> const std::string& { return flag_text(flags, name); };

  plan_request p{};
  p.base = parse_analyze(shared);
  const run_request& r = p.base.run;
  plan_question& q = p.question;
  flag_values options; // run-id parts, in this fixed order
  if (given("config")) options.emplace_back("config", "file");
  if (given("image-size")) options.emplace_back("image", text("image-size"));
  if (given("image-input")) options.emplace_back("image-input", "on");
  if (given("shift")) options.emplace_back("shift", format_scale(r.options.shift));
  if (given("attention-density") && r.exec.attention_density != 1.0) {
    options.emplace_back("density", format_scale(r.exec.attention_density));
  }
  if (given("cache-skip") && r.options.cache_skip != 0.0) options.emplace_back("cache-skip", format_scale(r.options.cache_skip));
  if (given("distilled")) options.emplace_back("distilled", "on");

  if (!given("device")) {
    throw invalid_input("device", "\"\"", "wanmeter plan needs --device ID[,ID...] (`wanmeter list` shows ids)");
  }
  const std::vector<std::string> devices =
      comma_list("device", text("device"), "device must be one or more device ids separated by commas");
  for (const std::string& id : devices) q.devices.push_back(&find_device(id));
  options.emplace_back("device", dotted(devices));
  if (given("gpus")) {
    const std::vector<std::string> counts =
        comma_list("gpus", text("gpus"), "gpus must be one or more GPU counts separated by commas, e.g. 1,2,4,8");
    q.gpus.clear();
    for (const std::string& c : counts) {
      count n = 0;
      const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), n);
      if (c[0] < '0' || c[0] > '9' || ec != std::errc{} || end != c.data() + c.size()) {
        throw invalid_input("gpus", c, "a GPU count must be an unsigned decimal integer");
      }
      q.gpus.push_back(n);
    }
    options.emplace_back("gpus", dotted(counts));
  }
  constexpr double max_gb = 1e6;
  if (given("vram-gb")) {
    q.vram_bytes = static_cast<count>(std::llround(parse_positive("vram-gb", text("vram-gb"), max_gb, "1000000", false) * 1e9));
    if (q.vram_bytes == 0) throw invalid_input("vram-gb", text("vram-gb"), "vram-gb must be at least one byte");
    options.emplace_back("vram", format_scale(static_cast<double>(q.vram_bytes) / 1e9));
  }
  if (given("host-ram-gb")) {
    q.host_ram_bytes =
        static_cast<count>(std::llround(parse_positive("host-ram-gb", text("host-ram-gb"), max_gb, "1000000", false) * 1e9));
    if (q.host_ram_bytes == 0) throw invalid_input("host-ram-gb", text("host-ram-gb"), "host-ram-gb must be at least one byte");
    options.emplace_back("host-ram", format_scale(static_cast<double>(q.host_ram_bytes) / 1e9));
  }
  q.allow_lossy = given("allow-lossy");
  if (q.allow_lossy) options.emplace_back("lossy", "on");
  if (given("price-per-gpu-hour")) {
    q.price_per_gpu_hour = parse_positive("price-per-gpu-hour", text("price-per-gpu-hour"), 1e9, "1000000000", true);
    options.emplace_back("price", format_scale(q.price_per_gpu_hour));
  }
  if (r.interconnect != nullptr) options.emplace_back("interconnect", std::string(r.interconnect->id));
  if (r.network != nullptr) options.emplace_back("network", std::string(r.network->id));
  if (r.exec.host != host_memory::pageable) options.emplace_back("host", "pinned");

  p.to_stdout = given("stdout");
  if (given("run-id")) {
    p.run_id = text("run-id");
    validate_run_id(p.run_id);
  } else {
    const workload base = given("profile") ? find_profile(text("profile")).w : r.model.defaults.w;
    p.run_id = derive_run_id(r.model.id, r.profile_id, base, r.w, options);
  }
  p.output_root = given("output-root") ? text("output-root") : std::string("tmp/profile-output");
  if (p.output_root.empty()) throw invalid_input("output-root", "\"\"", "output root must not be empty");
  return p;
}

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
