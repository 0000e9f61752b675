#pragma once
// summary.md: the headline figures of a report in human units (PFLOP = 1e15 FLOP, GB = 1e9 B),
// the per-stage table, the hotspots, the breakdown of one DiT block and what is (not) modelled.
// A report with run information (report/run.hpp) adds the execution settings, a memory table
// (per stage: resident weights, activations, peak) and, with a device, the time of each stage
// and links to the charts written next to it (`roofline.svg`, `stage_times.svg`).
// Deterministic: the same report gives the same text.

#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/io/json.hpp> // detail::utf8_sequence_length
#include <wanmeter/io/number_text.hpp>
#include <wanmeter/report/report.hpp>
#include <wanmeter/run/analyze.hpp>
#include <wanmeter/run/levers.hpp>
#include <wanmeter/run/scaling.hpp>
#include <wanmeter/version.hpp>

#include <array>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

namespace wanmeter {

namespace detail {

/// The offload policy of a run in words (perf/offload_policy.hpp).
[[nodiscard]] inline std::string offload_text(const run_plan& p) {
  const offload_plan& o = p.offload;
  switch (o.policy) {
  case offload_policy::none: return "no offload";
  case offload_policy::model: return "offload between stages";
  case offload_policy::block:
    return "block offload (" + std::to_string(o.resident_blocks) + " of " + std::to_string(o.dit_blocks) +
           " DiT blocks resident, " + std::to_string(o.streamed_blocks) + " streamed every forward)";
  case offload_policy::sequential: return "sequential offload (each module's weights moved in before every call)";
  }
  return "?";
}

/// 6523436592005120 -> "6,523,436,592,005,120"
[[nodiscard]] inline std::string grouped(count v) {
  const std::string digits = std::to_string(v);
  std::string s;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

/// A count in the largest decimal unit that keeps it >= 1: "6.523 P", "12.40 T", "512".
[[nodiscard]] inline std::string scaled(count v, std::string_view unit) {
  constexpr std::array<std::pair<double, std::string_view>, 6> units{
      {{1e18, "E"}, {1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}};
  const auto d = static_cast<double>(v);
  for (const auto& [scale, prefix] : units) {
    if (d >= scale) return fixed(d / scale, 3) + " " + std::string(prefix) + std::string(unit);
  }
  return std::to_string(v) + " " + std::string(unit);
}

[[nodiscard]] inline std::string percent(count part, count whole) {
  if (whole == 0) return "-";
  return fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + " %";
}

[[nodiscard]] inline count flops(const metrics& m) { return checked_add(m.tensor_flops, m.vector_flops); }

/// `text` as one Markdown code span that nothing in it can end or break: control characters
/// (a newline would start a new block, `\n# x` a heading) written as `\xNN`, a byte that starts
/// no well-formed UTF-8 sequence as U+FFFD (as in report.json), and a delimiter one
/// backtick longer than the longest run of backticks inside (CommonMark 6.1), padded with a
/// space when the text starts or ends with a backtick. `a`b` -> "`` a`b ``".
[[nodiscard]] inline std::string markdown_code_span(std::string_view text) {
  std::string body;
  std::size_t run = 0;
  std::size_t longest = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    const auto c = static_cast<unsigned char>(ch);
    run = ch == '`' ? run + 1 : 0;
    longest = run > longest ? run : longest;
    if (c < 0x20U || c == 0x7fU) {
      constexpr std::string_view hex = "0123456789abcdef";
      body += "\\x";
      body += hex[c >> 4U];
      body += hex[c & 0xFU];
    } else if (c >= 0x80U) {
      const std::size_t n = utf8_sequence_length(text.substr(i));
      if (n == 0) {
        body += "\xEF\xBF\xBD"; // U+FFFD
      } else {
        body.append(text.substr(i, n));
        i += n - 1;
      }
    } else {
      body += ch;
    }
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

} // namespace detail

/// The text of summary.md.
/// With `scaling` (run/scaling.hpp), a multi-GPU run's section compares with the same run on
/// fewer GPUs.
[[nodiscard]] inline std::string to_summary_markdown(const report_view& r, std::span<const scaling_point> scaling = {}) {
  using detail::fixed;
  using detail::grouped;
  using detail::percent;
  using detail::scaled;
  const report_header& h = r.header();
  const metrics& t = r.core.totals;
  const stage_row* dit = r.core.first_dit(); // the experts of A14B have the same per-call cost
  count dit_forwards = 0;
  count skipped_forwards = 0; // step caching (the *_skipped stages)
  const stage_row* skipped = nullptr;
  for (const stage_row& st : r.core.stage_rows()) {
    if (is_dit(st.id)) dit_forwards = checked_add(dit_forwards, st.calls);
    if (kind_of(st.id) == stage_kind::dit_skipped) {
      skipped_forwards = checked_add(skipped_forwards, st.calls);
      if (skipped == nullptr) skipped = &st;
    }
  }
  std::string s;
  s.reserve(8192);
  const auto line = [&](const std::string& text = {}) {
    s += text;
    s += '\n';
  };

  line("# wanmeter static analysis: " + std::string(h.model_id) +
       (h.profile_id.empty() ? std::string{} : " on " + std::string(h.profile_id)));
  line();
  line(std::string(h.model_description) + ". Workload: " + std::to_string(h.w.width) + "x" +
       std::to_string(h.w.height) + ", " + std::to_string(h.w.frames) + " frames, " + std::to_string(h.w.steps) +
       (h.w.steps == 1 ? " step" : " steps") + ", batch " + std::to_string(h.w.batch) + ", guidance scale " + fixed(h.w.guidance_scale, 2) + " (" +
       std::to_string(forwards_per_step(h.w)) + " DiT forward" + (forwards_per_step(h.w) == 1 ? "" : "s") +
       " per step). Generated by " + std::string(tool_name) + " " + std::string(version) +
       " (report schema `" + std::string(report_schema) + "`); exact integers are in report.json.");
  line();
  line("## Headline");
  line();
  line("| figure | value | exact |");
  line("|---|---:|---:|");
  line("| latents (frames x height x width) | " + std::to_string(h.geometry.latent_frames) + " x " +
       std::to_string(h.geometry.latent_height) + " x " + std::to_string(h.geometry.latent_width) + " | |");
  line("| DiT tokens per sample (L) | " + grouped(h.geometry.dit_seq_len) + " | |");
  if (dit != nullptr) {
    line("| DiT forwards per run" + std::string(skipped != nullptr ? " (computed)" : "") + " | " + grouped(dit_forwards) +
         " | |");
    line("| FLOPs per DiT forward (tensor + vector) | " + fixed(static_cast<double>(detail::flops(dit->per_call)) / 1e15, 3) +
         " PFLOP | " + grouped(detail::flops(dit->per_call)) + " |");
    if (skipped != nullptr) {
      line("| DiT forwards skipped by step caching | " + grouped(skipped_forwards) + " | |");
      line("| FLOPs per skipped forward (embeddings, cache, head) | " +
           fixed(static_cast<double>(detail::flops(skipped->per_call)) / 1e12, 3) + " TFLOP | " +
           grouped(detail::flops(skipped->per_call)) + " |");
    }
    line("| tensor FLOPs per DiT forward | " + fixed(static_cast<double>(dit->per_call.tensor_flops) / 1e15, 3) +
         " PFLOP | " + grouped(dit->per_call.tensor_flops) + " |");
  }
  line("| FLOPs per run (tensor + vector) | " + fixed(static_cast<double>(detail::flops(t)) / 1e15, 3) + " PFLOP | " +
       grouped(detail::flops(t)) + " |");
  line("| tensor FLOPs per run | " + fixed(static_cast<double>(t.tensor_flops) / 1e15, 3) + " PFLOP | " +
       grouped(t.tensor_flops) + " |");
  line("| memory traffic per run (read + written) | " + scaled(t.bytes(), "B") + " | " + grouped(t.bytes()) + " |");
  line("| weights | " + fixed(static_cast<double>(t.weight_bytes) / 1e9, 3) + " GB | " + grouped(t.weight_bytes) + " |");
  line("| parameters | " + fixed(static_cast<double>(t.parameters) / 1e9, 3) + " B | " + grouped(t.parameters) + " |");
  line();

  line("## Stages");
  line();
  line("| stage | calls | FLOPs per call | FLOPs total | tensor share | traffic total | weights |");
  line("|---|---:|---:|---:|---:|---:|---:|");
  for (const stage_row& st : r.core.stage_rows()) {
    line("| " + std::string(st.name()) + " | " + grouped(st.calls) + " | " + scaled(detail::flops(st.per_call), "FLOP") +
         " | " + scaled(detail::flops(st.total), "FLOP") + " | " +
         percent(st.total.tensor_flops, detail::flops(st.total)) + " | " + scaled(st.total.bytes(), "B") + " | " +
         scaled(st.total.weight_bytes, "B") + " |");
  }
  line("| **total** | | | " + scaled(detail::flops(t), "FLOP") + " | " + percent(t.tensor_flops, detail::flops(t)) +
       " | " + scaled(t.bytes(), "B") + " | " + scaled(t.weight_bytes, "B") + " |");
  line();

  const run_report* run = r.run;
  const bool timed = run != nullptr && run->has_device();
  const auto seconds = [](double v) { return fixed(v, v < 10.0 ? 3 : 1) + " s"; };
  if (run != nullptr) {
    const run_execution& x = run->request().exec;
    const std::string_view config = run->request().config_path;
    line("## Execution and memory");
    line();
    line("Execution: " + std::string(name_of(x.mode)) + ", DiT weights " +
         std::string(name_of(x.dit_weight)) + ", " + detail::offload_text(run->plan) +
         (x.t5_cpu ? ", text encoder on the CPU" : "") + ", attention " + std::string(name_of(x.roofline.attention)) +
         (run->has_device() ? " (" + std::string(name_of(run->plan.roofline.attention)) + " assumed)" : std::string{}) +
         ", TF32 matmuls " + (x.roofline.allow_tf32 ? "on" : "off") + ", sample shift " + fixed(run->plan.pipeline.shift, 2) +
         (config.empty() ? std::string{} : ", architecture from " + detail::markdown_code_span(config)) + ".");
    line();
    {
      // Levers and what the time assumes (run/levers.hpp; report.json `levers`, `assumptions`).
      const run_plan& p = run->plan;
      std::string lev = "Levers: DiT weight format " + std::string(name_of(x.dit_quant)) +
                        (x.dit_quant == weight_quant::fp8
                             ? (resolve_quant_gemm(x.dit_quant, p.request.device) ? " (fp8 GEMMs)" : " (upcast to bf16)")
                             : std::string{}) +
                        ", text encoder weight format " + std::string(name_of(x.t5_quant)) + ", attention density " +
                        fixed(x.attention_density, 3) + ", cache skip " + fixed(p.request.options.cache_skip, 3) + " (" +
                        std::to_string(p.pipeline.skipped_steps) + " steps, " +
                        std::to_string(p.pipeline.skipped_forwards) + " forwards skipped), " +
                        (p.request.options.distilled ? "few-step distilled" : "not distilled") + "; ";
      const unsigned bits = lossy_levers(p.request);
      std::string names;
      for (const auto& [lever, name] : lossy_lever_names.entries) {
        if ((bits & (1U << static_cast<unsigned>(lever))) == 0) continue;
        names += (names.empty() ? "" : ", ") + std::string(name);
      }
      line(lev + (names.empty() ? "lossless (the official output)." : "lossy: " + names + "."));
      line();
      line("Assumptions of the time: attention kernel " +
           (p.has_device() ? std::string(name_of(p.roofline.attention)) : std::string("none (no device)")) +
           ", TF32 matmuls " + (p.roofline.allow_tf32 ? "on" : "off") + ", TF32 convolutions " +
           (p.roofline.allow_tf32_conv ? "on" : "off") +
           ", one warm run (no warm-up, autotuning or torch.compile), checkpoint loading from disk not included.");
      line();
    }
    const pipeline_memory& mem = run->memory;
    line("| stage | where | its weights | resident weights | activations (peak) | device peak |" +
         std::string(timed ? " time | lower bound |" : ""));
    line("|---|---|---:|---:|---:|---:|" + std::string(timed ? "---:|---:|" : ""));
    for (std::size_t i = 0; i < mem.stage_count; ++i) {
      const stage_memory& sm = mem.stages[i];
      std::string row = "| " + std::string(name_of(sm.stage)) + (i == mem.peak_stage ? " (peak)" : "") + " | " +
                        (sm.on_host ? "cpu" : "device") + " | " + scaled(sm.weights_bytes, "B") + " | " +
                        scaled(sm.resident_weights_bytes, "B") + " | " + scaled(sm.peak_activation_bytes, "B") +
                        " | " + scaled(sm.peak_bytes, "B") + " |";
      if (timed) {
        const stage_time* st = run->time.find(sm.stage);
        row += st == nullptr ? " | |" : " " + seconds(st->time_s) + " | " + seconds(st->time_lower_bound_s) + " |";
      }
      line(row);
    }
    if (timed) {
      line("| offload transfers | host link | | | | | " + seconds(run->time.transfers.time_s) + " | " +
           seconds(run->time.transfers.time_lower_bound_s) + " |");
      line("| **run** | | | | | " + scaled(mem.peak_bytes, "B") + " | **" + seconds(run->time.time_s) + "** | " +
           seconds(run->time.time_lower_bound_s) + " |");
    }
    line();
    if (mem.has_device) {
      line("Peak device memory " + fixed(static_cast<double>(mem.peak_bytes) / 1e9, 2) + " GB of " +
           fixed(static_cast<double>(mem.device_bytes) / 1e9, 2) + " GB on " + std::string(run->request().device->name) + ": " +
           (mem.fits ? "fits." : "does **not** fit."));
    } else {
      line("Peak device memory " + fixed(static_cast<double>(mem.peak_bytes) / 1e9, 2) +
           " GB (choose a device with --device for the time, the fit and the charts).");
    }
    line();
    if (mem.host_bytes > 0) {
      line("Host RAM holding offloaded weights: " + fixed(static_cast<double>(mem.host_bytes) / 1e9, 2) + " GB (" +
           std::string(name_of(x.host)) + ").");
      line();
    }
    if (run->plan.vae_tiling.tiled) {
      line("VAE decode peak " + fixed(static_cast<double>(mem.vae_decode_bytes) / 1e9, 2) + " GB tiled (" +
           std::to_string(run->plan.vae_tiling.tiles) + " tiles), " +
           fixed(static_cast<double>(mem.vae_decode_untiled_bytes) / 1e9, 2) + " GB without tiling.");
      line();
    }
    if (timed) {
      line("Time is the roofline estimate (perf/roofline.hpp, calibrated efficiencies) on " +
           std::string(run->request().device->name) + "; the run is the sum of the stages plus the offload transfers.");
      line();
      line("![roofline](roofline.svg)");
      line();
      line("![time per stage](stage_times.svg)");
      line();
    }
  }

  if (timed && !run->plan.layout().single_gpu()) {
    const parallel_layout& l = run->plan.layout();
    const run_time& tm = run->time;
    const cluster_spec cl = cluster_of(run->plan);
    line("## Across " + std::to_string(l.world_size()) + " GPUs");
    line();
    line("Layout: Ulysses " + std::to_string(l.ulysses) + " x ring " + std::to_string(l.ring) + " x CFG " +
         std::to_string(l.cfg) + (l.dit_fsdp ? ", DiT FSDP" : "") + (l.t5_fsdp ? ", T5 FSDP" : "") + "; " +
         grouped(run->plan.padded_seq_len) + " tokens after padding (" +
         grouped(run->plan.padded_seq_len / l.sequence_degree()) + " per rank); interconnect `" +
         std::string(interconnect_of(run->plan).id) + "`" +
         (cl.nodes > 1 ? " in " + std::to_string(cl.nodes) + " nodes of " + std::to_string(cl.gpus_per_node) +
                             " GPUs joined by `" + std::string(cl.network->id) + "` (" + std::string(cl.network->name) +
                             "; a group that spans nodes sends its cross-node share through the network)"
                       : std::string()) +
         ". Times are those of the busiest rank (rank 0, which also decodes).");
    line();
    line("| figure | value |");
    line("|---|---:|");
    line("| compute of a rank | " + seconds(tm.compute_s) + " |");
    line("| communication not hidden by compute | " + seconds(tm.communication_s) + " |");
    line("| serial part (text encoder, VAE decode on rank 0) | " + seconds(tm.serial_s) + " |");
    line("| time per video | " + seconds(tm.time_s) + " |");
    for (const scaling_point& p : scaling) {
      if (p.gpus != 1 || tm.time_s <= 0.0) continue;
      const double speedup = p.time_s / tm.time_s;
      line("| on one GPU (same execution) | " + seconds(p.time_s) + " |");
      line("| speedup | " + fixed(speedup, 2) + "x |");
      line("| efficiency | " + fixed(100.0 * speedup / static_cast<double>(l.world_size()), 1) + " % |");
    }
    line();
    line("| stage | collective | purpose | module | group | calls | bytes sent per call | time | not hidden |");
    line("|---|---|---|---|---:|---:|---:|---:|---:|");
    const auto list = run->plan.collective_list();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const planned_collective& c = list[i];
      const count spanned = placement_of({.size = c.group, .stride = c.stride}, cl).nodes;
      line("| " + std::string(name_of(c.stage)) + " | " + std::string(name_of(c.kind)) + " | " +
           std::string(name_of(c.purpose)) + " | `" + std::string(c.module.empty() ? "(root)" : c.module) + "` | " +
           std::to_string(c.group) + (spanned > 1 ? " over " + std::to_string(spanned) + " nodes" : std::string()) +
           " | " + grouped(c.calls) + " | " + scaled(c.bytes_per_call, "B") + " | " +
           seconds(tm.collectives[i].total_s) + " | " + seconds(tm.collectives[i].exposed_s) + " |");
    }
    line();
    if (!scaling.empty()) {
      line("| GPUs | time | peak per GPU | fits |");
      line("|---:|---:|---:|---|");
      for (const scaling_point& p : scaling) {
        line("| " + std::to_string(p.gpus) + " | " + seconds(p.time_s) + " | " +
             fixed(static_cast<double>(p.peak_bytes) / 1e9, 2) + " GB | " + (p.fits ? "yes" : "no") + " |");
      }
      line();
      line("![scaling](scaling.svg)");
      line();
    }
  }

  line("## Hotspots");
  line();
  line(timed ? "Top leaves by time on " + std::string(run->request().device->id) + " (ties broken by id; identical blocks tie):"
             : std::string("Top leaves by total tensor FLOPs (ties broken by id; identical blocks tie):"));
  line();
  line(std::string("| # | module | category | tensor FLOPs (run) | share of run |") + (timed ? " time |" : ""));
  line(std::string("|---:|---|---|---:|---:|") + (timed ? "---:|" : ""));
  const hotspots& hot = r.core.hot;
  for (std::size_t i = 0; i < hot.top_leaf_count; ++i) {
    const module_row& m = r.modules[hot.top_leaves[i]];
    line("| " + std::to_string(i + 1) + " | `" + m.id() + "` | " + std::string(name_of(m.cat)) + " | " +
         scaled(m.total.tensor_flops, "FLOP") + " | " + percent(m.total.tensor_flops, t.tensor_flops) + " |" +
         (timed ? " " + seconds(m.time.time_s) + " |" : std::string{}));
  }
  line();
  line("Categories (all leaves):");
  line();
  line(std::string("| category | leaves | tensor FLOPs (run) | share | vector FLOPs (run) | traffic (run) |") +
       (timed ? " time |" : ""));
  line(std::string("|---|---:|---:|---:|---:|---:|") + (timed ? "---:|" : ""));
  for (std::size_t i = 0; i < hot.top_category_count; ++i) {
    const category_row& c = hot.top_categories[i];
    line("| " + std::string(name_of(c.cat)) + " | " + grouped(c.leaves) + " | " + scaled(c.total.tensor_flops, "FLOP") +
         " | " + percent(c.total.tensor_flops, t.tensor_flops) + " | " + scaled(c.total.vector_flops, "FLOP") + " | " +
         scaled(c.total.bytes(), "B") + " |" + (timed ? " " + seconds(c.time_s) + " |" : std::string{}));
  }
  line();

  // One DiT block (`dit.blocks.0`), its leaves grouped.
  if (dit != nullptr) {
    enum group : std::size_t { sa_proj, sa_core, cross, ffn, other, group_count };
    constexpr std::array<std::string_view, group_count> names{
        "self-attention projections (q, k, v, o)", "self-attention core (QK^T, softmax, AV)",
        "cross-attention (projections and core)", "FFN (fc1, GELU, fc2)",
        "norms, modulation, RoPE, residuals"};
    std::array<metrics, group_count> sums{};
    metrics block{};
    bool found = false;
    for (std::size_t i = dit->first_module; i < dit->first_module + dit->module_count; ++i) {
      const module_row& m = r.modules[i];
      const node_path& p = m.path;
      if (p.depth() < 2 || p[0].name != "blocks" || !p[1].name.empty() || p[1].index != 0) continue;
      if (p.depth() == 2) {
        block = m.per_call;
        found = true;
        continue;
      }
      if (!m.leaf) continue;
      group g = other;
      if (p[2].name == "self_attn" && p.depth() > 3) {
        const std::string_view leaf = p[3].name;
        if (leaf == "q" || leaf == "k" || leaf == "v" || leaf == "o") g = sa_proj;
        if (leaf == "attn_core") g = sa_core;
      } else if (p[2].name == "cross_attn") {
        g = cross;
      } else if (p[2].name == "ffn") {
        g = ffn;
      }
      sums[g] += m.per_call;
    }
    if (found) {
      line("## One DiT block (`" + std::string(dit->name()) + ".blocks.0`, per forward)");
      line();
      line("| part | tensor FLOPs | vector FLOPs | share of block FLOPs | traffic | parameters |");
      line("|---|---:|---:|---:|---:|---:|");
      for (std::size_t g = 0; g < group_count; ++g) {
        line("| " + std::string(names[g]) + " | " + scaled(sums[g].tensor_flops, "FLOP") + " | " +
             scaled(sums[g].vector_flops, "FLOP") + " | " + percent(detail::flops(sums[g]), detail::flops(block)) +
             " | " + scaled(sums[g].bytes(), "B") + " | " + grouped(sums[g].parameters) + " |");
      }
      line("| **block** | " + scaled(block.tensor_flops, "FLOP") + " | " + scaled(block.vector_flops, "FLOP") +
           " | 100.0 % | " + scaled(block.bytes(), "B") + " | " + grouped(block.parameters) + " |");
      line();
    }
  }

  line("## What is modelled");
  line();
  line("- Every module of the DiT (`WanModel`) forward, with the official module ids: patch embedding, text and "
       "time embeddings, all blocks (self-attention with RMSNorm and 3D RoPE, cross-attention to the 512 text "
       "tokens and, for I2V/FLF2V, to the CLIP image tokens, FFN, norms, modulation, residuals), head, unpatchify.");
  line("- Classifier-free guidance: 2 forwards per step, 1 when the guidance scale is exactly 1.");
  const bool fused = run != nullptr && run->request().exec.mode == exec_model::fused;
  line(fused ? std::string("- Exact integer FLOPs (2 per multiply-add), transcendental ops, memory traffic, weight and "
                           "activation bytes of an ideal fused implementation (models/wan/execution.hpp: bf16 "
                           "activations, fused elementwise epilogues).")
             : std::string("- Exact integer FLOPs (2 per multiply-add), transcendental ops, memory traffic, weight and "
                           "activation bytes under the official dtypes (fp32 weights unless converted, bf16 GEMMs, "
                           "fp32 residual stream, fp64 RoPE)."));
  line();
  line("## What is not modelled (yet)");
  line();
  line("- The sampler's own arithmetic (UniPC steps, the CFG combine), Python and kernel-launch overheads, "
       "tokenisation, mp4 encoding and loading the models at initialisation.");
  line("- Runs across several machines (one node of up to 8 GPUs is modelled) and the patch-parallel VAE decode. "
       "Memory traffic assumes FlashAttention I/O for the attention cores and no other kernel fusion unless the "
       "execution is `fused`.");
  return s;
}

} // namespace wanmeter
