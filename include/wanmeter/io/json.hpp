#pragma once
// report.json (schema `wanmeter.report/1`, JSON Schema in schema/report.schema.json): the one
// writer, straight from the report rows and the run (run/analyze.hpp).
//
//   to_json_text(view)  2-space indent, `"key": value`, objects and arrays of scalars on one
//                       line, a trailing newline; integers as JSON integers (exact u64), doubles
//                       in their shortest round-trip form (std::to_chars). Same report ->
//                       byte-identical text. A view without a run (a compile-time report) has
//                       no execution, device, memory or time keys.
//
// Part of the opt-in `wanmeter::json` target.

#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/report/report.hpp>
#include <wanmeter/run/analyze.hpp>
#include <wanmeter/run/levers.hpp>
#include <wanmeter/version.hpp>

#include <boost/hana/accessors.hpp>
#include <boost/hana/first.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/length.hpp>
#include <boost/hana/second.hpp>
#include <boost/hana/string.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace wanmeter {

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
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(v)) throw std::runtime_error("wanmeter: a non-finite number cannot be written as JSON");
  }
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc{}) throw std::runtime_error("wanmeter: cannot format a JSON number");
  out.append(buf.data(), end);
}

inline void newline(std::string& out, std::size_t indent) {
  out += '\n';
  out.append(indent, ' ');
}

/// The one-line JSON objects of wanmeter's files (`{"a": 1, "b": true, "c": null}`): open_flat,
/// then fields, then '}'. report.json's and plan.json's writers (io/plan_json.hpp) build on it.
class flat_object_writer {
public:
  explicit flat_object_writer(std::string& out) : out_(out) {}

protected:
  void str(std::string_view s) { json_escape(out_, s); }
  void open_flat() {
    out_ += '{';
    first_field_ = true;
  }
  void field_key(std::string_view name) {
    if (!first_field_) out_ += ", ";
    first_field_ = false;
    out_ += '"';
    out_.append(name.data(), name.size());
    out_.append("\": ", 3);
  }
  void field(std::string_view name, std::string_view v) {
    field_key(name);
    str(v);
  }
  void field(std::string_view name, const char* v) { field(name, std::string_view(v)); }
  void field(std::string_view name, bool v) {
    field_key(name);
    out_ += v ? "true" : "false";
  }
  void field(std::string_view name, std::nullptr_t) {
    field_key(name);
    out_ += "null";
  }
  template <class T>
    requires std::is_arithmetic_v<T>
  void field(std::string_view name, T v) {
    field_key(name);
    json_number(out_, v);
  }

  std::string& out_;
  bool first_field_ = true;
};

/// Writes report.json's text from the rows and the run, in one pass.
class report_text_writer : flat_object_writer {
public:
  explicit report_text_writer(std::string& out) : flat_object_writer(out) {}

  void write(const report_view& r) {
    const report_header& h = r.header();
    const run_report* run = r.run;
    const bool timed = run != nullptr && run->has_device();
    out_ += '{';
    key(2, "schema", true);
    str(report_schema);
    key(2, "tool");
    open_flat();
    field("name", tool_name);
    field("version", version);
    out_ += '}';
    model(h, run);
    key(2, "workload");
    open_flat();
    if (h.profile_id.empty()) {
      field("profile", nullptr);
    } else {
      field("profile", h.profile_id);
    }
    field("batch", h.w.batch);
    field("frames", h.w.frames);
    field("height", h.w.height);
    field("width", h.w.width);
    field("steps", h.w.steps);
    field("guidance_scale", h.w.guidance_scale);
    field("forwards_per_step", forwards_per_step(h.w));
    if (run != nullptr) {
      const run_plan& p = run->plan;
      field("shift", p.pipeline.shift);
      field("image_width", p.request.options.image_width);
      field("image_height", p.request.options.image_height);
      field("image_input", p.pipeline.vae_encode_calls != 0);
    }
    out_ += '}';
    const bool multi = run != nullptr && !run->plan.layout().single_gpu();
    if (run != nullptr) {
      execution(run->plan, run->plan.has_device() ? &run->plan.roofline.attention : nullptr);
      levers(run->plan);
      assumptions(run->plan);
      device(run->plan.request.device);
      if (multi) parallel(run->plan);
    }
    key(2, "geometry");
    open_flat();
    field("latent_frames", h.geometry.latent_frames);
    field("latent_height", h.geometry.latent_height);
    field("latent_width", h.geometry.latent_width);
    field("tokens_per_frame", h.geometry.tokens_per_frame);
    field("dit_seq_len", h.geometry.dit_seq_len);
    field("batch_tokens", h.geometry.batch_tokens());
    out_ += '}';
    key(2, "stages");
    if (r.core.stage_count == 0) {
      out_ += "{}";
    } else {
      out_ += '{';
      bool first = true;
      for (const stage_row& st : r.core.stage_rows()) {
        key(4, st.name(), first);
        first = false;
        out_ += '{';
        key(6, "calls", true);
        json_number(out_, st.calls);
        key(6, "per_call");
        flat(st.per_call);
        key(6, "total");
        flat(st.total);
        if (multi) {
          key(6, "per_rank");
          out_ += "{\"calls\": ";
          json_number(out_, st.rank_calls);
          out_ += ", \"per_call\": ";
          flat(st.rank_per_call);
          out_ += '}';
        }
        if (run != nullptr) {
          stage_memory_of(*run, st.id);
          if (timed) {
            const stage_time* t = run->time.find(st.id);
            if (t == nullptr) throw std::logic_error("wanmeter: a report stage has no time");
            num(6, "time_s", t->time_s);
            num(6, "time_lower_bound_s", t->time_lower_bound_s);
            if (multi) {
              num(6, "compute_s", t->compute_s);
              num(6, "communication_s", t->communication_s);
            }
          }
        }
        close(4, '}');
      }
      close(2, '}');
    }
    key(2, "totals");
    flat(r.core.totals);
    if (run != nullptr) {
      memory(run->memory);
      if (timed) {
        num(2, "time_s", run->time.time_s);
        num(2, "time_lower_bound_s", run->time.time_lower_bound_s);
        const transfer_time& t = run->time.transfers;
        key(2, "transfers");
        open_flat();
        field("h2d_bytes", t.h2d_bytes);
        field("d2h_bytes", t.d2h_bytes);
        field("time_s", t.time_s);
        field("time_lower_bound_s", t.time_lower_bound_s);
        field("streamed_bytes", t.streamed_bytes);
        field("link_time_s", t.link_time_s);
        out_ += '}';
      }
    }
    if (multi) communication(*run, timed);
    modules(r.modules, timed);
    hotspots_of(r, timed);
    close(0, '}');
    out_ += '\n';
  }

private:
  void model(const report_header& h, const run_report* run) {
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
      const std::string_view config = run->plan.request.config_path;
      if (config.empty()) {
        out_ += "null";
      } else {
        str(config);
      }
    }
    close(2, '}');
  }

  /// `execution`: how the run executes (the CLI's --exec, --weight-dtype, --offload, ...), with
  /// the attention kernel the time assumes (`--attention auto` resolved; null without a device).
  void execution(const run_plan& p, const attention_kernel* kernel) {
    const run_execution& x = p.request.exec;
    key(2, "execution");
    open_flat();
    field("mode", name_of(x.mode));
    field("weight_dtype", name_of(x.dit_weight));
    field("offload", x.offload != offload_policy::none);
    field("offload_policy", name_of(x.offload));
    if (x.offload == offload_policy::block) {
      field("resident_blocks", p.offload.resident_blocks);
    } else {
      field("resident_blocks", nullptr);
    }
    field("vae_tiling", p.vae_tiling.tiled);
    field("t5_cpu", x.t5_cpu);
    field("attention", name_of(x.roofline.attention));
    if (kernel != nullptr) {
      field("attention_kernel", name_of(*kernel));
    } else {
      field("attention_kernel", nullptr);
    }
    field("allow_tf32", x.roofline.allow_tf32);
    field("host_memory", name_of(x.host));
    out_ += '}';
  }

  /// `levers`: weight formats, attention density, step caching and distillation (run/levers.hpp),
  /// and which levers change the output (`lossy`, names of `lossy_lever_names`).
  void levers(const run_plan& p) {
    const run_execution& x = p.request.exec;
    key(2, "levers");
    open_flat();
    field("dit_weight_format", name_of(x.dit_quant));
    field("t5_weight_format", name_of(x.t5_quant));
    field("fp8_gemm", resolve_quant_gemm(x.dit_quant, p.request.device));
    field("attention_density", x.attention_density);
    field("cache_skip", p.request.options.cache_skip);
    field("skipped_steps", p.pipeline.skipped_steps);
    field("skipped_forwards", p.pipeline.skipped_forwards);
    field("distilled", p.request.options.distilled);
    field_key("lossy");
    out_ += '[';
    const unsigned bits = lossy_levers(p.request);
    bool first = true;
    for (const auto& [lever, name] : lossy_lever_names.entries) {
      if ((bits & (1U << static_cast<unsigned>(lever))) == 0) continue;
      if (!first) out_ += ", ";
      first = false;
      str(name);
    }
    out_ += "]}";
  }

  /// `assumptions`: what the time assumes where a user's own measurement may differ: the attention
  /// kernel (null without a device), the TF32 switches, and that the time is one warm run
  /// (no first-call CUDA/cuDNN initialisation, autotuning or torch.compile) without loading the
  /// checkpoints from disk (the offload policy's host-to-device moves are in it).
  void assumptions(const run_plan& p) {
    key(2, "assumptions");
    open_flat();
    if (p.has_device()) {
      field("attention_kernel", name_of(p.roofline.attention));
    } else {
      field("attention_kernel", nullptr);
    }
    field("allow_tf32", p.roofline.allow_tf32);
    field("allow_tf32_conv", p.roofline.allow_tf32_conv);
    field("warm_up_included", false);
    field("load_time_included", false);
    field("torch_compile", false);
    out_ += '}';
  }

  /// `device`: the chosen device and its key figures, or null.
  void device(const device_spec* d) {
    key(2, "device");
    if (d == nullptr) {
      out_ += "null";
      return;
    }
    open_flat();
    field("id", d->id);
    field("name", d->name);
    field("generation", name_of(d->generation));
    field("bf16_tensor_flops", d->bf16_tensor_flops);
    field("fp8_tensor_flops", d->fp8_tensor_flops);
    field("tf32_tensor_flops", d->tf32_tensor_flops);
    field("fp32_flops", d->fp32_flops);
    field("fp64_flops", d->fp64_flops);
    field("sfu_ops", d->sfu_ops);
    field("memory_bandwidth", d->memory_bandwidth);
    field("memory_capacity", d->memory_capacity);
    field("host_link_bandwidth", d->host_link_bandwidth);
    field("host_link", d->host_link);
    out_ += '}';
  }

  /// `parallel`: the layout of a multi-GPU run (run/parallel.hpp).
  void parallel(const run_plan& p) {
    const parallel_layout& l = p.layout();
    key(2, "parallel");
    open_flat();
    field("world_size", l.world_size());
    field("ulysses_size", l.ulysses);
    field("ring_size", l.ring);
    field("cfg_size", l.cfg);
    field("dit_fsdp", l.dit_fsdp);
    field("t5_fsdp", l.t5_fsdp);
    field("parallel_vae", l.parallel_vae);
    field("padded_seq_len", p.padded_seq_len);
    if (p.has_device()) {
      const cluster_spec cl = cluster_of(p);
      field("interconnect", interconnect_of(p).id);
      field("nodes", cl.nodes);
      if (cl.nodes > 1) {
        field("network", cl.network->id);
      } else {
        field("network", nullptr);
      }
    } else {
      field("interconnect", nullptr);
      field("nodes", nullptr);
      field("network", nullptr);
    }
    out_ += '}';
  }

  /// `communication`: the collectives of the busiest rank (run/communication.hpp).
  void communication(const run_report& run, bool timed) {
    key(2, "communication");
    const auto list = run.plan.collective_list();
    if (list.empty()) {
      out_ += "[]";
      return;
    }
    out_ += '[';
    for (std::size_t i = 0; i < list.size(); ++i) {
      const planned_collective& c = list[i];
      if (i != 0) out_ += ',';
      newline(out_, 4);
      open_flat();
      field("stage", name_of(c.stage));
      field("collective", name_of(c.kind));
      field("purpose", name_of(c.purpose));
      field("module", c.module);
      field("group", c.group);
      field("calls", c.calls);
      field("message_bytes", c.message_bytes);
      field("bytes_per_call", c.bytes_per_call);
      if (timed) {
        field("time_s", run.time.collectives[i].total_s);
        field("exposed_s", run.time.collectives[i].exposed_s);
      }
      out_ += '}';
    }
    close(2, ']');
  }

  /// `stages.<name>.memory`.
  void stage_memory_of(const run_report& run, stage_id id) {
    key(6, "memory");
    const stage_memory* s = run.memory.find(id);
    if (s == nullptr) {
      out_ += "null";
      return;
    }
    open_flat();
    field("on_host", s->on_host);
    field("weights_bytes", s->weights_bytes);
    field("peak_activation_bytes", s->peak_activation_bytes);
    field("resident_weights_bytes", s->resident_weights_bytes);
    field("peak_bytes", s->peak_bytes);
    out_ += '}';
  }

  /// Top-level `memory`: the run's peak device memory (perf/memory.hpp).
  void memory(const pipeline_memory& m) {
    key(2, "memory");
    open_flat();
    field("weights_bytes", m.weights_bytes);
    field("peak_activation_bytes", m.peak_activation_bytes);
    field("peak_bytes", m.peak_bytes);
    if (m.has_device) {
      field("device_bytes", m.device_bytes);
      field("fits", m.fits);
    } else {
      field("device_bytes", nullptr);
      field("fits", nullptr);
    }
    if (m.stage_count == 0) {
      field("peak_stage", nullptr);
    } else {
      field("peak_stage", name_of(m.stages[m.peak_stage].stage));
    }
    field("host_bytes", m.host_bytes);
    field("vae_decode_bytes", m.vae_decode_bytes);
    field("vae_decode_untiled_bytes", m.vae_decode_untiled_bytes);
    out_ += '}';
  }

  void modules(std::span<const module_row> rows, bool timed) {
    key(2, "modules");
    if (rows.empty()) {
      out_ += "[]";
      return;
    }
    out_ += '[';
    bool first = true;
    for (const module_row& m : rows) {
      if (!first) out_ += ',';
      first = false;
      newline(out_, 4);
      out_ += '{';
      key(6, "id", true);
      id_.clear();
      write_id(id_, name_of(m.stage), m.path);
      str(id_);
      key(6, "parent");
      if (m.has_parent()) {
        id_.clear();
        write_id(id_, name_of(m.stage), m.path, m.path.depth() - 1);
        str(id_);
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
        num(6, "time_s", m.time.time_s);
        num(6, "time_lower_bound_s", m.time.lower_bound_s);
        key(6, "bound");
        str(name_of(m.time.bound_by));
      }
      close(4, '}');
    }
    close(2, ']');
  }

  void hotspots_of(const report_view& r, bool timed) {
    const hotspots& hot = r.core.hot;
    key(2, "hotspots");
    out_ += '{';
    key(4, "ranked_by", true);
    str(name_of(hot.ranked_by));
    key(4, "leaves");
    if (hot.top_leaf_count == 0) {
      out_ += "[]";
    } else {
      out_ += '[';
      for (std::size_t i = 0; i < hot.top_leaf_count; ++i) {
        const module_row& m = r.modules[hot.top_leaves[i]];
        if (i != 0) out_ += ',';
        newline(out_, 6);
        out_ += '{';
        key(8, "id", true);
        id_.clear();
        write_id(id_, name_of(m.stage), m.path);
        str(id_);
        key(8, "kind");
        str(m.kind);
        key(8, "category");
        str(name_of(m.cat));
        key(8, "total");
        flat(m.total);
        if (timed) num(8, "time_s", m.time.time_s);
        close(6, '}');
      }
      close(4, ']');
    }
    key(4, "categories");
    if (hot.top_category_count == 0) {
      out_ += "[]";
    } else {
      out_ += '[';
      for (std::size_t i = 0; i < hot.top_category_count; ++i) {
        const category_row& c = hot.top_categories[i];
        if (i != 0) out_ += ',';
        newline(out_, 6);
        out_ += '{';
        key(8, "category", true);
        str(name_of(c.cat));
        key(8, "leaves");
        json_number(out_, c.leaves);
        key(8, "total");
        flat(c.total);
        if (timed) num(8, "time_s", c.time_s);
        close(6, '}');
      }
      close(4, ']');
    }
    close(2, '}');
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
  template <class T>
  void num(std::size_t indent, std::string_view name, T v) {
    key(indent, name);
    json_number(out_, v);
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
  /// `{"tensor_flops": 1, ...}`: the fields in declaration order (Hana reflection), each
  /// preceded by its precomputed `"name": ` text.
  void flat(const metrics& m) {
    static const std::array<std::string, metric_field_count> prefixes = [] {
      std::array<std::string, metric_field_count> p{};
      std::size_t i = 0;
      boost::hana::for_each(boost::hana::accessors<metrics>(), [&](auto accessor) {
        p[i] = std::string(i == 0 ? "{\"" : ", \"") + boost::hana::to<const char*>(boost::hana::first(accessor)) + "\": ";
        ++i;
      });
      return p;
    }();
    std::size_t i = 0;
    boost::hana::for_each(boost::hana::accessors<metrics>(), [&](auto accessor) {
      out_.append(prefixes[i++]);
      json_number(out_, static_cast<std::uint64_t>(boost::hana::second(accessor)(m)));
    });
    out_ += '}';
  }
  static constexpr std::size_t metric_field_count =
      decltype(boost::hana::length(boost::hana::accessors<metrics>()))::value;

  std::string id_;
};

} // namespace detail

/// report.json's text.
[[nodiscard]] inline std::string to_json_text(const report_view& r) {
  std::string out;
  out.reserve(r.modules.size() * 640 + 8192);
  detail::report_text_writer(out).write(r);
  return out;
}

} // namespace wanmeter
