// Prints the tables of docs/accuracy.md from test/support/validation/accuracy.hpp: the single-GPU
// rows (evaluate_published), the multi-GPU rows (evaluate_published_multi_gpu and
// evaluate_published_joint), the scaling shapes and the sensitivity figures.
// Header-only, no Boost needed:
//   g++ -std=c++20 -O2 -Iinclude -Itest/support verify/accuracy/print_table.cpp -o build/accuracy_table
//   build/accuracy_table            # everything
//   build/accuracy_table single     # the single-GPU section only
//   build/accuracy_table multi      # the multi-GPU section only
#include <validation/accuracy.hpp>
#include <validation/third_party_multi.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>

using namespace wanmeter;

namespace {
const char* kernel_name(attention_kernel k) { return k == attention_kernel::flash_attention_3 ? "FA3" : "FA2"; }
double pct(double predicted, double published) { return 100.0 * relative_error(predicted, published); }
using ull = unsigned long long;

std::string layout_name(const published_run& p) {
  if (p.gpus <= 1) return "1 GPU";
  const parallel_layout& l = p.layout;
  std::string s;
  if (l.ulysses > 1) s += "U" + std::to_string(l.ulysses);
  if (l.ring > 1) s += (s.empty() ? "" : "x") + std::string("R") + std::to_string(l.ring);
  if (l.cfg > 1) s += (s.empty() ? "" : "x") + std::string("CFG") + std::to_string(l.cfg);
  if (l.dit_fsdp) s += ", dit_fsdp";
  if (l.t5_fsdp) s += ", t5_fsdp";
  if (l.parallel_vae) s += ", parallel VAE";
  if (p.tf32_matmul == setting::yes) s += ", TF32";
  return s;
}

std::string settings_of(const published_run& p) {
  std::string s = p.offload_model == setting::no ? "no offload" : "offload";
  if (p.t5_cpu == setting::yes) s += ", t5_cpu";
  s += p.convert_model_dtype == setting::yes ? ", bf16" : ", fp32";
  s += std::string(", ") + kernel_name(execution_of(p).roofline.attention);
  if (p.flash_attention_3 == setting::unknown) s += " (unstated: auto)";
  return s;
}

std::pair<count, count> size_of(const published_run& p) {
  const run_plan plan = make_run_plan(request_of(p, find_model(p.model_id), find_device(p.device_id)));
  return {plan.pipeline.w.width, plan.pipeline.w.height};
}

/// Per held-out GPU: rows, the multipliers fitted without it, and the mean errors (scored rows).
void per_gpu_table(const accuracy_report& a, bool multi_only) {
  std::printf("| held-out GPU | rows | attention x | other x | raw MAE | held-out MAE | memory MAE |\n"
              "|---|---|---|---|---|---|---|\n");
  std::map<std::string, int> order;
  for (const auto& r : a.rows) order.emplace(std::string(r.run->device_id), static_cast<int>(order.size()));
  for (const auto& [dev, idx] : order) {
    (void)idx;
    int n = 0;
    double raw = 0, held = 0, mem = 0;
    time_calibration c{};
    std::string gpu;
    for (const auto& r : a.rows) {
      if (r.run->device_id != dev || (multi_only && r.run->gpus <= 1)) continue;
      ++n;
      raw += std::fabs(relative_error(r.raw_time_s, r.run->total_time_s));
      held += std::fabs(relative_error(r.held_out_time_s, r.run->total_time_s));
      mem += std::fabs(relative_error(r.peak_gb, r.run->peak_memory_gb));
      c = r.held_out;
      gpu = std::string(r.run->gpu);
    }
    if (n == 0) continue;
    std::printf("| %s (%s) | %d | %.3f | %.3f | %.1f%% | %.1f%% | %.1f%% |\n", dev.c_str(), gpu.c_str(), n, c.attention,
                c.other, 100.0 * raw / n, 100.0 * held / n, 100.0 * mem / n);
  }
}

void summary(const char* name, const accuracy_report& a) {
  std::printf("%s: %zu rows scored; multipliers in-sample attention %.3f, other %.3f\n"
              "  MAE time raw %.2f%%, in-sample %.2f%%, held-out %.2f%% (max %.2f%%); memory %.2f%% (max %.2f%%)\n",
              name, a.scored_rows, a.in_sample.attention, a.in_sample.other, 100 * a.mae_time_raw,
              100 * a.mae_time_in_sample, 100 * a.mae_time_held_out, 100 * a.max_time_held_out, 100 * a.mae_memory,
              100 * a.max_memory);
}

void single_section() {
  const accuracy_report a = evaluate_published();
  std::printf("## Single GPU\n\n");
  summary("single-GPU rows", a);
  std::printf("\n");
  per_gpu_table(a, false);
  std::printf("\n| # | GPU | model | task | size | steps | settings | published s | raw s | err | in-sample s | err | "
              "held-out s | err | published GB | predicted GB | err |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  int i = 0;
  for (const auto& r : a.rows) {
    const published_run& p = *r.run;
    const auto [w, h] = size_of(p);
    std::printf("| %d | %s | %s | %s | %llux%llux%llu | %llu | %s | %.1f | %.1f | %+.1f%% | %.1f | %+.1f%% | %.1f | "
                "%+.1f%% | %.2f | %.2f | %+.1f%% |\n",
                i++, p.gpu.data(), p.model_id.data(), p.task.data(), static_cast<ull>(w), static_cast<ull>(h),
                static_cast<ull>(p.frames), static_cast<ull>(p.steps), settings_of(p).c_str(), p.total_time_s,
                r.raw_time_s, pct(r.raw_time_s, p.total_time_s), r.in_sample_time_s,
                pct(r.in_sample_time_s, p.total_time_s), r.held_out_time_s, pct(r.held_out_time_s, p.total_time_s),
                p.peak_memory_gb, r.peak_gb, pct(r.peak_gb, p.peak_memory_gb));
  }
  std::printf("\nWan2.1 rows with unstated kernel, raw time with FA2 / FA3:\n");
  for (const auto& r : a.rows) {
    const published_run& p = *r.run;
    if (p.flash_attention_3 != setting::unknown) continue;
    run_request q = request_of(p, find_model(p.model_id), find_device(p.device_id));
    const double fa2 = analyze(q).time.time_s;
    q.exec.roofline.attention = attention_kernel::flash_attention_3;
    const double fa3 = analyze(q).time.time_s;
    std::printf("  %s %s: FA2 %.1f s (%+.1f%%), FA3 %.1f s (%+.1f%%), published %.1f\n", p.gpu.data(),
                p.model_id.data(), fa2, pct(fa2, p.total_time_s), fa3, pct(fa3, p.total_time_s), p.total_time_s);
  }
}

/// The raw time of `p` with its request changed by `change`.
template <class Change>
double raw_time_with(const published_run& p, Change&& change) {
  run_request q = request_of(p, find_model(p.model_id), find_device(p.device_id));
  change(q);
  return analyze(q).time.time_s;
}

void multi_section() {
  const accuracy_report m = evaluate_published_multi_gpu();
  const accuracy_report j = evaluate_published_joint();
  std::printf("## Several GPUs\n\n");
  summary("multi-GPU rows, fit on the 49 multi-GPU rows", m);
  summary("multi-GPU rows, fit on all 70 rows (single + multi)", j);
  {
    double single_raw = 0, single_in = 0, single_held = 0;
    int n = 0;
    for (const auto& r : j.rows) {
      if (r.run->gpus > 1) continue;
      ++n;
      single_raw += std::fabs(relative_error(r.raw_time_s, r.run->total_time_s));
      single_in += std::fabs(relative_error(r.in_sample_time_s, r.run->total_time_s));
      single_held += std::fabs(relative_error(r.held_out_time_s, r.run->total_time_s));
    }
    std::printf("  (the same joint fit on the %d single-GPU rows: raw %.2f%%, in-sample %.2f%%, held-out %.2f%%)\n", n,
                100 * single_raw / n, 100 * single_in / n, 100 * single_held / n);
  }
  std::printf("\nPer GPU, fit on the multi-GPU rows:\n\n");
  per_gpu_table(m, true);
  std::printf("\nPer GPU, joint fit (errors over the multi-GPU rows):\n\n");
  per_gpu_table(j, true);

  std::printf("\n| # | GPU | model | task | size | GPUs | layout | published s | raw s | err | in-sample err | "
              "held-out err | joint held-out err | comm s | published GB | predicted GB | err |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    const accuracy_row& r = m.rows[i];
    const accuracy_row& rj = j.rows[published_runs.size() + i];
    const published_run& p = *r.run;
    const auto [w, h] = size_of(p);
    std::printf("| %zu | %s | %s | %s | %llux%llux%llu | %llu | %s | %.1f | %.1f | %+.1f%% | %+.1f%% | %+.1f%% | "
                "%+.1f%% | %.1f | %.1f | %.2f | %+.1f%% |\n",
                i, p.gpu.data(), p.model_id.data(), p.task.data(), static_cast<ull>(w), static_cast<ull>(h),
                static_cast<ull>(p.frames), static_cast<ull>(p.gpus), layout_name(p).c_str(), p.total_time_s,
                r.raw_time_s, pct(r.raw_time_s, p.total_time_s), pct(r.in_sample_time_s, p.total_time_s),
                pct(r.held_out_time_s, p.total_time_s), pct(rj.held_out_time_s, p.total_time_s), r.communication_s,
                p.peak_memory_gb, r.peak_gb, pct(r.peak_gb, p.peak_memory_gb));
  }

  // Scaling shapes: published and raw predicted speedups between neighbouring GPU counts, with the
  // single-GPU row as the base where the table has one.
  std::printf("\nScaling (published / predicted raw), time ratio of successive columns:\n");
  const accuracy_report s = evaluate_published();
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    const published_run& p = *m.rows[i].run;
    const accuracy_row* prev = nullptr;
    if (i > 0 && m.rows[i - 1].run->model_id == p.model_id && m.rows[i - 1].run->device_id == p.device_id &&
        m.rows[i - 1].run->task == p.task && m.rows[i - 1].run->height == p.height &&
        m.rows[i - 1].run->gpus < p.gpus) {
      prev = &m.rows[i - 1];
    } else {
      for (const auto& r1 : s.rows) {
        if (r1.run->model_id == p.model_id && r1.run->device_id == p.device_id && r1.run->task == p.task &&
            r1.run->height == p.height && r1.run->width == p.width) {
          prev = &r1;
        }
      }
    }
    if (prev == nullptr) continue;
    std::printf("  %-9s %-20s %s %4llup %llu->%llu GPUs: published x%.2f, predicted x%.2f\n", p.gpu.data(),
                p.model_id.data(), p.task.data(), static_cast<ull>(p.height), static_cast<ull>(prev->run->gpus),
                static_cast<ull>(p.gpus), prev->run->total_time_s / p.total_time_s,
                prev->raw_time_s / m.rows[i].raw_time_s);
  }

  // Sensitivity of the readings that the tables leave open.
  // The part of a run that more GPUs do not shorten, from the 4- and 8-GPU columns: with
  // T(p) = C / p + S, S = 2 T(8) - T(4); published against predicted (raw), with the predicted
  // time of the replicated per-token time MLP (time_embedding + time_projection) at 8 GPUs.
  std::printf("\nNon-scaling part S = 2 T(8) - T(4), published / predicted raw, and the predicted time MLP at 8 "
              "GPUs:\n");
  for (std::size_t i = 0; i + 1 < m.rows.size(); ++i) {
    const published_run& p4 = *m.rows[i].run;
    const published_run& p8 = *m.rows[i + 1].run;
    if (p4.gpus != 4 || p8.gpus != 8 || p4.model_id != p8.model_id || p4.device_id != p8.device_id) continue;
    const run_report a8 = analyze(request_of(p8, find_model(p8.model_id), find_device(p8.device_id)));
    double time_mlp = 0;
    for (const auto& row : a8.rows.modules) {
      if (row.path.depth() == 1 && (row.path[0].name == "time_embedding" || row.path[0].name == "time_projection")) {
        time_mlp += row.time.time_s;
      }
    }
    std::printf("  %-9s %-20s %s %4llup: published S %.1f s, predicted S %.1f s; time MLP %.1f s of %.1f s\n",
                p8.gpu.data(), p8.model_id.data(), p8.task.data(), static_cast<ull>(p8.height),
                2 * p8.total_time_s - p4.total_time_s, 2 * m.rows[i + 1].raw_time_s - m.rows[i].raw_time_s, time_mlp,
                m.rows[i + 1].raw_time_s);
  }
  std::printf("\nSensitivity (raw time, error against the published row):\n");
  for (const auto& r : m.rows) {
    const published_run& p = *r.run;
    if (p.model_id == "wan2.1-t2v-1.3b") {
      const double ring = raw_time_with(p, [&](run_request& q) { q.layout = detail::ring_fsdp(p.gpus); });
      const double nofsdp = raw_time_with(p, [&](run_request& q) {
        q.layout.dit_fsdp = false;
        q.layout.t5_fsdp = false;
      });
      run_request q = request_of(p, find_model(p.model_id), find_device(p.device_id));
      q.layout = detail::ring_fsdp(p.gpus);
      const double ring_gb = static_cast<double>(analyze(q).memory.peak_bytes) / 1e9;
      q.layout = p.layout;
      q.layout.dit_fsdp = false;
      q.layout.t5_fsdp = false;
      const double nofsdp_gb = static_cast<double>(analyze(q).memory.peak_bytes) / 1e9;
      std::printf("  4090 1.3B %llu GPUs (%s): as tabled %+.1f%%; ring %llu + FSDP %+.1f%% (%.2f GB, %+.1f%%); without "
                  "FSDP %+.1f%% (%.2f GB, %+.1f%%)\n",
                  static_cast<ull>(p.gpus), layout_name(p).c_str(), pct(r.raw_time_s, p.total_time_s),
                  static_cast<ull>(p.gpus), pct(ring, p.total_time_s), ring_gb, pct(ring_gb, p.peak_memory_gb),
                  pct(nofsdp, p.total_time_s), nofsdp_gb, pct(nofsdp_gb, p.peak_memory_gb));
    }
    if (p.device_id == "rtx-4090") {
      // Three readings of the host-staged (no peer-to-peer) box that the published 4090 rows leave
      // open (docs/accuracy.md, "Where the model and a published row disagree"):
      // (a) no collective overlaps the compute: every collective's whole time on the critical path;
      // (b) the bus bandwidth falls with the GPU count as the one sourced host-staged table does
      //     (8 x RTX 5090: 28 GB/s, 4 x: 35, NVIDIA/nccl issue 1639): pcie4-no-p2p's 15 GB/s
      //     (an 8-GPU figure) x 35/28 = 18.75 GB/s on 2 and 4 GPUs.
      const run_report a = analyze(request_of(p, find_model(p.model_id), find_device(p.device_id)));
      double total = 0, exposed = 0;
      for (std::size_t c = 0; c < a.plan.collective_count; ++c) {
        total += a.time.collectives[c].total_s;
        exposed += a.time.collectives[c].exposed_s;
      }
      const double serial = a.time.time_s - exposed + total;
      interconnect_spec fewer = pcie4_no_p2p;
      fewer.busbw = fewer.all_reduce_busbw = 18'750'000'000ULL;
      const double by_count = p.gpus <= 4 ? raw_time_with(p, [&](run_request& q) { q.interconnect = &fewer; })
                                          : r.raw_time_s;
      // (c) the one published 8 x RTX 4090 topology (NVIDIA/nccl-tests issue 307): four GPUs
      //     behind each PCIe switch share its 24 GB/s uplink (`pcie4-no-p2p-switch`).
      const double switched = raw_time_with(p, [&](run_request& q) { q.interconnect = &pcie4_no_p2p_switch; });
      std::printf("  4090 %s %llu GPUs: as tabled %+.1f%% (collectives %.1f s, %.1f s exposed); (a) no overlap "
                  "%+.1f%%; (b) busbw 18.75 GB/s on <= 4 GPUs %+.1f%%; (c) pcie4-no-p2p-switch %+.1f%% (%.1f s)\n",
                  p.model_id.data(), static_cast<ull>(p.gpus), pct(r.raw_time_s, p.total_time_s), total, exposed,
                  pct(serial, p.total_time_s), pct(by_count, p.total_time_s), pct(switched, p.total_time_s),
                  switched);
    }
    if (p.tf32_matmul == setting::yes) {
      const double off = raw_time_with(p, [](run_request& q) { q.exec.roofline.allow_tf32 = false; });
      std::printf("  %s %s %s %llup %llu GPUs with TF32 off (the code's default): %+.1f%% (as tabled %+.1f%%)\n",
                  p.gpu.data(), p.model_id.data(), p.task.data(), static_cast<ull>(p.height),
                  static_cast<ull>(p.gpus), pct(off, p.total_time_s), pct(r.raw_time_s, p.total_time_s));
    }
    if (p.flash_attention_3 == setting::unknown) {
      const double fa3 = raw_time_with(p, [](run_request& q) { q.exec.roofline.attention = attention_kernel::flash_attention_3; });
      std::printf("  %s %s %llu GPUs: FA2 %+.1f%%, FA3 %+.1f%%\n", p.gpu.data(), p.model_id.data(),
                  static_cast<ull>(p.gpus), pct(r.raw_time_s, p.total_time_s), pct(fa3, p.total_time_s));
    }
    if (p.device_id == "a100-80gb-sxm" || p.device_id == "h800-sxm") {
      // The column's other part: the A800's reduced NVLink, or the H100's full one.
      const interconnect_spec& ic = p.device_id == "h800-sxm" ? nvlink4 : nvlink3_a800;
      const double reduced = raw_time_with(p, [&](run_request& q) { q.interconnect = &ic; });
      std::printf("  %s %s %s %llup %llu GPUs with %s: %+.1f%% (as tabled %+.1f%%)\n", p.gpu.data(), p.model_id.data(),
                  p.task.data(), static_cast<ull>(p.height), static_cast<ull>(p.gpus), ic.id.data(),
                  pct(reduced, p.total_time_s), pct(r.raw_time_s, p.total_time_s));
    }
  }
}
/// The third-party multi-GPU rows (validation/third_party_multi.hpp): raw prediction, not fitted.
void third_party_section() {
  std::printf("\n### Third-party multi-GPU rows (not fitted, not scored)\n\n");
  std::printf("| # | engine | GPU x n | model | size | steps | layout | published | predicted | err | why they differ |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (std::size_t i = 0; i < third_party_multi_gpu_runs.size(); ++i) {
    const third_party_run& t = third_party_multi_gpu_runs[i];
    const published_run& p = t.run;
    run_request q = request_of(p, find_model(p.model_id), find_device(p.device_id));
    if (t.fused) q.exec.mode = exec_model::fused;
    const run_report a = analyze(q);
    double predicted = a.time.time_s;
    if (t.per_step) {
      double dit = 0;
      for (const stage_time& st : a.time.stage_list()) {
        if (is_dit(st.stage)) dit += st.time_s;
      }
      predicted = dit / static_cast<double>(p.steps);
    }
    const run_plan plan = make_run_plan(q);
    const count w = plan.pipeline.w.width, h = plan.pipeline.w.height;
    std::printf("| %zu | %s%s | %s x %llu | %s | %llux%llux%llu | %llu | %s, %s | %.2f %s | %.2f | %+.1f%% | %s |\n", i,
                t.engine.data(), t.fused ? " (fused)" : "", p.gpu.data(), static_cast<ull>(p.gpus), p.model_id.data(),
                static_cast<ull>(w), static_cast<ull>(h), static_cast<ull>(p.frames), static_cast<ull>(p.steps),
                layout_name(p).c_str(), kernel_name(execution_of(p).roofline.attention), p.total_time_s,
                t.per_step ? "s/step" : "s", predicted, pct(predicted, p.total_time_s), t.why.data());
  }
}
} // namespace

int main(int argc, char** argv) {
  const std::string_view what = argc > 1 ? argv[1] : "all";
  if (what == "all" || what == "single") single_section();
  if (what == "all") std::printf("\n");
  if (what == "all" || what == "multi") {
    multi_section();
    third_party_section();
  }
  return 0;
}
