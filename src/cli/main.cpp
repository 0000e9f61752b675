// The `wanmeter` command-line tool.
//
//   wanmeter analyze [--model ID] [--profile ID] [--frames N] [--height PX] [--width PX]
//                    [--steps N] [--batch N] [--guidance-scale S] [--run-id ID]
//                    [--output-root DIR] [--stdout]
//   wanmeter list
//   wanmeter --help | --version
//
// Exit codes: 0 success, 2 usage or invalid input, 3 overflow, 4 I/O error, 1 anything else.
// See docs/cli.md.
#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/io/files.hpp>
#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/report/wan.hpp>
#include <wanmeter/version.hpp>

#include <boost/program_options.hpp>

#include <array>
#include <charconv>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace po = boost::program_options;
using namespace wanmeter;

namespace {

enum exit_code : int { ok = 0, internal = 1, usage = 2, overflow = 3, io = 4 };

constexpr std::string_view default_model = "wan2.1-t2v-14b";
constexpr std::string_view default_profile = "wan2-1-720p";
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

/// `<model>_<profile>` plus `_<knob>-<value>` for each knob that differs from the profile, in a
/// fixed order: e.g. `wan2.1-t2v-14b_wan2-1-720p_frames-5_steps-2`.
std::string default_run_id(std::string_view model, std::string_view profile, const workload& base,
                           const workload& w) {
  std::string id = std::string(model) + "_" + std::string(profile);
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
     "workload profile id (default wan2-1-720p); the knobs below override it")
    ("frames", po::value<std::string>()->value_name("N"), "output frames, 4n+1 (81)")
    ("height", po::value<std::string>()->value_name("PX"), "height in pixels, a multiple of 16 (32 for Wan2.2 TI2V)")
    ("width", po::value<std::string>()->value_name("PX"), "width in pixels, a multiple of 16 (32 for Wan2.2 TI2V)")
    ("steps", po::value<std::string>()->value_name("N"), "sampling steps, 1 to 1000")
    ("batch", po::value<std::string>()->value_name("N"), "videos per forward, 1 to 1024")
    ("guidance-scale", po::value<std::string>()->value_name("S"),
     "classifier-free guidance scale, >= 0; 1 means no unconditional pass (1 forward per step, else 2)")
    ("run-id", po::value<std::string>()->value_name("ID"),
     "name of the run folder (default: derived from model, profile and overridden knobs)")
    ("output-root", po::value<std::string>()->value_name("DIR"),
     "where run folders go (default tmp/profile-output)")
    ("stdout", "print report.json on standard output and write no files");
  // clang-format on
  return d;
}

int run_list() {
  std::printf("models:\n");
  for (const auto& m : model_registry) {
    std::printf("  %-22.*s %.*s\n", static_cast<int>(m.id.size()), m.id.data(), static_cast<int>(m.description.size()),
                m.description.data());
  }
  std::printf("profiles:\n");
  for (const auto& p : profile_registry) {
    std::printf("  %-22.*s %.*s\n", static_cast<int>(p.id.size()), p.id.data(), static_cast<int>(p.description.size()),
                p.description.data());
  }
  std::printf("devices:\n  (none yet: reports count FLOPs and bytes, not time)\n");
  return ok;
}

int run_analyze(const std::vector<std::string>& args) {
  const po::options_description desc = analyze_options();
  const po::positional_options_description no_positionals;
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(no_positionals).run(), vm);
  po::notify(vm);
  if (vm.count("help") != 0) {
    std::cout << "Usage: wanmeter analyze [options]\n\n"
              << "Writes <output-root>/<run-id>/static_analysis/<wan2_1|wan2_2>/{report.json,summary.md}\n"
              << "and prints where they are with the key totals.\n\n"
              << desc << "\nExit codes: 0 success, 2 usage or invalid input, 3 overflow, 4 I/O error.\n";
    return ok;
  }
  const auto text = [&](const char* name, std::string_view fallback) {
    return vm.count(name) != 0 ? vm[name].as<std::string>() : std::string(fallback);
  };
  const model_entry& model = find_model(text("model", default_model));
  const profile_entry& profile = find_profile(text("profile", default_profile));
  workload w = profile.w;
  if (vm.count("frames") != 0) w.frames = parse_count("frames", vm["frames"].as<std::string>());
  if (vm.count("height") != 0) w.height = parse_count("height", vm["height"].as<std::string>());
  if (vm.count("width") != 0) w.width = parse_count("width", vm["width"].as<std::string>());
  if (vm.count("steps") != 0) w.steps = parse_count("steps", vm["steps"].as<std::string>());
  if (vm.count("batch") != 0) w.batch = parse_count("batch", vm["batch"].as<std::string>());
  if (vm.count("guidance-scale") != 0) {
    w.guidance_scale = parse_scale("guidance_scale", vm["guidance-scale"].as<std::string>());
  }
  const bool to_stdout = vm.count("stdout") != 0;
  std::string run_id;
  if (vm.count("run-id") != 0) {
    run_id = vm["run-id"].as<std::string>();
    validate_run_id(run_id);
  }
  const std::string output_root = text("output-root", default_output_root);
  if (output_root.empty()) throw invalid_input("output-root", "\"\"", "output root must not be empty");

  const report r = make_report(model, w, profile.id); // validates the workload
  const std::string json = to_json_text(r.view());
  if (to_stdout) {
    std::fwrite(json.data(), 1, json.size(), stdout);
    std::fflush(stdout);
    return ok;
  }
  if (run_id.empty()) {
    run_id = default_run_id(model.id, profile.id, profile.w, w);
    validate_run_id(run_id);
  }
  const std::string summary = to_summary_markdown(r.view());
  const std::filesystem::path dir = std::filesystem::path(output_root) / run_id / "static_analysis" /
                                    (model.arch.version == wan_version::v2_1 ? "wan2_1" : "wan2_2");
  const std::filesystem::path json_path = dir / "report.json";
  const std::filesystem::path summary_path = dir / "summary.md";
  write_files_atomically({{json_path, json}, {summary_path, summary}});

  const stage_row& dit = r.core.stage("dit");
  const token_geometry& g = r.core.header.geometry;
  const count fwd = detail::flops(dit.per_call);
  const count run = detail::flops(r.core.totals);
  const char* const steps_word = w.steps == 1 ? "step" : "steps";
  std::printf("%s: %.*s on %.*s (%llux%llu, %llu frames, %llu %s, batch %llu, guidance scale %s)\n",
              version_line().c_str(), static_cast<int>(model.id.size()), model.id.data(),
              static_cast<int>(profile.id.size()), profile.id.data(), static_cast<unsigned long long>(w.width),
              static_cast<unsigned long long>(w.height), static_cast<unsigned long long>(w.frames),
              static_cast<unsigned long long>(w.steps), steps_word, static_cast<unsigned long long>(w.batch),
              format_scale(w.guidance_scale).c_str());
  std::printf("run id:            %s\n", run_id.c_str());
  std::printf("report:            %s\n", json_path.string().c_str());
  std::printf("summary:           %s\n", summary_path.string().c_str());
  std::printf("tokens:            %s per sample (%llu x %llu x %llu latents / 1x2x2 patches), %s per forward\n",
              detail::grouped(g.dit_seq_len).c_str(), static_cast<unsigned long long>(g.latent_frames),
              static_cast<unsigned long long>(g.latent_height), static_cast<unsigned long long>(g.latent_width),
              detail::grouped(g.batch_tokens()).c_str());
  std::printf("forwards per run:  %s (%llu %s x %llu)\n", detail::grouped(dit.calls).c_str(),
              static_cast<unsigned long long>(w.steps), steps_word,
              static_cast<unsigned long long>(forwards_per_step(w)));
  std::printf("FLOPs per forward: %s (%s; tensor %s, vector %s)\n", detail::grouped(fwd).c_str(), pflop(fwd).c_str(),
              detail::grouped(dit.per_call.tensor_flops).c_str(), detail::grouped(dit.per_call.vector_flops).c_str());
  std::printf("FLOPs per run:     %s (%s)\n", detail::grouped(run).c_str(), pflop(run).c_str());
  return ok;
}

int main_impl(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs("wanmeter: missing command\n\n", stderr);
    std::fputs(top_usage.data(), stderr);
    return usage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(top_usage.data(), stdout);
    return ok;
  }
  if (command == "--version") {
    std::printf("%s\n", version_line().c_str());
    return ok;
  }
  if (command == "list") {
    if (!args.empty()) throw po::error("list takes no arguments, got '" + args.front() + "'");
    return run_list();
  }
  if (command == "analyze") return run_analyze(args);
  throw po::error("unknown command '" + command + "' (commands: analyze, list; see wanmeter --help)");
}

} // namespace

int main(int argc, char** argv) {
  try {
    return main_impl(argc, argv);
  } catch (const invalid_input& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return usage;
  } catch (const po::error& e) {
    std::fprintf(stderr, "wanmeter: %s (see wanmeter --help)\n", e.what());
    return usage;
  } catch (const wanmeter::overflow_error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return overflow;
  } catch (const io_error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return io;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wanmeter: internal error: %s\n", e.what());
    return internal;
  }
}
