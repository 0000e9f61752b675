#pragma once
// report.json (schema `wanmeter.report/1`, JSON Schema in schema/report.schema.json).
//
//   to_json(view)       the report as a boost::json::value, keys in a fixed order
//   to_json_text(view)  that value pretty-printed: 2-space indent, `"key": value`, objects and
//                       arrays of scalars on one line, a trailing newline; integers as JSON integers (exact u64), doubles in their shortest
//                       round-trip form. Same report -> byte-identical text.
//
// Part of the opt-in `wanmeter::json` target (links Boost::json); the core headers never
// include it.

#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/report/report.hpp>
#include <wanmeter/report/run.hpp>
#include <wanmeter/version.hpp>

#include <boost/hana/accessors.hpp>
#include <boost/hana/first.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/length.hpp>
#include <boost/hana/second.hpp>
#include <boost/hana/string.hpp>
#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace wanmeter {

namespace detail {
inline boost::json::string_view jsv(std::string_view s) { return {s.data(), s.size()}; }

[[nodiscard]] constexpr std::string_view attention_name(attention_kernel k) {
  switch (k) {
  case attention_kernel::automatic: return "auto";
  case attention_kernel::flash_attention_2: return "fa2";
  case attention_kernel::flash_attention_3: return "fa3";
  }
  return "?";
}

/// `execution`: how the run executes (the CLI's --exec, --weight-dtype, --offload, ...).
[[nodiscard]] inline boost::json::value execution_json(const run_info& i, boost::json::storage_ptr sp = {}) {
  boost::json::object o(sp);
  o.emplace("mode", i.exec.mode == exec_model::eager ? "eager" : "fused");
  o.emplace("weight_dtype", jsv(name_of(i.exec.dit_weight)));
  o.emplace("offload", i.exec.offload);
  o.emplace("t5_cpu", i.exec.t5_cpu);
  o.emplace("attention", jsv(attention_name(i.exec.roofline.attention)));
  o.emplace("allow_tf32", i.exec.roofline.allow_tf32);
  o.emplace("host_memory", i.exec.host == host_memory::pinned ? "pinned" : "pageable");
  return o;
}

/// `device`: the chosen device and its key figures, or null.
[[nodiscard]] inline boost::json::value device_json(const run_info& i, boost::json::storage_ptr sp = {}) {
  if (i.device == nullptr) return nullptr;
  const device_spec& d = *i.device;
  boost::json::object o(sp);
  o.emplace("id", jsv(d.id));
  o.emplace("name", jsv(d.name));
  o.emplace("generation", jsv(name_of(d.generation)));
  o.emplace("bf16_tensor_flops", d.bf16_tensor_flops);
  o.emplace("fp8_tensor_flops", d.fp8_tensor_flops);
  o.emplace("tf32_tensor_flops", d.tf32_tensor_flops);
  o.emplace("fp32_flops", d.fp32_flops);
  o.emplace("fp64_flops", d.fp64_flops);
  o.emplace("sfu_ops", d.sfu_ops);
  o.emplace("memory_bandwidth", d.memory_bandwidth);
  o.emplace("memory_capacity", d.memory_capacity);
  o.emplace("host_link_bandwidth", d.host_link_bandwidth);
  o.emplace("host_link", jsv(d.host_link));
  return o;
}

/// Top-level `memory`: the run's peak device memory (perf/memory.hpp).
[[nodiscard]] inline boost::json::value memory_json(const run_info& i, boost::json::storage_ptr sp = {}) {
  const pipeline_memory& m = i.memory;
  boost::json::object o(sp);
  o.emplace("weights_bytes", m.weights_bytes);
  o.emplace("peak_activation_bytes", m.peak_activation_bytes);
  o.emplace("peak_bytes", m.peak_bytes);
  if (m.has_device) {
    o.emplace("device_bytes", m.device_bytes);
    o.emplace("fits", m.fits);
  } else {
    o.emplace("device_bytes", nullptr);
    o.emplace("fits", nullptr);
  }
  if (m.stage_count == 0) {
    o.emplace("peak_stage", nullptr);
  } else {
    o.emplace("peak_stage", jsv(m.stages[m.peak_stage].stage.name));
  }
  return o;
}

/// `stages.<name>.memory`.
[[nodiscard]] inline boost::json::value stage_memory_json(const run_info& i, std::string_view stage,
                                                          boost::json::storage_ptr sp = {}) {
  const stage_memory* s = i.memory.find(stage);
  if (s == nullptr) return nullptr;
  boost::json::object o(sp);
  o.emplace("on_host", s->on_host);
  o.emplace("weights_bytes", s->weights_bytes);
  o.emplace("peak_activation_bytes", s->peak_activation_bytes);
  o.emplace("resident_weights_bytes", s->resident_weights_bytes);
  o.emplace("peak_bytes", s->peak_bytes);
  return o;
}

/// `transfers`: the offload copies of the run (a device is chosen).
[[nodiscard]] inline boost::json::value transfers_json(const run_info& i, boost::json::storage_ptr sp = {}) {
  const transfer_time& t = i.time.transfers;
  boost::json::object o(sp);
  o.emplace("h2d_bytes", t.h2d_bytes);
  o.emplace("d2h_bytes", t.d2h_bytes);
  o.emplace("time_s", t.time_s);
  o.emplace("time_lower_bound_s", t.time_lower_bound_s);
  return o;
}

/// The time of stage `name` (a device is chosen).
[[nodiscard]] inline const stage_time& stage_time_of(const run_info& i, std::string_view name) {
  const stage_time* t = i.time.find(name);
  if (t == nullptr) throw std::logic_error("wanmeter: a report stage has no time");
  return *t;
}
} // namespace detail

/// A metrics record as a JSON object, fields in declaration order (reflected through Hana).
[[nodiscard]] inline boost::json::object to_json(const metrics& m, boost::json::storage_ptr sp = {}) {
  boost::json::object o(sp);
  o.reserve(8);
  boost::hana::for_each(boost::hana::accessors<metrics>(), [&](auto field) {
    const char* key = boost::hana::to<const char*>(boost::hana::first(field));
    o.emplace(key, static_cast<std::uint64_t>(boost::hana::second(field)(m)));
  });
  return o;
}

/// The `model` object: id, description and every architecture field.
[[nodiscard]] inline boost::json::object model_json(const report_header& h, boost::json::storage_ptr sp = {}) {
  const wan_dit_arch& a = h.arch;
  boost::json::object o(sp);
  o.emplace("id", detail::jsv(h.model_id));
  o.emplace("description", detail::jsv(h.model_description));
  o.emplace("version", a.version == wan_version::v2_1 ? "wan2.1" : "wan2.2");
  o.emplace("type", detail::jsv(name_of(a.type)));
  o.emplace("dim", a.dim);
  o.emplace("ffn_dim", a.ffn_dim);
  o.emplace("freq_dim", a.freq_dim);
  o.emplace("in_dim", a.in_dim);
  o.emplace("out_dim", a.out_dim);
  o.emplace("num_heads", a.num_heads);
  o.emplace("num_layers", a.num_layers);
  o.emplace("head_dim", a.head_dim());
  o.emplace("text_len", a.text_len);
  o.emplace("eps", a.eps);
  o.emplace("patch_size", boost::json::array({a.patch_size[0], a.patch_size[1], a.patch_size[2]}, sp));
  o.emplace("qk_norm", a.qk_norm);
  o.emplace("cross_attn_norm", a.cross_attn_norm);
  o.emplace("text_dim", a.text_dim);
  o.emplace("window_size", boost::json::array({a.window_size[0], a.window_size[1]}, sp));
  o.emplace("vae_temporal_stride", a.vae_temporal_stride);
  o.emplace("vae_spatial_stride", a.vae_spatial_stride);
  o.emplace("image_tokens", a.image_tokens);
  o.emplace("image_dim", a.image_dim);
  o.emplace("image_pos_embedding", a.image_pos_embedding);
  return o;
}

/// The `model` object of a report view (with `config` when the view carries run information).
[[nodiscard]] inline boost::json::object model_json(const report_view& r, boost::json::storage_ptr sp = {}) {
  boost::json::object o = model_json(r.header(), sp);
  if (r.run != nullptr) {
    if (r.run->config_path.empty()) {
      o.emplace("config", nullptr);
    } else {
      o.emplace("config", detail::jsv(r.run->config_path));
    }
  }
  return o;
}

/// The report as a JSON value (keys in the order of the report contract).
[[nodiscard]] inline boost::json::value to_json(const report_view& r, boost::json::storage_ptr sp = {}) {
  const report_header& h = r.header();
  boost::json::object root(sp);
  root.reserve(9);
  root.emplace("schema", detail::jsv(report_schema));
  boost::json::object tool(sp);
  tool.emplace("name", detail::jsv(tool_name));
  tool.emplace("version", detail::jsv(version));
  root.emplace("tool", std::move(tool));
  root.emplace("model", model_json(r, sp));

  boost::json::object w(sp);
  if (h.profile_id.empty()) {
    w.emplace("profile", nullptr);
  } else {
    w.emplace("profile", detail::jsv(h.profile_id));
  }
  w.emplace("batch", h.w.batch);
  w.emplace("frames", h.w.frames);
  w.emplace("height", h.w.height);
  w.emplace("width", h.w.width);
  w.emplace("steps", h.w.steps);
  w.emplace("guidance_scale", h.w.guidance_scale);
  w.emplace("forwards_per_step", forwards_per_step(h.w));
  if (r.run != nullptr) {
    w.emplace("shift", r.run->plan.shift);
    w.emplace("image_width", r.run->options.image_width);
    w.emplace("image_height", r.run->options.image_height);
    w.emplace("image_input", r.run->plan.vae_encode_calls != 0);
  }
  root.emplace("workload", std::move(w));
  if (r.run != nullptr) {
    root.emplace("execution", detail::execution_json(*r.run, sp));
    root.emplace("device", detail::device_json(*r.run, sp));
  }

  boost::json::object g(sp);
  g.emplace("latent_frames", h.geometry.latent_frames);
  g.emplace("latent_height", h.geometry.latent_height);
  g.emplace("latent_width", h.geometry.latent_width);
  g.emplace("tokens_per_frame", h.geometry.tokens_per_frame);
  g.emplace("dit_seq_len", h.geometry.dit_seq_len);
  g.emplace("batch_tokens", h.geometry.batch_tokens());
  root.emplace("geometry", std::move(g));

  boost::json::object stages(sp);
  for (const stage_row& s : r.core.stage_rows()) {
    boost::json::object o(sp);
    o.emplace("calls", s.calls);
    o.emplace("per_call", to_json(s.per_call, sp));
    o.emplace("total", to_json(s.total, sp));
    if (r.run != nullptr) {
      o.emplace("memory", detail::stage_memory_json(*r.run, s.name, sp));
      if (r.run->has_device()) {
        const stage_time& t = detail::stage_time_of(*r.run, s.name);
        o.emplace("time_s", t.time_s);
        o.emplace("time_lower_bound_s", t.time_lower_bound_s);
      }
    }
    stages.emplace(detail::jsv(s.name), std::move(o));
  }
  root.emplace("stages", std::move(stages));
  root.emplace("totals", to_json(r.core.totals, sp));
  if (r.run != nullptr) {
    root.emplace("memory", detail::memory_json(*r.run, sp));
    if (r.run->has_device()) {
      root.emplace("time_s", r.run->time.time_s);
      root.emplace("time_lower_bound_s", r.run->time.time_lower_bound_s);
      root.emplace("transfers", detail::transfers_json(*r.run, sp));
    }
  }

  boost::json::array modules(sp);
  modules.reserve(r.modules.size());
  const bool timed = r.run != nullptr && r.run->has_device();
  for (std::size_t mi = 0; mi < r.modules.size(); ++mi) {
    const module_row& m = r.modules[mi];
    boost::json::object o(sp);
    o.reserve(10);
    o.emplace("id", detail::jsv(detail::render_id(m.stage, m.path).view()));
    if (m.has_parent()) {
      o.emplace("parent", detail::jsv(detail::render_id(m.stage, m.path.parent()).view()));
    } else {
      o.emplace("parent", nullptr);
    }
    o.emplace("kind", detail::jsv(m.kind));
    o.emplace("category", detail::jsv(name_of(m.cat)));
    o.emplace("calls", m.calls);
    o.emplace("per_call", to_json(m.per_call, sp));
    o.emplace("total", to_json(m.total, sp));
    if (timed) {
      const module_time& t = r.run->module_times[mi];
      o.emplace("time_s", t.time_s);
      o.emplace("time_lower_bound_s", t.lower_bound_s);
      o.emplace("bound", detail::jsv(name_of(t.bound_by)));
    }
    modules.emplace_back(std::move(o));
  }
  root.emplace("modules", std::move(modules));

  boost::json::object hot(sp);
  hot.emplace("ranked_by", timed ? "time_s" : "total.tensor_flops");
  boost::json::array leaves(sp);
  for (std::size_t i = 0; i < r.core.top_leaf_count; ++i) {
    const module_row& m = r.modules[r.core.top_leaves[i]];
    boost::json::object o(sp);
    o.emplace("id", m.id());
    o.emplace("kind", detail::jsv(m.kind));
    o.emplace("category", detail::jsv(name_of(m.cat)));
    o.emplace("total", to_json(m.total, sp));
    if (timed) o.emplace("time_s", r.run->top_leaf_time_s[i]);
    leaves.emplace_back(std::move(o));
  }
  hot.emplace("leaves", std::move(leaves));
  boost::json::array cats(sp);
  for (std::size_t i = 0; i < r.core.top_category_count; ++i) {
    const category_row& c = r.core.top_categories[i];
    boost::json::object o(sp);
    o.emplace("category", detail::jsv(name_of(c.cat)));
    o.emplace("leaves", c.leaves);
    o.emplace("total", to_json(c.total, sp));
    if (timed) o.emplace("time_s", r.run->top_category_time_s[i]);
    cats.emplace_back(std::move(o));
  }
  hot.emplace("categories", std::move(cats));
  root.emplace("hotspots", std::move(hot));
  return root;
}

namespace detail {

/// The length of the well-formed UTF-8 sequence at the start of `s` (RFC 3629: no overlong
/// forms, no surrogates, at most U+10FFFF), or 0 when it is not one.
inline std::size_t utf8_sequence_length(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0U) == 0x80U; };
  const unsigned char c = b(0);
  if (c < 0x80U) return 1;
  if (c >= 0xC2U && c <= 0xDFU) return cont(1) ? 2 : 0;
  if (c >= 0xE0U && c <= 0xEFU) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0U && b(1) < 0xA0U) return 0; // overlong
    if (c == 0xEDU && b(1) > 0x9FU) return 0; // UTF-16 surrogates
    return 3;
  }
  if (c >= 0xF0U && c <= 0xF4U) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0U && b(1) < 0x90U) return 0; // overlong
    if (c == 0xF4U && b(1) > 0x8FU) return 0; // past U+10FFFF
    return 4;
  }
  return 0;
}

/// `s` as a JSON string, always valid UTF-8: `"` and `\` escaped, control characters as `\n`,
/// `\r`, `\t` or `\u00XX`, and each byte that does not start a well-formed UTF-8 sequence (a
/// path of another encoding, e.g. Latin-1 `caf\xe9`) written as U+FFFD, `\ufffd`, so that
/// report.json stays valid JSON (RFC 8259 requires UTF-8) whatever a `--config` path holds.
inline void json_escape(std::string& out, std::string_view s) {
  out += '"';
  std::size_t plain = 0; // characters since the last escape, appended in one go
  const auto flush = [&](std::size_t i) {
    out.append(s.data() + (i - plain), plain);
    plain = 0;
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80U) {
      const std::size_t n = utf8_sequence_length(s.substr(i));
      if (n != 0) {
        plain += n;
        i += n;
        continue;
      }
      flush(i);
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++plain;
      ++i;
      continue;
    }
    flush(i);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: {
      constexpr std::string_view hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4U];
      out += hex[c & 0xFU];
    }
    }
    ++i;
  }
  flush(s.size());
  out += '"';
}

template <class T>
void json_number(std::string& out, T v) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc{}) throw std::runtime_error("wanmeter: cannot format a JSON number");
  out.append(buf.data(), end);
}

inline void newline(std::string& out, std::size_t indent) {
  out += '\n';
  out.append(indent, ' ');
}

[[nodiscard]] inline bool is_scalar(const boost::json::value& v) {
  return !v.is_object() && !v.is_array();
}

/// Objects and arrays whose members are all scalars are written on one line
/// (`{"tensor_flops": 1, "vector_flops": 2}`); anything else one member per line.
[[nodiscard]] inline bool is_flat(const boost::json::value& v) {
  if (const auto* a = v.if_array()) {
    for (const auto& e : *a) {
      if (!is_scalar(e)) return false;
    }
    return true;
  }
  if (const auto* o = v.if_object()) {
    for (const auto& kv : *o) {
      if (!is_scalar(kv.value())) return false;
    }
    return true;
  }
  return true;
}

inline void pretty(std::string& out, const boost::json::value& v, std::size_t indent) {
  switch (v.kind()) {
  case boost::json::kind::null: out += "null"; break;
  case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
  case boost::json::kind::int64: json_number(out, v.get_int64()); break;
  case boost::json::kind::uint64: json_number(out, v.get_uint64()); break;
  case boost::json::kind::double_: {
    const double d = v.get_double();
    if (!(d == d) || d > 1.7976931348623157e308 || d < -1.7976931348623157e308)
      throw std::runtime_error("wanmeter: a non-finite number cannot be written as JSON");
    json_number(out, d);
    break;
  }
  case boost::json::kind::string: {
    const boost::json::string& s = v.get_string();
    json_escape(out, std::string_view(s.data(), s.size()));
    break;
  }
  case boost::json::kind::array: {
    const boost::json::array& a = v.get_array();
    if (a.empty()) {
      out += "[]";
      break;
    }
    const bool flat = is_flat(v);
    out += '[';
    bool first = true;
    for (const boost::json::value& e : a) {
      if (!first) out += flat ? ", " : ",";
      first = false;
      if (!flat) newline(out, indent + 2);
      pretty(out, e, indent + 2);
    }
    if (!flat) newline(out, indent);
    out += ']';
    break;
  }
  case boost::json::kind::object: {
    const boost::json::object& o = v.get_object();
    if (o.empty()) {
      out += "{}";
      break;
    }
    const bool flat = is_flat(v);
    out += '{';
    bool first = true;
    for (const auto& kv : o) {
      if (!first) out += flat ? ", " : ",";
      first = false;
      if (!flat) newline(out, indent + 2);
      json_escape(out, std::string_view(kv.key().data(), kv.key().size()));
      out += ": ";
      pretty(out, kv.value(), indent + 2);
    }
    if (!flat) newline(out, indent);
    out += '}';
    break;
  }
  }
}

} // namespace detail

/// `v` pretty-printed with a 2-space indent and a trailing newline; containers of scalars only on
/// one line (deterministic: object keys in insertion order, numbers in their exact / shortest form).
[[nodiscard]] inline std::string pretty_json(const boost::json::value& v) {
  std::string out;
  detail::pretty(out, v, 0);
  out += '\n';
  return out;
}

namespace detail {

/// Writes report.json's text directly from the rows, in exactly the layout `pretty_json` gives
/// `to_json(view)` (test/runtime/report_json.cpp checks the two are byte-identical): the same
/// document without building the DOM, 3-4x faster on the 1,261-row 720p report.
class report_text_writer {
public:
  explicit report_text_writer(std::string& out) : out_(out) {}

  void write(const report_view& r) {
    const report_header& h = r.header();
    out_ += '{';
    key(2, "schema", true);
    str(report_schema);
    key(2, "tool");
    out_ += "{\"name\": ";
    str(tool_name);
    out_ += ", \"version\": ";
    str(version);
    out_ += '}';
    model(h, r.run);
    key(2, "workload");
    out_ += "{\"profile\": ";
    if (h.profile_id.empty()) {
      out_ += "null";
    } else {
      str(h.profile_id);
    }
    flat_num("batch", h.w.batch);
    flat_num("frames", h.w.frames);
    flat_num("height", h.w.height);
    flat_num("width", h.w.width);
    flat_num("steps", h.w.steps);
    flat_num("guidance_scale", h.w.guidance_scale);
    flat_num("forwards_per_step", forwards_per_step(h.w));
    const run_info* run = r.run;
    const bool timed = run != nullptr && run->has_device();
    if (run != nullptr) {
      flat_num("shift", run->plan.shift);
      flat_num("image_width", run->options.image_width);
      flat_num("image_height", run->options.image_height);
      out_ += ", \"image_input\": ";
      out_ += run->plan.vae_encode_calls != 0 ? "true" : "false";
    }
    out_ += '}';
    if (run != nullptr) {
      value(2, "execution", execution_json(*run));
      value(2, "device", device_json(*run));
    }
    key(2, "geometry");
    out_ += "{\"latent_frames\": ";
    json_number(out_, h.geometry.latent_frames);
    flat_num("latent_height", h.geometry.latent_height);
    flat_num("latent_width", h.geometry.latent_width);
    flat_num("tokens_per_frame", h.geometry.tokens_per_frame);
    flat_num("dit_seq_len", h.geometry.dit_seq_len);
    flat_num("batch_tokens", h.geometry.batch_tokens());
    out_ += '}';
    key(2, "stages");
    if (r.core.stage_count == 0) {
      out_ += "{}";
    } else {
      out_ += '{';
      bool first = true;
      for (const stage_row& st : r.core.stage_rows()) {
        key(4, st.name, first);
        first = false;
        out_ += '{';
        key(6, "calls", true);
        json_number(out_, st.calls);
        key(6, "per_call");
        flat(st.per_call);
        key(6, "total");
        flat(st.total);
        if (run != nullptr) {
          value(6, "memory", stage_memory_json(*run, st.name));
          if (timed) {
            const stage_time& t = stage_time_of(*run, st.name);
            num(6, "time_s", t.time_s);
            num(6, "time_lower_bound_s", t.time_lower_bound_s);
          }
        }
        close(4, '}');
      }
      close(2, '}');
    }
    key(2, "totals");
    flat(r.core.totals);
    if (run != nullptr) {
      value(2, "memory", memory_json(*run));
      if (timed) {
        num(2, "time_s", run->time.time_s);
        num(2, "time_lower_bound_s", run->time.time_lower_bound_s);
        value(2, "transfers", transfers_json(*run));
      }
    }
    key(2, "modules");
    if (r.modules.empty()) {
      out_ += "[]";
    } else {
      out_ += '[';
      bool first = true;
      for (std::size_t mi = 0; mi < r.modules.size(); ++mi) {
        const module_row& m = r.modules[mi];
        if (!first) out_ += ',';
        first = false;
        newline(out_, 4);
        out_ += '{';
        key(6, "id", true);
        const std::size_t parent_length = build_id(m);
        str(id_);
        key(6, "parent");
        if (m.has_parent()) {
          str(std::string_view(id_).substr(0, parent_length));
        } else {
          out_ += "null";
        }
        key(6, "kind");
        str(m.kind);
        key(6, "category");
        str(name_of(m.cat));
        key(6, "calls");
        json_number(out_, m.calls);
        key(6, "per_call");
        flat(m.per_call);
        key(6, "total");
        flat(m.total);
        if (timed) {
          const module_time& t = run->module_times[mi];
          num(6, "time_s", t.time_s);
          num(6, "time_lower_bound_s", t.lower_bound_s);
          key(6, "bound");
          str(name_of(t.bound_by));
        }
        close(4, '}');
      }
      close(2, ']');
    }
    key(2, "hotspots");
    out_ += '{';
    key(4, "ranked_by", true);
    str(timed ? "time_s" : "total.tensor_flops");
    key(4, "leaves");
    if (r.core.top_leaf_count == 0) {
      out_ += "[]";
    } else {
      out_ += '[';
      for (std::size_t i = 0; i < r.core.top_leaf_count; ++i) {
        const module_row& m = r.modules[r.core.top_leaves[i]];
        if (i != 0) out_ += ',';
        newline(out_, 6);
        out_ += '{';
        key(8, "id", true);
        str(render_id(m.stage, m.path).view());
        key(8, "kind");
        str(m.kind);
        key(8, "category");
        str(name_of(m.cat));
        key(8, "total");
        flat(m.total);
        if (timed) num(8, "time_s", run->top_leaf_time_s[i]);
        close(6, '}');
      }
      close(4, ']');
    }
    key(4, "categories");
    if (r.core.top_category_count == 0) {
      out_ += "[]";
    } else {
      out_ += '[';
      for (std::size_t i = 0; i < r.core.top_category_count; ++i) {
        const category_row& c = r.core.top_categories[i];
        if (i != 0) out_ += ',';
        newline(out_, 6);
        out_ += '{';
        key(8, "category", true);
        str(name_of(c.cat));
        key(8, "leaves");
        json_number(out_, c.leaves);
        key(8, "total");
        flat(c.total);
        if (timed) num(8, "time_s", run->top_category_time_s[i]);
        close(6, '}');
      }
      close(4, ']');
    }
    close(2, '}');
    close(0, '}');
    out_ += '\n';
  }

private:
  void model(const report_header& h, const run_info* run) {
    const wan_dit_arch& a = h.arch;
    key(2, "model");
    out_ += '{';
    key(4, "id", true);
    str(h.model_id);
    key(4, "description");
    str(h.model_description);
    key(4, "version");
    str(a.version == wan_version::v2_1 ? "wan2.1" : "wan2.2");
    key(4, "type");
    str(name_of(a.type));
    num(4, "dim", a.dim);
    num(4, "ffn_dim", a.ffn_dim);
    num(4, "freq_dim", a.freq_dim);
    num(4, "in_dim", a.in_dim);
    num(4, "out_dim", a.out_dim);
    num(4, "num_heads", a.num_heads);
    num(4, "num_layers", a.num_layers);
    num(4, "head_dim", a.head_dim());
    num(4, "text_len", a.text_len);
    num(4, "eps", a.eps);
    num_array(4, "patch_size", a.patch_size);
    boolean(4, "qk_norm", a.qk_norm);
    boolean(4, "cross_attn_norm", a.cross_attn_norm);
    num(4, "text_dim", a.text_dim);
    num_array(4, "window_size", a.window_size);
    num(4, "vae_temporal_stride", a.vae_temporal_stride);
    num(4, "vae_spatial_stride", a.vae_spatial_stride);
    num(4, "image_tokens", a.image_tokens);
    num(4, "image_dim", a.image_dim);
    boolean(4, "image_pos_embedding", a.image_pos_embedding);
    if (run != nullptr) {
      key(4, "config");
      if (run->config_path.empty()) {
        out_ += "null";
      } else {
        str(run->config_path);
      }
    }
    close(2, '}');
  }

  /// Renders `m`'s id into `id_` (as `module_row::id()` does) and returns the length of its
  /// parent's id, which is a prefix of it.
  std::size_t build_id(const module_row& m) {
    id_.assign(m.stage.data(), m.stage.size());
    std::size_t parent_length = 0;
    for (std::size_t i = 0; i < m.path.depth(); ++i) {
      parent_length = id_.size();
      if (!id_.empty()) id_ += '.';
      const path_segment& seg = m.path[i];
      if (seg.name.empty()) {
        json_number(id_, seg.index);
      } else {
        id_.append(seg.name.data(), seg.name.size());
      }
    }
    return parent_length;
  }

  /// Keys are identifiers from the code (contract keys, stage names): no escaping needed.
  void key(std::size_t indent, std::string_view name, bool first = false) {
    if (!first) out_ += ',';
    newline(out_, indent);
    out_ += '"';
    out_.append(name.data(), name.size());
    out_.append("\": ", 3);
  }
  void close(std::size_t indent, char c) {
    newline(out_, indent);
    out_ += c;
  }
  void str(std::string_view s) { json_escape(out_, s); }
  template <class T>
  void num(std::size_t indent, std::string_view name, T v) {
    key(indent, name);
    json_number(out_, v);
  }
  /// A small DOM value (run information), in `pretty`'s layout.
  void value(std::size_t indent, std::string_view name, const boost::json::value& v) {
    key(indent, name);
    pretty(out_, v, indent);
  }
  /// A short array of numbers on one line: `"patch_size": [1, 2, 2]`.
  template <class Array>
  void num_array(std::size_t indent, std::string_view name, const Array& values) {
    key(indent, name);
    out_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i != 0) out_ += ", ";
      json_number(out_, values[i]);
    }
    out_ += ']';
  }
  void boolean(std::size_t indent, std::string_view name, bool v) {
    key(indent, name);
    out_ += v ? "true" : "false";
  }
  template <class T>
  void flat_num(std::string_view name, T v) {
    out_ += ", ";
    str(name);
    out_ += ": ";
    json_number(out_, v);
  }
  /// `{"tensor_flops": 1, ...}`: the fields in declaration order (Hana reflection), each
  /// preceded by its precomputed `"name": ` text.
  void flat(const metrics& m) {
    static const std::array<std::string, metric_field_count> prefixes = [] {
      std::array<std::string, metric_field_count> p{};
      std::size_t i = 0;
      boost::hana::for_each(boost::hana::accessors<metrics>(), [&](auto field) {
        p[i] = std::string(i == 0 ? "{\"" : ", \"") + boost::hana::to<const char*>(boost::hana::first(field)) + "\": ";
        ++i;
      });
      return p;
    }();
    std::size_t i = 0;
    boost::hana::for_each(boost::hana::accessors<metrics>(), [&](auto field) {
      out_.append(prefixes[i++]);
      json_number(out_, static_cast<std::uint64_t>(boost::hana::second(field)(m)));
    });
    out_ += '}';
  }
  static constexpr std::size_t metric_field_count =
      decltype(boost::hana::length(boost::hana::accessors<metrics>()))::value;

  std::string& out_;
  std::string id_;
};

} // namespace detail

/// report.json's text: `pretty_json(to_json(r))`, written without building the DOM.
[[nodiscard]] inline std::string to_json_text(const report_view& r) {
  std::string out;
  out.reserve(r.modules.size() * 640 + 8192);
  detail::report_text_writer(out).write(r);
  return out;
}

} // namespace wanmeter
