// `wanmeter plan` (plan.hpp): flags -> plan_question (parse_plan). No Boost.ProgramOptions and no
// file system: the web page's WebAssembly build (web/wasm/entry.cpp) compiles this file too, so it
// maps a plan question with the CLI's rules and messages. The command itself: plan_command.cpp.
#include "plan.hpp"

#include <wanmeter/core/errors.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/models/wan/profiles.hpp>

#include <charconv>
#include <cmath>
#include <set>
#include <string>
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

/// The flag of `wanmeter plan` named `name`, or null.
const flag_spec* find_plan_flag(std::string_view name) {
  for (const flag_spec& f : plan_flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

/// Run-id part of a list: "1.2.4.8".
std::string dotted(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : ".") + p;
  return s;
}

} // namespace

plan_request parse_plan(const flag_values& flags) {
  // Each flag known, at most once, a value exactly when it takes one: split_args checks this on the
  // command line; another front end (the web page) relies on this check, with the same messages.
  std::set<std::string_view> seen;
  for (const auto& [name, value] : flags) {
    const flag_spec* f = find_plan_flag(name);
    if (f == nullptr) throw usage_error("unrecognised option '--" + name + "'");
    if (!seen.insert(f->name).second) throw usage_error("option '--" + name + "' cannot be specified more than once");
    if (f->value_name.empty() && !value.empty()) {
      throw usage_error("option '--" + name + "' does not take any arguments");
    }
  }
  flag_values shared;
  for (const auto& [name, value] : flags) {
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

} // namespace wanmeter::cli
