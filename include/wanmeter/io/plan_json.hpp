#pragma once
// plan.json (schema `wanmeter.plan/1`, JSON Schema in schema/plan.schema.json): the answer of
// `wanmeter plan` (run/plan_search.hpp), written from the search result in one pass.
//
//   schema, tool        "wanmeter.plan/1", name and version
//   question            model, config, workload, devices, GPU counts, interconnect, network, host memory,
//                       the limits (null when not given), allow_lossy, the price (null: none)
//   assumptions         what every time assumes (attention kernel, TF32, warm-up and load time
//                       excluded, the host bytes counted)
//   axes                every axis with its values: lossy flag, analyze flags, generate.py flags
//   counts              candidates, fitting, on the front, plans made, and why the others dropped
//   best                the fastest fitting candidate, or null
//   advice              null when something fits; else the changes that would fit, in order of
//                       preference (the first is the recommendation), each with its candidate
//   candidates          every permitted candidate, fitting first, then by time; one per line
//
// A candidate: gpus, device, layout, options (each axis's value), args (the `wanmeter analyze`
// arguments that reproduce it), official (the generate.py command, or null), time_s,
// time_lower_bound_s, communication_s, transfer_s, peak_bytes, peak_stage, vram_limit_bytes,
// host_bytes, fits, fits_vram, fits_host_ram, pareto, lossy, cost_per_video (null without a price).
// Integers are exact; doubles in their shortest round-trip form; same question -> same bytes.
//
// Part of the opt-in `wanmeter::json` target.

#include <wanmeter/io/json.hpp>
#include <wanmeter/run/plan_search.hpp>
#include <wanmeter/version.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace wanmeter {

/// The `schema` value of plan.json.
inline constexpr std::string_view plan_schema = "wanmeter.plan/1";

/// The assumptions every time of a plan makes, as plan.json and plan.md state them.
struct plan_assumption {
  std::string_view key;
  std::string_view text;
};

inline constexpr std::array<plan_assumption, 6> plan_assumptions{{
    {"attention_kernel",
     "searched: FlashAttention 2 everywhere, FlashAttention 3 on Hopper; each candidate names its kernel "
     "(`--attention`), with the efficiency of perf/efficiency.hpp"},
    {"tf32", "off (PyTorch's default for matmuls) unless a candidate says `--allow-tf32` (lossy); cuDNN convolutions "
             "use TF32 (PyTorch's default)"},
    {"warm_up", "excluded: steady-state kernels, no first-call compilation, autotuning or allocator growth"},
    {"load_time", "excluded: checkpoint loading and model initialisation are not part of a generate call"},
    {"time", "end to end of one generate call on the busiest rank: text encoder, image encoder, VAE encode, "
             "DiT steps, VAE decode, exposed communication and offload transfers"},
    {"host_bytes", "host RAM over all ranks: offloaded models (all on the host during the VAE decode) and the "
                   "text encoder on the CPU; not the processes, checkpoint loading or staging buffers"},
}};

namespace detail {

class plan_text_writer : flat_object_writer {
public:
  explicit plan_text_writer(std::string& out) : flat_object_writer(out) {}

  void write(const plan_result& r) {
    const plan_question& q = r.question;
    out_ += "{\n  \"schema\": ";
    str(plan_schema);
    out_ += ",\n  \"tool\": {\"name\": ";
    str(tool_name);
    out_ += ", \"version\": ";
    str(version);
    out_ += "},\n  \"question\": ";
    question(r);
    out_ += ",\n  \"assumptions\": {";
    for (std::size_t i = 0; i < plan_assumptions.size(); ++i) {
      out_ += i == 0 ? "\n    " : ",\n    ";
      str(plan_assumptions[i].key);
      out_ += ": ";
      str(plan_assumptions[i].text);
    }
    out_ += "\n  },\n  \"axes\": [";
    for (std::size_t i = 0; i < plan_axis_count; ++i) {
      const plan_axis& a = plan_axes[i];
      out_ += i == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ";
      str(a.name);
      out_ += ", \"time_only\": ";
      out_ += a.time_only ? "true" : "false";
      out_ += ", \"values\": [";
      for (std::size_t j = 0; j < a.values.size(); ++j) {
        const axis_value& v = a.values[j];
        out_ += j == 0 ? "{\"name\": " : ", {\"name\": ";
        str(v.name);
        out_ += ", \"lossy\": ";
        out_ += v.lossy ? "true" : "false";
        out_ += ", \"args\": ";
        str(v.args);
        out_ += ", \"official\": ";
        if (v.support == official_support::no) {
          out_ += "null";
        } else {
          str(v.official);
        }
        out_ += '}';
      }
      out_ += "]}";
    }
    out_ += "\n  ],\n  \"counts\": ";
    count fits = 0;
    count pareto = 0;
    for (const plan_candidate& c : r.candidates) {
      fits += c.fits ? 1 : 0;
      pareto += c.pareto ? 1 : 0;
    }
    open_flat();
    field("candidates", static_cast<count>(r.candidates.size()));
    field("fits", fits);
    field("pareto", pareto);
    field("plans_made", r.plans_made);
    out_ += ", \"dropped\": ";
    open_flat();
    field("illegal", r.drops.illegal);
    field("lossy_not_allowed", r.drops.lossy);
    field("over_vram", r.drops.over_vram);
    field("over_host_ram", r.drops.over_host);
    field("dominated", r.drops.dominated);
    out_ += "}},\n  \"best\": ";
    if (r.best) {
      candidate(q, r.candidates[*r.best], r.w);
    } else {
      out_ += "null";
    }
    out_ += ",\n  \"advice\": ";
    if (!r.advice.searched) {
      out_ += "null";
    } else {
      open_flat();
      if (r.advice.changes.empty()) {
        field("recommended", nullptr);
      } else {
        field("recommended", name_of(r.advice.changes.front().kind));
      }
      out_ += ", \"changes\": [";
      for (std::size_t i = 0; i < r.advice.changes.size(); ++i) {
        const plan_change& c = r.advice.changes[i];
        out_ += i == 0 ? "\n    {\"kind\": " : ",\n    {\"kind\": ";
        str(name_of(c.kind));
        out_ += ", \"workload\": ";
        work(c.w);
        out_ += ", \"candidate\": ";
        candidate(q, c.candidate, c.w);
        out_ += '}';
      }
      out_ += r.advice.changes.empty() ? "]}" : "\n  ]}";
    }
    out_ += ",\n  \"candidates\": [";
    for (std::size_t i = 0; i < r.candidates.size(); ++i) {
      out_ += i == 0 ? "\n    " : ",\n    ";
      candidate(q, r.candidates[i], r.w);
    }
    out_ += r.candidates.empty() ? "]\n}\n" : "\n  ]\n}\n";
  }

private:
  void work(const workload& w) {
    open_flat();
    field("batch", w.batch);
    field("frames", w.frames);
    field("height", w.height);
    field("width", w.width);
    field("steps", w.steps);
    field("guidance_scale", w.guidance_scale);
    out_ += '}';
  }

  void question(const plan_result& r) {
    const plan_question& q = r.question;
    const run_request& b = q.base;
    open_flat();
    field("model", b.model.id);
    if (b.config_path.empty()) {
      field("config", nullptr);
    } else {
      field("config", b.config_path);
    }
    if (b.profile_id.empty()) {
      field("profile", nullptr);
    } else {
      field("profile", b.profile_id);
    }
    out_ += ", \"workload\": ";
    work(r.w);
    if (b.options.shift == 0.0) {
      field("shift", nullptr);
    } else {
      field("shift", b.options.shift);
    }
    field("image_width", b.options.image_width);
    field("image_height", b.options.image_height);
    field("image_input", b.options.image_input);
    out_ += ", \"devices\": [";
    for (std::size_t i = 0; i < q.devices.size(); ++i) {
      if (i > 0) out_ += ", ";
      str(q.devices[i]->id);
    }
    out_ += "], \"gpus\": [";
    for (std::size_t i = 0; i < q.gpus.size(); ++i) {
      if (i > 0) out_ += ", ";
      json_number(out_, q.gpus[i]);
    }
    out_ += ']';
    if (b.interconnect == nullptr) {
      field("interconnect", nullptr);
    } else {
      field("interconnect", b.interconnect->id);
    }
    if (b.network == nullptr) {
      field("network", nullptr);
    } else {
      field("network", b.network->id);
    }
    field("host_memory", name_of(b.exec.host));
    if (q.vram_bytes == 0) {
      field("vram_bytes", nullptr);
    } else {
      field("vram_bytes", q.vram_bytes);
    }
    if (q.host_ram_bytes == 0) {
      field("host_ram_bytes", nullptr);
    } else {
      field("host_ram_bytes", q.host_ram_bytes);
    }
    field("allow_lossy", q.allow_lossy);
    if (q.priced()) {
      field("price_per_gpu_hour", q.price_per_gpu_hour);
    } else {
      field("price_per_gpu_hour", nullptr);
    }
    out_ += '}';
  }

  void candidate(const plan_question& q, const plan_candidate& c, const workload& w) {
    open_flat();
    field("gpus", c.gpus);
    field("device", c.device->id);
    out_ += ", \"layout\": ";
    open_flat();
    field("ulysses", c.layout.ulysses);
    field("ring", c.layout.ring);
    field("cfg", c.layout.cfg);
    field("dit_fsdp", c.layout.dit_fsdp);
    field("t5_fsdp", c.layout.t5_fsdp);
    out_ += "}, \"options\": {";
    for (std::size_t i = 0; i < plan_axis_count; ++i) {
      if (i > 0) out_ += ", ";
      str(plan_axes[i].name);
      out_ += ": ";
      str(c.value(i).name);
    }
    out_ += "}, \"args\": [";
    const std::vector<std::string> args = analyze_args(q, c, w);
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i > 0) out_ += ", ";
      str(args[i]);
    }
    out_ += ']';
    if (const std::optional<std::string> cmd = official_command(q, c, w)) {
      field("official", *cmd);
    } else {
      field("official", nullptr);
    }
    field("time_s", c.time.time_s);
    field("time_lower_bound_s", c.time.time_lower_bound_s);
    field("communication_s", c.time.communication_s);
    field("transfer_s", c.time.transfer_s);
    field("peak_bytes", c.peak_bytes);
    field("peak_stage", name_of(c.peak_stage));
    field("vram_limit_bytes", c.vram_limit);
    field("host_bytes", c.host_bytes);
    field("fits", c.fits);
    field("fits_vram", c.fits_vram);
    field("fits_host_ram", c.fits_host);
    field("pareto", c.pareto);
    field("lossy", c.lossy);
    if (q.priced()) {
      field("cost_per_video", c.cost_per_video);
    } else {
      field("cost_per_video", nullptr);
    }
    out_ += '}';
  }

};

} // namespace detail

/// plan.json's text for search result `r`.
[[nodiscard]] inline std::string to_plan_json_text(const plan_result& r) {
  std::string out;
  out.reserve(1024 + r.candidates.size() * 700);
  detail::plan_text_writer w(out);
  w.write(r);
  return out;
}

} // namespace wanmeter
