#pragma once
// plan.md: the answer of `wanmeter plan` (run/plan_search.hpp) for a reader.
//
//   # Plan               the question (model, workload, devices, GPU counts, limits)
//   ## Best plan         the fastest that fits, with its `wanmeter analyze` command and the
//                        official command (or why the official code cannot run it); the fastest
//                        plan the official code can run, when that is another one
//   ## Nothing fits      (instead, when nothing fits) the changes that would fit, recommended first
//   ## Pareto front      every candidate on the front of (time, GPUs, GB per GPU), by time
//   ## Fastest per GPU count
//   ## Why the others were dropped
//   ## Assumptions
//
// GB are 10^9 bytes. Part of the opt-in `wanmeter::json` target.

#include <wanmeter/io/number_text.hpp>
#include <wanmeter/io/plan_json.hpp>
#include <wanmeter/run/plan_search.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace wanmeter {

namespace detail {

[[nodiscard]] inline std::string gb(count bytes) { return fixed(static_cast<double>(bytes) / 1e9, 1); }

[[nodiscard]] inline std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

[[nodiscard]] inline std::string workload_text(const workload& w) {
  std::string s = std::to_string(w.width) + "x" + std::to_string(w.height) + ", " + std::to_string(w.frames) +
                  " frames, " + std::to_string(w.steps) + " steps, guidance " + shortest(w.guidance_scale);
  if (w.batch != 1) s += ", batch " + std::to_string(w.batch);
  return s;
}

/// One candidate as a paragraph: time, GPUs, memory, cost, commands.
inline void candidate_paragraph(std::string& s, const plan_question& q, const plan_candidate& c, const workload& w) {
  s += "**" + fixed(c.time.time_s, 1) + " s** on " + std::to_string(c.gpus) + " x " + std::string(c.device->id) +
       ": " + gb(c.peak_bytes) + " GB per GPU at the peak (" + std::string(name_of(c.peak_stage)) + ", limit " +
       gb(c.vram_limit) + " GB), " + gb(c.host_bytes) + " GB of host RAM";
  if (q.priced()) s += ", " + fixed(c.cost_per_video, 2) + " per video";
  s += c.lossy ? " (lossy)" : "";
  s += ".\n\n```\nwanmeter analyze " + joined(analyze_args(q, c, w)) + "\n```\n\n";
  if (const auto cmd = official_command(q, c, w)) {
    s += "Official code";
    if (c.exec.roofline.attention == attention_kernel::flash_attention_3) {
      s += " (it runs FlashAttention 3 when `flash_attn_interface` is installed, else FlashAttention 2)";
    }
    s += ":\n\n```\n" + *cmd + "\n```\n\n";
  } else {
    s += "The official code cannot run this plan (an option, a layout or a size it does not have).\n\n";
  }
}

inline void table_header(std::string& s, bool priced) {
  s += "| time s | GPUs | device | GB per GPU | host GB |";
  if (priced) s += " cost per video |";
  s += " layout |";
  for (const plan_axis& a : plan_axes) s.append(" ").append(a.name).append(" |");
  s += " official |\n|---|---|---|---|---|";
  if (priced) s += "---|";
  s += "---|";
  for (std::size_t i = 0; i < plan_axis_count; ++i) s += "---|";
  s += "---|\n";
}

inline void table_row(std::string& s, const plan_question& q, const plan_candidate& c, const workload& w) {
  s += "| " + fixed(c.time.time_s, 1) + " | " + std::to_string(c.gpus) + " | " + std::string(c.device->id) + " | " +
       gb(c.peak_bytes) + " | " + gb(c.host_bytes) + " |";
  if (q.priced()) s.append(" ").append(fixed(c.cost_per_video, 2)).append(" |");
  s.append(" ").append(layout_label(c.layout)).append(" |");
  for (std::size_t i = 0; i < plan_axis_count; ++i) s.append(" ").append(c.value(i).name).append(" |");
  s += official_command(q, c, w) ? " yes |\n" : " no |\n";
}

} // namespace detail

/// plan.md's text for search result `r`.
[[nodiscard]] inline std::string to_plan_markdown(const plan_result& r) {
  using namespace detail;
  const plan_question& q = r.question;
  std::string s;
  s += "# Plan: " + std::string(q.base.model.id) + ", " + workload_text(r.w) + "\n\n";
  std::string devices;
  for (const device_spec* d : q.devices) devices += (devices.empty() ? "" : ", ") + std::string(d->id);
  std::string counts;
  for (const count n : q.gpus) counts += (counts.empty() ? "" : ", ") + std::to_string(n);
  s += "Devices: " + devices + "; GPU counts: " + counts + "; VRAM limit per GPU: " +
       (q.vram_bytes == 0 ? std::string("the device's memory") : gb(q.vram_bytes) + " GB (at most the device's)") +
       "; host RAM: " + (q.host_ram_bytes == 0 ? std::string("no limit") : gb(q.host_ram_bytes) + " GB") +
       "; lossy options: " + (q.allow_lossy ? "allowed" : "not allowed") + ".\n\n";

  std::size_t front = 0;
  std::size_t fitting = 0;
  for (const plan_candidate& c : r.candidates) {
    front += c.pareto ? 1 : 0;
    fitting += c.fits ? 1 : 0;
  }
  if (r.best) {
    s += "## Best plan\n\n";
    candidate_paragraph(s, q, r.candidates[*r.best], r.w);
    if (!official_command(q, r.candidates[*r.best], r.w)) {
      for (const plan_candidate& c : r.candidates) { // sorted: the first official one is the fastest
        if (c.fits && official_command(q, c, r.w)) {
          s += "Fastest plan the official code runs: ";
          candidate_paragraph(s, q, c, r.w);
          break;
        }
      }
    }
  } else {
    s += "## Nothing fits\n\n";
    s += "No candidate fits the limits. ";
    if (r.advice.changes.empty()) {
      s += "No change searched would fit either: more GPUs (up to 64), " +
           std::string(q.allow_lossy ? "" : "lossy options, ") + "fewer frames or a lower resolution.\n\n";
    } else {
      s += "The smallest change that would fit (preferring changes that keep the output asked for: more GPUs, "
           "then a lossy option, then fewer frames, then a lower resolution):\n\n";
      for (std::size_t i = 0; i < r.advice.changes.size(); ++i) {
        const plan_change& c = r.advice.changes[i];
        s += std::string(i == 0 ? "- **recommended**: " : "- ");
        switch (c.kind) {
        case advice_kind::more_gpus: s += std::to_string(c.candidate.gpus) + " GPUs"; break;
        case advice_kind::lossy: s += "accept a lossy option (`--allow-lossy`)"; break;
        case advice_kind::fewer_frames: s += std::to_string(c.w.frames) + " frames"; break;
        case advice_kind::lower_resolution:
          s += std::to_string(c.w.width) + "x" + std::to_string(c.w.height);
          break;
        }
        s += ": ";
        candidate_paragraph(s, q, c.candidate, c.w);
      }
      const auto missing = [&](advice_kind k) {
        return std::none_of(r.advice.changes.begin(), r.advice.changes.end(),
                            [&](const plan_change& c) { return c.kind == k; });
      };
      std::string none;
      if (missing(advice_kind::more_gpus)) none += "more GPUs (up to 64)";
      if (!q.allow_lossy && missing(advice_kind::lossy)) none += std::string(none.empty() ? "" : ", ") + "a lossy option";
      if (missing(advice_kind::fewer_frames)) none += std::string(none.empty() ? "" : ", ") + "fewer frames";
      if (missing(advice_kind::lower_resolution)) none += std::string(none.empty() ? "" : ", ") + "a lower resolution";
      if (!none.empty()) s += "Would not fit either: " + none + ".\n\n";
    }
  }

  s += "## Pareto front\n\n";
  s += std::to_string(front) + " of the " + std::to_string(fitting) +
       " fitting candidates are on the front of (time, GPUs, GB per GPU): none of the others is at least as "
       "good on all three and better on one. By time:\n\n";
  if (front > 0) {
    table_header(s, q.priced());
    for (const plan_candidate& c : r.candidates) {
      if (c.pareto) table_row(s, q, c, r.w);
    }
    s += "\n";
  }

  s += "## Fastest per GPU count\n\n";
  table_header(s, q.priced());
  for (const device_spec* d : q.devices) {
    for (const count n : q.gpus) {
      for (const plan_candidate& c : r.candidates) { // sorted: fitting first, by time
        if (c.device == d && c.gpus == n) {
          if (c.fits) table_row(s, q, c, r.w);
          break;
        }
      }
    }
  }
  s += "\n";

  const plan_drops& dr = r.drops;
  s += "## Why the others were dropped\n\n";
  s += "- " + std::to_string(r.candidates.size()) + " candidates evaluated (" + std::to_string(r.plans_made) +
       " run plans), " + std::to_string(fitting) + " fit, " + std::to_string(front) + " on the front.\n";
  s += "- " + std::to_string(dr.dominated) + " fit but are dominated by a candidate on the front.\n";
  s += "- " + std::to_string(dr.over_vram) + " need more than the VRAM limit per GPU.\n";
  s += "- " + std::to_string(dr.over_host) + " fit the VRAM but need more than the host RAM limit.\n";
  s += "- " + std::to_string(dr.lossy) + " use a lossy option (quantised weights, SageAttention2, TF32) and were not evaluated" +
       (q.allow_lossy ? "" : " (`--allow-lossy` admits them)") + ".\n";
  s += "- " + std::to_string(dr.illegal) +
       " combinations are not legal (FlashAttention 3 off Hopper, `--t5-cpu` with `--t5-fsdp`, a GPU count "
       "that is not a whole number of nodes or a group across a node boundary).\n\n";

  s += "## Assumptions\n\n";
  for (const plan_assumption& a : plan_assumptions) s.append("- ").append(a.key).append(": ").append(a.text).append(".\n");
  return s;
}

} // namespace wanmeter
