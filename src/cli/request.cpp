// Parsing `wanmeter analyze` (request.hpp): flag name -> text pairs to an analyze_request.
#include "request.hpp"

#include <wanmeter/core/errors.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/io/config_json.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/run/levers.hpp>

#include <charconv>
#include <cstdint>
#include <set>

namespace wanmeter::cli {
namespace {

constexpr std::string_view default_model = "wan2.1-t2v-14b";
constexpr std::string_view default_output_root = "tmp/profile-output";
constexpr std::size_t max_run_id_length = 128;
constexpr std::size_t run_id_hash_digits = 16;

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

/// A decimal number (the range rule is the library's).
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

/// One of an enum's names (the table beside the enum); the error lists them.
template <class E, std::size_t N>
E parse_choice(std::string_view knob, const std::string& text, const enum_names<E, N>& names) {
  if (const E* e = names.find(text)) return *e;
  throw invalid_input(knob, text.empty() ? "\"\"" : text, std::string(knob) + " must be one of " + names.list());
}

/// The dense DiT weight storages the CLI offers (run/levers.hpp); the quantised formats are
/// `weight_quant_names` less "none".
constexpr const enum_names<dtype, 2>& weight_choices = dense_weight_names;

/// `--weight-dtype` / `--t5-weight-dtype`: a dense dtype of `dense` (set it), or a quantised
/// format (returned; the dense tensors keep their storage).
template <std::size_t N>
weight_quant parse_weight_format(std::string_view knob, const std::string& text, const enum_names<dtype, N>& dense,
                                 dtype& storage) {
  if (const dtype* t = dense.find(text)) {
    storage = *t;
    return weight_quant::none;
  }
  const weight_quant* q = weight_quant_names.find(text);
  if (q == nullptr || *q == weight_quant::none) {
    std::string all = dense.list();
    for (const auto& [value, name] : weight_quant_names.entries) {
      if (value != weight_quant::none) all += ", " + std::string(name);
    }
    throw invalid_input(knob, text.empty() ? "\"\"" : text, std::string(knob) + " must be one of " + all);
  }
  return *q;
}

/// A fraction given on the command line (the range rule is the library's).
double parse_fraction(std::string_view knob, const std::string& text) { return parse_scale(knob, text); }

/// The profile whose workload is `w`, or empty.
std::string_view profile_label_of(const workload& w) {
  for (const profile_entry& p : profile_registry) {
    if (p.w == w) return p.id;
  }
  return {};
}

bool run_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

/// 64-bit FNV-1a (offset basis 14695981039346656037, prime 1099511628211).
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

} // namespace

const flag_spec* find_flag(std::string_view name) {
  for (const flag_spec& f : analyze_flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string format_scale(double v) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc{}) return "nan";
  return std::string(buf.data(), end);
}

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
    if (!run_id_char(c)) fail();
  }
}

std::string derive_run_id(std::string_view model, std::string_view profile, const workload& base, const workload& w,
                          const flag_values& options) {
  std::string raw = std::string(model) + "_" + (profile.empty() ? std::string("defaults") : std::string(profile));
  const auto knob = [&](std::string_view name, const std::string& value) {
    raw += "_";
    raw += name;
    raw += "-";
    raw += value;
  };
  if (w.batch != base.batch) knob("batch", std::to_string(w.batch));
  if (w.frames != base.frames) knob("frames", std::to_string(w.frames));
  if (w.height != base.height) knob("height", std::to_string(w.height));
  if (w.width != base.width) knob("width", std::to_string(w.width));
  if (w.steps != base.steps) knob("steps", std::to_string(w.steps));
  if (w.guidance_scale != base.guidance_scale) knob("guidance", format_scale(w.guidance_scale));
  for (const auto& [name, value] : options) knob(name, value);
  // Keep what a run id may hold ("1e+21" -> "1e21" still reads back as the same number), and no "..".
  std::string id;
  for (const char c : raw) {
    if (run_id_char(c) && !(c == '.' && !id.empty() && id.back() == '.')) id += c;
  }
  while (!id.empty() && (id.front() == '.' || id.front() == '-')) id.erase(0, 1);
  if (id.empty()) id = "run";
  if (id.size() > max_run_id_length) {
    // Whole `_<knob>-<value>` parts only, so that no value reads cut short ("1234x56").
    id.resize(max_run_id_length - 1 - run_id_hash_digits);
    const std::size_t last_part = id.rfind('_');
    if (last_part != std::string::npos && last_part > 0) id.resize(last_part);
    constexpr std::string_view hex = "0123456789abcdef";
    std::uint64_t h = fnv1a(raw);
    std::string digits(run_id_hash_digits, '0');
    for (std::size_t i = run_id_hash_digits; i-- > 0; h >>= 4U) digits[i] = hex[h & 0xFU];
    id += "_" + digits;
  }
  validate_run_id(id);
  return id;
}

const std::string& flag_text(const flag_values& flags, std::string_view name) {
  for (const auto& [n, v] : flags) {
    if (n == name) return v;
  }
  static const std::string none;
  return none;
}

analyze_request parse_analyze(const flag_values& flags) {
  // Each flag known, at most once, a value exactly when it takes one.
  std::set<std::string_view> seen;
  for (const auto& [name, value] : flags) {
    const flag_spec* f = find_flag(name);
    if (f == nullptr) throw usage_error("unrecognised option '--" + name + "'");
    if (!seen.insert(f->name).second) throw usage_error("option '--" + name + "' cannot be specified more than once");
    if (f->value_name.empty() && !value.empty()) {
      throw usage_error("option '--" + name + "' does not take any arguments");
    }
  }
  const auto given = [&](std::string_view name) { return seen.count(name) != 0; };
  const auto text = [&](std::string_view name) -> const std::string& { return flag_text(flags, name); };
  flag_values options; // run-id suffixes of the run options, in this fixed order

  analyze_request a{};
  run_request& q = a.run;
  q.model = find_model(given("model") ? std::string_view(text("model")) : default_model);
  if (given("config")) {
    a.config_path = text("config");
    if (a.config_path.empty()) throw invalid_input("config", "\"\"", "config path must not be empty");
    q.model.arch = read_wan_config(a.config_path, q.model.arch);
    options.emplace_back("config", "file");
  }
  // The workload: a profile, or the model's own defaults; the knobs override it.
  workload base = q.model.defaults.w;
  if (given("profile")) {
    const profile_entry& profile = find_profile(text("profile"));
    base = profile.w;
    q.profile_id = profile.id;
  } else {
    q.profile_id = profile_label_of(base);
  }
  if (given("distilled")) {
    base.steps = few_step_distilled.steps;
    base.guidance_scale = few_step_distilled.guidance_scale;
    q.options.distilled = true;
    options.emplace_back("distilled", "on");
  }
  workload& w = q.w;
  w = base;
  if (given("frames")) w.frames = parse_count("frames", text("frames"));
  if (given("height")) w.height = parse_count("height", text("height"));
  if (given("width")) w.width = parse_count("width", text("width"));
  if (given("steps")) w.steps = parse_count("steps", text("steps"));
  if (given("batch")) w.batch = parse_count("batch", text("batch"));
  if (given("guidance-scale")) w.guidance_scale = parse_scale("guidance_scale", text("guidance-scale"));

  if (q.options.distilled && q.model.defaults.boundary > 0.0) {
    // LightX2V's 4-step A14B configs: 2 steps per expert; another step count: half, rounded up.
    q.options.high_noise_steps = w.steps == few_step_distilled.steps ? few_step_distilled.high_noise_steps
                                                                     : (w.steps + 1) / 2;
  }
  if (given("cache-skip")) {
    q.options.cache_skip = parse_fraction("cache_skip", text("cache-skip"));
    if (q.options.cache_skip != 0.0) options.emplace_back("cache-skip", format_scale(q.options.cache_skip));
  }
  if (given("image-size")) {
    a.image_size = text("image-size");
    const auto [iw, ih] = parse_image_size(a.image_size);
    q.options.image_width = iw;
    q.options.image_height = ih;
    options.emplace_back("image", a.image_size);
  }
  if (given("image-input")) {
    if (q.model.arch.type != model_type::ti2v) {
      throw invalid_input("image-input", std::string(q.model.id),
                          "--image-input applies to wan2.2-ti2v-5b only (the I2V/FLF2V models always take an image)");
    }
    q.options.image_input = true;
    options.emplace_back("image-input", "on");
  }
  if (given("shift")) {
    const std::string& t = text("shift");
    q.options.shift = parse_scale("shift", t);
    // The range is the library's rule (plan_pipeline); only 0 cannot reach it, since
    // pipeline_options uses 0 for "the model's default".
    if (q.options.shift == 0.0) {
      throw invalid_input("shift", t, "0 is not a sample shift (leave --shift out for the model's default)");
    }
    options.emplace_back("shift", format_scale(q.options.shift));
  }

  // Execution: the official single-GPU policy unless told otherwise.
  if (given("exec")) {
    q.exec.mode = parse_choice("exec", text("exec"), exec_model_names);
    if (q.exec.mode != exec_model::eager) options.emplace_back("exec", "fused");
  }
  q.exec.dit_weight = q.exec.mode == exec_model::fused ? dtype::bf16 : dtype::fp32;
  if (given("weight-dtype")) {
    q.exec.dit_quant = parse_weight_format("weight-dtype", text("weight-dtype"), weight_choices, q.exec.dit_weight);
    options.emplace_back("weights", q.exec.dit_quant == weight_quant::none ? std::string(name_of(q.exec.dit_weight))
                                                                           : std::string(name_of(q.exec.dit_quant)));
  }
  if (given("t5-weight-dtype")) {
    dtype t5_storage = dtype::bf16;
    constexpr enum_names<dtype, 1> t5_dense{{{{dtype::bf16, name_of(dtype::bf16)}}}};
    q.exec.t5_quant = parse_weight_format("t5-weight-dtype", text("t5-weight-dtype"), t5_dense, t5_storage);
    if (q.exec.t5_quant != weight_quant::none) options.emplace_back("t5-weights", std::string(name_of(q.exec.t5_quant)));
  }
  if (given("offload") && given("no-offload")) throw usage_error("--offload and --no-offload exclude each other");
  q.exec.offload = offload_policy::model; // generate.py's default on one GPU
  if (given("offload")) q.exec.offload = parse_choice("offload", text("offload"), offload_policy_names);
  if (given("no-offload")) q.exec.offload = offload_policy::none;
  if (q.exec.offload == offload_policy::none) {
    options.emplace_back("offload", "off");
  } else if (q.exec.offload != offload_policy::model) {
    options.emplace_back("offload", std::string(name_of(q.exec.offload)));
  }
  if (given("resident-blocks")) {
    if (q.exec.offload != offload_policy::block) {
      throw invalid_input("resident-blocks", text("resident-blocks"),
                          "--resident-blocks applies to --offload block only");
    }
    q.exec.resident_blocks = parse_count("resident-blocks", text("resident-blocks"));
    options.emplace_back("resident", text("resident-blocks"));
  }
  if (given("vae-tiling")) {
    q.exec.vae_tiling = true;
    options.emplace_back("vae", "tiled");
  }
  q.exec.t5_cpu = given("t5-cpu");
  if (q.exec.t5_cpu) options.emplace_back("t5", "cpu");
  if (given("attention")) {
    q.exec.roofline.attention = parse_choice("attention", text("attention"), attention_kernel_names);
    if (q.exec.roofline.attention != attention_kernel::automatic) options.emplace_back("attention", text("attention"));
  }
  if (given("attention-density")) {
    q.exec.attention_density = parse_fraction("attention_density", text("attention-density"));
    if (q.exec.attention_density != 1.0) options.emplace_back("density", format_scale(q.exec.attention_density));
  }
  q.exec.roofline.allow_tf32 = given("allow-tf32");
  if (q.exec.roofline.allow_tf32) options.emplace_back("tf32", "on");
  // Block offload streams from pinned memory (diffusers' group offload pins it, LightX2V too):
  // pinned unless told otherwise.
  if (q.exec.offload == offload_policy::block) q.exec.host = host_memory::pinned;
  if (given("host-memory")) {
    q.exec.host = parse_choice("host-memory", text("host-memory"), host_memory_names);
    if (q.exec.host != host_memory::pageable) options.emplace_back("host", "pinned");
  }
  if (given("device")) {
    q.device = &find_device(text("device"));
    options.emplace_back("device", std::string(q.device->id));
  }
  // Layout (run/parallel.hpp checks the rules). More than one GPU turns the offload off unless
  // --offload is given, as generate.py does.
  parallel_layout& l = q.layout;
  if (given("ulysses-size")) {
    l.ulysses = parse_count("ulysses-size", text("ulysses-size"));
    options.emplace_back("ulysses", text("ulysses-size"));
  }
  if (given("ring-size")) {
    l.ring = parse_count("ring-size", text("ring-size"));
    options.emplace_back("ring", text("ring-size"));
  }
  if (given("cfg-parallel")) {
    l.cfg = 2;
    options.emplace_back("cfg", "parallel");
  }
  l.dit_fsdp = given("dit-fsdp");
  if (l.dit_fsdp) options.emplace_back("dit-fsdp", "on");
  l.t5_fsdp = given("t5-fsdp");
  if (l.t5_fsdp) options.emplace_back("t5-fsdp", "on");
  l.parallel_vae = given("parallel-vae");
  if (l.parallel_vae) options.emplace_back("parallel-vae", "on");
  if (l.ulysses * l.ring * l.cfg > 1 && !given("offload")) q.exec.offload = offload_policy::none;
  if (given("interconnect")) {
    q.interconnect = &find_interconnect(text("interconnect"));
    options.emplace_back("interconnect", std::string(q.interconnect->id));
  }
  if (given("network")) {
    q.network = &find_network(text("network"));
    options.emplace_back("network", std::string(q.network->id));
  }

  a.to_stdout = given("stdout");
  if (given("run-id")) {
    a.run_id = text("run-id");
    validate_run_id(a.run_id);
  } else {
    a.run_id = derive_run_id(q.model.id, q.profile_id, base, w, options);
  }
  a.output_root = given("output-root") ? text("output-root") : std::string(default_output_root);
  if (a.output_root.empty()) throw invalid_input("output-root", "\"\"", "output root must not be empty");
  return a;
}

} // namespace wanmeter::cli
