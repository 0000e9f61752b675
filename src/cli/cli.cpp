// The `wanmeter` command line (cli.hpp): `wanmeter::cli::run`.
//
//   wanmeter analyze [options]   (wanmeter analyze --help; docs/cli.md)
//   wanmeter list
//   wanmeter --help | --version
//
// Exit codes: 0 success, 2 usage or invalid input, 3 overflow, 4 I/O error, 1 anything else.
#include "cli.hpp"

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/io/config_json.hpp>
#include <wanmeter/io/files.hpp>
#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/io/svg.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/run/analyze.hpp>
#include <wanmeter/version.hpp>

#include <boost/program_options.hpp>

#include <array>
#include <charconv>
#include <cstdarg>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <optional>
#include <vector>

namespace po = boost::program_options;
using namespace wanmeter;

namespace wanmeter::cli {
namespace {

constexpr int ok = exit_ok;
constexpr int usage = exit_usage;

constexpr std::string_view default_model = "wan2.1-t2v-14b";
constexpr std::string_view default_output_root = "tmp/profile-output";
constexpr std::size_t max_run_id_length = 128;

constexpr std::string_view top_usage =
    "Usage: wanmeter <command> [options]\n"
    "\n"
    "Exact analytic cost (FLOPs, memory traffic, weights) of the Wan video diffusion models.\n"
    "\n"
    "Commands:\n"
    "  analyze    analyse a model on a workload; writes report.json and summary.md\n"
    "  list       list the model, profile and device ids\n"
    "\n"
    "Options:\n"
    "  -h, --help   show this help\n"
    "  --version    show the version\n"
    "\n"
    "`wanmeter analyze --help` lists the options of analyze.\n"
    "Exit codes: 0 success, 2 usage or invalid input, 3 overflow, 4 I/O error.\n";


/// printf into a stream.
[[gnu::format(printf, 2, 3)]] void say(std::ostream& os, const char* format, ...) {
  std::array<char, 1024> small{};
  va_list args;
  va_start(args, format);
  va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(small.data(), small.size(), format, args);
  va_end(args);
  if (n < 0) {
    va_end(again);
    return;
  }
  if (static_cast<std::size_t>(n) < small.size()) {
    os.write(small.data(), n);
  } else {
    std::string big(static_cast<std::size_t>(n) + 1, '\0');
    std::vsnprintf(big.data(), big.size(), format, again);
    os.write(big.data(), n);
  }
  va_end(again);
}

std::string version_line() { return std::string(tool_name) + " " + std::string(version); }

/// A strictly unsigned decimal integer: digits only, the whole text, within 64 bits.
count parse_count(std::string_view knob, const std::string& text) {
  count v = 0;
  const char* const first = text.data();
  const char* const last = first + text.size();
  const auto [end, ec] = std::from_chars(first, last, v);
  if (text.empty() || text[0] < '0' || text[0] > '9' || ec != std::errc{} || end != last) {
    throw invalid_input(knob, text, std::string(knob) + " must be an unsigned decimal integer");
  }
  return v;
}

/// A decimal number (the range rule, finite and >= 0, is the library's).
double parse_scale(std::string_view knob, const std::string& text) {
  double v = 0;
  const char* const first = text.data();
  const char* const last = first + text.size();
  const auto [end, ec] = std::from_chars(first, last, v);
  if (text.empty() || ec != std::errc{} || end != last) {
    throw invalid_input(knob, text, std::string(knob) + " must be a decimal number");
  }
  return v;
}

/// Shortest text that reads back as `v` ("5", "7.5").
std::string format_scale(double v) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc{}) return "nan";
  return std::string(buf.data(), end);
}

/// `WxH`: two unsigned decimal integers (pixels) separated by a lower-case 'x'.
std::pair<count, count> parse_image_size(const std::string& text) {
  const auto fail = [&] {
    throw invalid_input("image-size", text.empty() ? "\"\"" : text,
                        "image size must be WIDTHxHEIGHT in pixels, e.g. 1280x720");
  };
  const std::size_t x = text.find('x');
  if (x == std::string::npos || x == 0 || x + 1 == text.size()) fail();
  const auto digits = [&](std::string_view part) {
    count v = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || part[0] < '0' || part[0] > '9' || ec != std::errc{} || end != part.data() + part.size()) fail();
    if (v == 0 || v > 16384) {
      throw invalid_input("image-size", text, "image width and height must be between 1 and 16384 pixels");
    }
    return v;
  };
  const std::string_view all(text);
  return {digits(all.substr(0, x)), digits(all.substr(x + 1))};
}

/// One of a fixed set of words; the error lists them.
template <class T, std::size_t N>
T parse_choice(std::string_view knob, const std::string& text, const std::array<std::pair<std::string_view, T>, N>& choices) {
  std::string valid;
  for (const auto& [name, value] : choices) {
    if (name == text) return value;
    if (!valid.empty()) valid += ", ";
    valid += name;
  }
  throw invalid_input(knob, text.empty() ? "\"\"" : text, std::string(knob) + " must be one of " + valid);
}

/// The profile whose workload is `w`, or empty.
std::string_view profile_label_of(const workload& w) {
  for (const profile_entry& p : profile_registry) {
    if (p.w == w) return p.id;
  }
  return {};
}

/// Run ids name a folder: 1 to 128 of [A-Za-z0-9._-], not starting with '.' or '-', no "..".
void validate_run_id(const std::string& id) {
  const auto fail = [&] {
    throw invalid_input("run-id", id.empty() ? "\"\"" : id,
                        "run id must be 1 to " + std::to_string(max_run_id_length) +
                            " characters from [A-Za-z0-9._-], must not start with '.' or '-' and must not "
                            "contain '..'");
  };
  if (id.empty() || id.size() > max_run_id_length) fail();
  if (id.front() == '.' || id.front() == '-') fail();
  if (id.find("..") != std::string::npos) fail();
  for (const char c : id) {
    const bool good = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '_' || c == '-';
    if (!good) fail();
  }
}

/// `<model>_<profile>` (`<model>_defaults` without a profile label) plus `_<knob>-<value>` for
/// each knob that differs from the base workload, in a fixed order, then the run options given
/// (`more`): e.g. `wan2.1-t2v-14b_wan2-1-720p_frames-5_steps-2_device-h100-sxm`.
std::string default_run_id(std::string_view model, std::string_view profile, const workload& base,
                           const workload& w, const std::vector<std::pair<std::string, std::string>>& more) {
  std::string id = std::string(model) + "_" + (profile.empty() ? std::string("defaults") : std::string(profile));
  const auto knob = [&](std::string_view name, const std::string& value) {
    id += "_";
    id += name;
    id += "-";
    id += value;
  };
  if (w.batch != base.batch) knob("batch", std::to_string(w.batch));
  if (w.frames != base.frames) knob("frames", std::to_string(w.frames));
  if (w.height != base.height) knob("height", std::to_string(w.height));
  if (w.width != base.width) knob("width", std::to_string(w.width));
  if (w.steps != base.steps) knob("steps", std::to_string(w.steps));
  if (w.guidance_scale != base.guidance_scale) knob("guidance", format_scale(w.guidance_scale));
  for (const auto& [name, value] : more) knob(name, value);
  return id;
}

std::string pflop(count v) { return detail::fixed(static_cast<double>(v) / 1e15, 3) + " PFLOP"; }

po::options_description analyze_options() {
  po::options_description d("Options of `wanmeter analyze`");
  // clang-format off
  d.add_options()
    ("help,h", "show this help")
    ("model", po::value<std::string>()->value_name("ID"),
     "model id (default wan2.1-t2v-14b; `wanmeter list` shows all)")
    ("profile", po::value<std::string>()->value_name("ID"),
     "workload profile id (default: the model's own inference defaults); the knobs below override it")
    ("frames", po::value<std::string>()->value_name("N"), "output frames, 4n+1 (81)")
    ("height", po::value<std::string>()->value_name("PX"), "height in pixels, a multiple of 16 (32 for Wan2.2 TI2V)")
    ("width", po::value<std::string>()->value_name("PX"), "width in pixels, a multiple of 16 (32 for Wan2.2 TI2V)")
    ("steps", po::value<std::string>()->value_name("N"), "sampling steps, 1 to 1000")
    ("batch", po::value<std::string>()->value_name("N"), "videos per forward, 1 to 1024")
    ("guidance-scale", po::value<std::string>()->value_name("S"),
     "classifier-free guidance scale, >= 0; 1 means no unconditional pass (1 forward per step, else 2)")
    ("image-size", po::value<std::string>()->value_name("WxH"),
     "input image of an image-conditioned model; I2V/FLF2V output follows its aspect at the workload's area")
    ("image-input", "Wan2.2 TI2V-5B: image-to-video (encodes the input frame) instead of text-to-video")
    ("shift", po::value<std::string>()->value_name("S"),
     "sample shift, in (0, 1000] (default: the model's); moves the Wan2.2 A14B expert boundary")
    ("config", po::value<std::string>()->value_name("PATH"),
     "a DiT config.json (WanModel or diffusers format) that replaces the model's architecture")
    ("device", po::value<std::string>()->value_name("ID"),
     "device for time, fit and the SVG charts (`wanmeter list` shows ids; default none)")
    ("exec", po::value<std::string>()->value_name("MODE"),
     "eager (the official code, default) or fused (an ideal fused implementation)")
    ("weight-dtype", po::value<std::string>()->value_name("T"),
     "DiT weight storage: fp32, bf16 or fp8 (default fp32 with eager, bf16 with fused)")
    ("offload", "offload models between stages, the official single-GPU policy (default)")
    ("no-offload", "keep every model on the device for the whole run")
    ("t5-cpu", "run the text encoder on the host CPU (--t5_cpu)")
    ("attention", po::value<std::string>()->value_name("K"),
     "attention kernel: auto (FA3 on Hopper, else FA2; default), fa2 or fa3")
    ("allow-tf32", "torch.backends.cuda.matmul.allow_tf32 = True (FP32 GEMMs on TF32 tensor cores)")
    ("host-memory", po::value<std::string>()->value_name("KIND"),
     "host memory of offloaded weights: pageable (default) or pinned")
    ("run-id", po::value<std::string>()->value_name("ID"),
     "name of the run folder (default: derived from model, profile and overridden knobs)")
    ("output-root", po::value<std::string>()->value_name("DIR"),
     "where run folders go (default tmp/profile-output)")
    ("stdout", "print report.json on standard output and write no files");
  // clang-format on
  return d;
}

std::string gigabytes(count bytes) { return detail::fixed(static_cast<double>(bytes) / 1e9, 2) + " GB"; }

int run_list(std::ostream& out) {
  say(out, "models:\n");
  for (const auto& m : model_registry) {
    say(out, "  %-22.*s %.*s\n", static_cast<int>(m.id.size()), m.id.data(), static_cast<int>(m.description.size()),
        m.description.data());
  }
  say(out, "profiles:\n");
  for (const auto& p : profile_registry) {
    say(out, "  %-22.*s %.*s\n", static_cast<int>(p.id.size()), p.id.data(), static_cast<int>(p.description.size()),
        p.description.data());
  }
  say(out, "devices:\n");
  for (const auto& d : device_registry) {
    say(out, "  %-22.*s %.*s, %s, %s BF16 TFLOP/s, %s TB/s\n", static_cast<int>(d.id.size()), d.id.data(),
        static_cast<int>(d.name.size()), d.name.data(), gigabytes(d.memory_capacity).c_str(),
        detail::fixed(static_cast<double>(d.bf16_tensor_flops) / 1e12, 1).c_str(),
        detail::fixed(static_cast<double>(d.memory_bandwidth) / 1e12, 2).c_str());
  }
  return ok;
}

constexpr std::array<std::pair<std::string_view, exec_model>, 2> exec_choices{
    {{"eager", exec_model::eager}, {"fused", exec_model::fused}}};
constexpr std::array<std::pair<std::string_view, dtype>, 3> weight_choices{
    {{"fp32", dtype::fp32}, {"bf16", dtype::bf16}, {"fp8", dtype::fp8}}};
constexpr std::array<std::pair<std::string_view, attention_kernel>, 3> attention_choices{
    {{"auto", attention_kernel::automatic},
     {"fa2", attention_kernel::flash_attention_2},
     {"fa3", attention_kernel::flash_attention_3}}};
constexpr std::array<std::pair<std::string_view, host_memory>, 2> host_choices{
    {{"pageable", host_memory::pageable}, {"pinned", host_memory::pinned}}};

int run_analyze(const std::vector<std::string>& args, std::ostream& out, const run_options& options) {
  const po::options_description desc = analyze_options();
  const po::positional_options_description no_positionals;
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(no_positionals).run(), vm);
  po::notify(vm);
  if (vm.count("help") != 0) {
    out << "Usage: wanmeter analyze [options]\n\n"
        << "Writes <output-root>/<run-id>/static_analysis/<wan2_1|wan2_2>/{report.json,summary.md}\n"
        << "(and roofline.svg, stage_times.svg with --device) and prints where they are with the key totals.\n\n"
        << desc << "\nExit codes: 0 success, 2 usage or invalid input, 3 overflow, 4 I/O error.\n";
    return ok;
  }
  const auto given = [&](const char* name) { return vm.count(name) != 0; };
  const auto text = [&](const char* name, std::string_view fallback) {
    return given(name) ? vm[name].as<std::string>() : std::string(fallback);
  };
  std::vector<std::pair<std::string, std::string>> more; // run-id suffixes of the run options

  run_request q{};
  q.model = find_model(text("model", default_model));
  std::string config_path;
  if (given("config")) {
    config_path = vm["config"].as<std::string>();
    if (config_path.empty()) throw invalid_input("config", "\"\"", "config path must not be empty");
    q.model.arch = read_wan_config(config_path, q.model.arch);
    q.config_path = config_path;
    more.emplace_back("config", "file");
  }
  // The workload: a profile, or the model's own defaults; the knobs override it.
  workload base = q.model.defaults.w;
  std::string_view label;
  if (given("profile")) {
    const profile_entry& profile = find_profile(vm["profile"].as<std::string>());
    base = profile.w;
    label = profile.id;
  } else {
    label = profile_label_of(base);
  }
  workload w = base;
  if (given("frames")) w.frames = parse_count("frames", vm["frames"].as<std::string>());
  if (given("height")) w.height = parse_count("height", vm["height"].as<std::string>());
  if (given("width")) w.width = parse_count("width", vm["width"].as<std::string>());
  if (given("steps")) w.steps = parse_count("steps", vm["steps"].as<std::string>());
  if (given("batch")) w.batch = parse_count("batch", vm["batch"].as<std::string>());
  if (given("guidance-scale")) {
    w.guidance_scale = parse_scale("guidance_scale", vm["guidance-scale"].as<std::string>());
  }
  q.w = w;
  q.profile_id = label;

  if (given("image-size")) {
    const std::string t = vm["image-size"].as<std::string>();
    const auto [iw, ih] = parse_image_size(t);
    q.options.image_width = iw;
    q.options.image_height = ih;
    more.emplace_back("image", t);
  }
  if (given("image-input")) {
    if (q.model.arch.type != model_type::ti2v) {
      throw invalid_input("image-input", std::string(q.model.id),
                          "--image-input applies to wan2.2-ti2v-5b only (the I2V/FLF2V models always take an image)");
    }
    q.options.image_input = true;
    more.emplace_back("image-input", "on");
  }
  if (given("shift")) {
    const std::string t = vm["shift"].as<std::string>();
    q.options.shift = parse_scale("shift", t);
    if (!(q.options.shift > 0.0 && q.options.shift <= 1000.0)) {
      throw invalid_input("shift", t, "the sample shift must be in (0, 1000]");
    }
    more.emplace_back("shift", format_scale(q.options.shift));
  }

  // Execution: the official single-GPU policy unless told otherwise.
  if (given("exec")) {
    q.exec.mode = parse_choice("exec", vm["exec"].as<std::string>(), exec_choices);
    if (q.exec.mode != exec_model::eager) more.emplace_back("exec", "fused");
  }
  q.exec.dit_weight = q.exec.mode == exec_model::fused ? dtype::bf16 : dtype::fp32;
  if (given("weight-dtype")) {
    q.exec.dit_weight = parse_choice("weight-dtype", vm["weight-dtype"].as<std::string>(), weight_choices);
    more.emplace_back("weights", std::string(name_of(q.exec.dit_weight)));
  }
  if (given("offload") && given("no-offload")) {
    throw po::error("--offload and --no-offload exclude each other");
  }
  q.exec.offload = !given("no-offload");
  if (given("no-offload")) more.emplace_back("offload", "off");
  q.exec.t5_cpu = given("t5-cpu");
  if (q.exec.t5_cpu) more.emplace_back("t5", "cpu");
  if (given("attention")) {
    q.exec.roofline.attention = parse_choice("attention", vm["attention"].as<std::string>(), attention_choices);
    if (q.exec.roofline.attention != attention_kernel::automatic) {
      more.emplace_back("attention", vm["attention"].as<std::string>());
    }
  }
  q.exec.roofline.allow_tf32 = given("allow-tf32");
  if (q.exec.roofline.allow_tf32) more.emplace_back("tf32", "on");
  if (given("host-memory")) {
    q.exec.host = parse_choice("host-memory", vm["host-memory"].as<std::string>(), host_choices);
    if (q.exec.host != host_memory::pageable) more.emplace_back("host", "pinned");
  }
  if (given("device")) {
    q.device = &find_device(vm["device"].as<std::string>());
    more.emplace_back("device", std::string(q.device->id));
  }

  const bool to_stdout = given("stdout");
  std::string run_id;
  if (given("run-id")) {
    run_id = vm["run-id"].as<std::string>();
    validate_run_id(run_id);
  }
  const std::string output_root = text("output-root", default_output_root);
  if (output_root.empty()) throw invalid_input("output-root", "\"\"", "output root must not be empty");

  const run_report r = analyze(q); // plans (and validates) once
  const std::string json = to_json_text(r.view());
  if (to_stdout) {
    out.write(json.data(), static_cast<std::streamsize>(json.size()));
    return ok;
  }
  if (run_id.empty()) {
    run_id = default_run_id(q.model.id, label, base, w, more);
    validate_run_id(run_id);
  }
  const std::string summary = to_summary_markdown(r.view());
  const std::filesystem::path dir = std::filesystem::path(output_root) / run_id / "static_analysis" /
                                    (q.model.arch.version == wan_version::v2_1 ? "wan2_1" : "wan2_2");
  const std::filesystem::path json_path = dir / "report.json";
  const std::filesystem::path summary_path = dir / "summary.md";
  std::vector<file_content> files{{json_path, json}, {summary_path, summary}};
  std::string roofline_svg, stages_svg;
  if (r.has_device()) {
    const std::string title = std::string(q.model.id) + " on " + std::string(q.device->id);
    roofline_svg = svg_roofline(*q.device, r.points, "roofline: " + title);
    stages_svg = svg_stage_times(r.time, "time per stage: " + title);
    files.push_back({dir / "roofline.svg", roofline_svg});
    files.push_back({dir / "stage_times.svg", stages_svg});
  }
  if (options.allow_writes) write_files_atomically(files);

  const workload& rw = r.plan.pipeline.w;
  const std::string_view shown_label = label.empty() ? std::string_view("its defaults") : label;
  const count fpr = detail::flops(r.rows.core.totals);
  const char* const steps_word = rw.steps == 1 ? "step" : "steps";
  say(out, "%s: %.*s on %.*s (%llux%llu, %llu frames, %llu %s, batch %llu, guidance scale %s)\n",
      version_line().c_str(), static_cast<int>(q.model.id.size()), q.model.id.data(),
      static_cast<int>(shown_label.size()), shown_label.data(), static_cast<unsigned long long>(rw.width),
      static_cast<unsigned long long>(rw.height), static_cast<unsigned long long>(rw.frames),
      static_cast<unsigned long long>(rw.steps), steps_word, static_cast<unsigned long long>(rw.batch),
      format_scale(rw.guidance_scale).c_str());
  say(out, "run id:            %s\n", run_id.c_str());
  say(out, "report:            %s\n", json_path.string().c_str());
  say(out, "summary:           %s\n", summary_path.string().c_str());
  if (r.has_device()) {
    say(out, "charts:            %s, %s\n", (dir / "roofline.svg").string().c_str(),
        (dir / "stage_times.svg").string().c_str());
  }
  const token_geometry& g = r.rows.core.header.geometry;
  const auto& patch = r.request().model.arch.patch_size;
  say(out, "tokens:            %s per sample (%llu x %llu x %llu latents / %llux%llux%llu patches), %s per forward\n",
      detail::grouped(g.dit_seq_len).c_str(), static_cast<unsigned long long>(g.latent_frames),
      static_cast<unsigned long long>(g.latent_height), static_cast<unsigned long long>(g.latent_width),
      static_cast<unsigned long long>(patch[0]), static_cast<unsigned long long>(patch[1]),
      static_cast<unsigned long long>(patch[2]), detail::grouped(g.batch_tokens()).c_str());
  const pipeline_plan& pp = r.plan.pipeline;
  const count forwards = pp.dit_forwards();
  const stage_row* dit = r.rows.core.first_dit();
  if (pp.two_experts) {
    say(out, "forwards per run:  %s (%llu %s x %llu; high-noise expert %llu steps, low-noise %llu)\n",
        detail::grouped(forwards).c_str(), static_cast<unsigned long long>(rw.steps), steps_word,
        static_cast<unsigned long long>(forwards_per_step(rw)),
        static_cast<unsigned long long>(pp.high_noise_steps),
        static_cast<unsigned long long>(pp.low_noise_steps));
  } else {
    say(out, "forwards per run:  %s (%llu %s x %llu)\n", detail::grouped(forwards).c_str(),
        static_cast<unsigned long long>(rw.steps), steps_word, static_cast<unsigned long long>(forwards_per_step(rw)));
  }
  if (dit != nullptr) {
    const count fwd = detail::flops(dit->per_call);
    say(out, "FLOPs per forward: %s (%s; tensor %s, vector %s)\n", detail::grouped(fwd).c_str(), pflop(fwd).c_str(),
        detail::grouped(dit->per_call.tensor_flops).c_str(), detail::grouped(dit->per_call.vector_flops).c_str());
  }
  say(out, "FLOPs per run:     %s (%s, whole pipeline)\n", detail::grouped(fpr).c_str(), pflop(fpr).c_str());
  const pipeline_memory& mem = r.memory;
  const std::string_view peak_stage = name_of(mem.stages[mem.peak_stage].stage);
  say(out, "peak memory:       %s in %.*s (%s of weights + %s of activations)%s\n", gigabytes(mem.peak_bytes).c_str(),
      static_cast<int>(peak_stage.size()), peak_stage.data(),
      gigabytes(mem.weights_bytes).c_str(), gigabytes(mem.peak_activation_bytes).c_str(),
      mem.has_device ? (mem.fits ? ", fits" : ", does NOT fit") : "");
  if (r.has_device()) {
    say(out, "time on %.*s:%*s%s s (lower bound %s s; transfers %s s)\n", static_cast<int>(q.device->id.size()),
        q.device->id.data(), static_cast<int>(q.device->id.size() < 10 ? 10 - q.device->id.size() : 1), "",
        detail::fixed(r.time.time_s, 1).c_str(), detail::fixed(r.time.time_lower_bound_s, 1).c_str(),
        detail::fixed(r.time.transfers.time_s, 1).c_str());
  }
  return ok;
}

int dispatch(std::span<const std::string> all, std::ostream& out, std::ostream& err, const run_options& options) {
  if (all.empty()) {
    err << "wanmeter: missing command\n\n" << top_usage;
    return usage;
  }
  const std::string& command = all.front();
  const std::vector<std::string> args(all.begin() + 1, all.end());
  if (command == "--help" || command == "-h" || command == "help") {
    out << top_usage;
    return ok;
  }
  if (command == "--version") {
    out << version_line() << "\n";
    return ok;
  }
  if (command == "list") {
    if (!args.empty()) throw po::error("list takes no arguments, got '" + args.front() + "'");
    return run_list(out);
  }
  if (command == "analyze") return run_analyze(args, out, options);
  throw po::error("unknown command '" + command + "' (commands: analyze, list; see wanmeter --help)");
}

} // namespace

int run(std::span<const std::string> args, std::ostream& out, std::ostream& err, const run_options& options) {
  try {
    // Boost.ProgramOptions 1.81 expands "%...%" placeholders in its error messages by
    // substituting the offending token, which loops forever when the token itself contains a
    // placeholder ("--p%original_token%rofile": found by fuzz/cli_args_fuzzer). No flag has a '%',
    // so reject such a token before the parser sees it.
    for (const std::string& a : args) {
      if (a.starts_with("-") && a.find('%') != std::string::npos) {
        err << "wanmeter: unrecognised option '" << a << "': flags never contain '%' (see wanmeter --help)\n";
        return exit_usage;
      }
    }
    return dispatch(args, out, err, options);
  } catch (const invalid_input& e) {
    err << e.what() << "\n";
    return exit_usage;
  } catch (const po::error& e) {
    err << "wanmeter: " << e.what() << " (see wanmeter --help)\n";
    return exit_usage;
  } catch (const wanmeter::overflow_error& e) {
    err << e.what() << "\n";
    return exit_overflow;
  } catch (const io_error& e) {
    err << e.what() << "\n";
    return exit_io;
  } catch (const std::exception& e) {
    err << "wanmeter: internal error: " << e.what() << "\n";
    return exit_internal;
  } catch (...) {
    err << "wanmeter: internal error: unknown exception\n";
    return exit_internal;
  }
}

} // namespace wanmeter::cli
