#pragma once
// Validation support (tests only, not installed): the model held against the official published
// runs, single-GPU (validation/published.hpp) and multi-GPU (validation/published_multi.hpp),
// with the settings those runs used, and the leave-one-GPU-out check of the calibration.
//
// For every row: the model, size, frames and steps of the row; the model's default guidance
// (both passes run); `run_execution` = official_single_gpu(convert_model_dtype, t5_cpu,
// attention) with the row's flags, and the offload of the row (on for every single-GPU row;
// off for the multi-GPU rows except TI2V-5B, as generate.py does); the row's layout
// (`run_request::layout`); for the image-to-video rows the README's example image (832 x 1104,
// `published_image_width/height`) with the row's size as the maximum area.
// Attention: FA3 where the row says so, FA2 where it says no, and where the table leaves it
// unstated (the Wan2.1 Hopper rows) what `--attention auto` resolves to, `resolve_attention`
// (perf/efficiency.hpp): FA2 for Wan2.1, whose official install has FlashAttention 2 only (see
// docs/accuracy.md for the numbers with FA3 instead).
//
// Three time predictions per row:
//   raw        analyze()'s run time with the literature efficiency factors (perf/efficiency.hpp), no fit
//   in-sample  a small global calibration (two multipliers, `time_calibration`: one on the
//              attention kernels' time, one on every other device kernel) fitted on all rows
//              of the set
//   held-out   the same two multipliers fitted on the rows of the *other* GPUs only, then
//              applied to the held-out GPU's rows (leave-one-GPU-out)
// The fit minimises the sum of squared relative errors, a linear least-squares problem in the
// two multipliers (host time, offload transfers and the exposed communication of the busiest
// rank are not scaled). Nothing is fitted per row.
// Peak memory has no fitted parameter: analyze()'s peak (of the busiest rank) against the
// published GB (decimal).
//
// Three sets: `evaluate_published()` (the 21 single-GPU rows), `evaluate_published_multi_gpu()`
// (the 49 multi-GPU rows, fitted on themselves) and `evaluate_published_joint()` (all 70 rows in
// one fit; its errors are scored on the 49 multi-GPU rows).

#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/perf/memory.hpp>
#include <wanmeter/run/analyze.hpp>
#include <validation/published.hpp>
#include <validation/published_multi.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace wanmeter {

/// Global multipliers on the calibrated time of attention kernels and of every other device kernel.
struct time_calibration {
  double attention = 1.0;
  double other = 1.0;
};

struct accuracy_row {
  const published_run* run = nullptr;
  double attention_s = 0.0;     ///< raw device time of the attention kernels
  double other_s = 0.0;         ///< raw device time of every other kernel
  double fixed_s = 0.0;         ///< host stages + offload transfers + exposed communication (not calibrated)
  double communication_s = 0.0; ///< exposed communication of the busiest rank (part of fixed_s)
  double raw_time_s = 0.0;
  double in_sample_time_s = 0.0;
  double held_out_time_s = 0.0;
  double peak_gb = 0.0;         ///< predicted peak device memory, 1e9 B
  time_calibration held_out{};  ///< the multipliers fitted without this row's GPU

  [[nodiscard]] constexpr double predict(const time_calibration& c) const {
    return c.attention * attention_s + c.other * other_s + fixed_s;
  }
};

struct accuracy_report {
  std::vector<accuracy_row> rows{};   ///< every row of the fit, in the order given
  std::size_t scored_rows = 0;        ///< how many rows the mean errors are over
  time_calibration in_sample{};
  double mae_time_raw = 0.0;        ///< mean |predicted / published - 1|
  double mae_time_in_sample = 0.0;
  double mae_time_held_out = 0.0;
  double mae_memory = 0.0;
  double max_time_held_out = 0.0;   ///< largest |error| held out
  double max_memory = 0.0;
};

[[nodiscard]] constexpr double relative_error(double predicted, double published) {
  return (predicted - published) / published;
}

namespace detail {
[[nodiscard]] constexpr double abs_d(double v) { return v < 0.0 ? -v : v; }
[[nodiscard]] inline attention_kernel attention_of(const published_run& r) {
  switch (r.flash_attention_3) {
  case setting::yes: return attention_kernel::flash_attention_3;
  case setting::no: return attention_kernel::flash_attention_2;
  case setting::unknown: break;
  }
  return resolve_attention(attention_kernel::automatic, find_model(r.model_id).arch.version,
                           find_device(r.device_id));
}
} // namespace detail

[[nodiscard]] inline run_execution execution_of(const published_run& r) {
  run_execution x = official_single_gpu(r.convert_model_dtype == setting::yes, r.t5_cpu == setting::yes,
                                       detail::attention_of(r));
  x.offload = r.offload_model != setting::no ? offload_policy::model : offload_policy::none;
  x.roofline.allow_tf32 = r.tf32_matmul == setting::yes;
  return x;
}

/// Least-squares fit of the two multipliers on the rows for which `use(i)` is true:
/// minimise sum ((a A + b O + C - P) / P)^2.
template <class Use>
[[nodiscard]] constexpr time_calibration fit_time_calibration(std::span<const accuracy_row> rows, Use&& use) {
  double saa = 0, sab = 0, sbb = 0, sa = 0, sb = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!use(i)) continue;
    const accuracy_row& r = rows[i];
    const double P = r.run->total_time_s;
    const double A = r.attention_s / P, O = r.other_s / P, y = 1.0 - r.fixed_s / P;
    saa += A * A;
    sab += A * O;
    sbb += O * O;
    sa += A * y;
    sb += O * y;
  }
  const double det = saa * sbb - sab * sab;
  if (det == 0.0) return {};
  return {(sa * sbb - sb * sab) / det, (saa * sb - sab * sa) / det};
}

/// The request of published row `r` (model `m`, device `d`): its workload, input image and the
/// execution and layout it ran with.
[[nodiscard]] inline run_request request_of(const published_run& r, const model_entry& m, const device_spec& d) {
  run_request q{};
  q.model = m;
  q.device = &d;
  q.w = m.defaults.w;
  q.w.frames = r.frames;
  q.w.height = r.height;
  q.w.width = r.width;
  q.w.steps = r.steps;
  if (r.task == "i2v") { // the README's example image, at the row's size as the maximum area
    q.options.image_width = published_image_width;
    q.options.image_height = published_image_height;
    q.options.image_input = true;
  }
  q.exec = execution_of(r);
  q.layout = r.layout;
  return q;
}

/// The prediction of published row `pr`, uncalibrated.
[[nodiscard]] inline accuracy_row predict_row(const published_run& pr) {
  const model_entry& m = find_model(pr.model_id);
  const device_spec& d = find_device(pr.device_id);
  const run_report a = analyze(request_of(pr, m, d));
  const run_time& t = a.time;
  accuracy_row r{};
  r.run = &pr;
  r.attention_s = t.time_by_kernel[static_cast<std::size_t>(kernel_class::attention)];
  r.communication_s = t.communication_s;
  r.fixed_s = t.host_time_s + t.transfers.time_s + t.communication_s;
  r.other_s = t.time_s - r.attention_s - r.fixed_s;
  r.raw_time_s = t.time_s;
  r.peak_gb = static_cast<double>(a.memory.peak_bytes) / 1e9;
  return r;
}

/// Predict `runs`, fit the calibration on all of them in-sample and leave-one-GPU-out (a GPU's
/// rows, single- and multi-GPU alike, are all left out of its fit); the mean errors are over
/// the rows for which `scored(row)` is true.
template <class Scored>
[[nodiscard]] inline accuracy_report evaluate_runs(std::span<const published_run* const> runs, Scored&& scored) {
  accuracy_report rep{};
  rep.rows.reserve(runs.size());
  for (const published_run* pr : runs) rep.rows.push_back(predict_row(*pr));
  rep.in_sample = fit_time_calibration(rep.rows, [](std::size_t) { return true; });
  for (accuracy_row& r : rep.rows) {
    r.in_sample_time_s = r.predict(rep.in_sample);
    const std::string_view gpu = r.run->device_id;
    r.held_out = fit_time_calibration(rep.rows, [&](std::size_t j) { return rep.rows[j].run->device_id != gpu; });
    r.held_out_time_s = r.predict(r.held_out);
    if (!scored(*r.run)) continue;
    ++rep.scored_rows;
    const double pub = r.run->total_time_s;
    const double eh = detail::abs_d(relative_error(r.held_out_time_s, pub));
    const double em = detail::abs_d(relative_error(r.peak_gb, r.run->peak_memory_gb));
    rep.mae_time_raw += detail::abs_d(relative_error(r.raw_time_s, pub));
    rep.mae_time_in_sample += detail::abs_d(relative_error(r.in_sample_time_s, pub));
    rep.mae_time_held_out += eh;
    rep.mae_memory += em;
    if (eh > rep.max_time_held_out) rep.max_time_held_out = eh;
    if (em > rep.max_memory) rep.max_memory = em;
  }
  const double k = static_cast<double>(rep.scored_rows);
  if (k > 0) {
    rep.mae_time_raw /= k;
    rep.mae_time_in_sample /= k;
    rep.mae_time_held_out /= k;
    rep.mae_memory /= k;
  }
  return rep;
}

namespace detail {
template <std::size_t N>
[[nodiscard]] std::vector<const published_run*> pointers_to(const std::array<published_run, N>& rows) {
  std::vector<const published_run*> v;
  v.reserve(N);
  for (const published_run& r : rows) v.push_back(&r);
  return v;
}
} // namespace detail

/// The 21 single-GPU rows: predicted, fitted and scored on themselves.
[[nodiscard]] inline accuracy_report evaluate_published() {
  const std::vector<const published_run*> runs = detail::pointers_to(published_runs);
  return evaluate_runs(runs, [](const published_run&) { return true; });
}

/// The 49 multi-GPU rows: predicted, fitted and scored on themselves.
[[nodiscard]] inline accuracy_report evaluate_published_multi_gpu() {
  const std::vector<const published_run*> runs = detail::pointers_to(published_multi_gpu_runs);
  return evaluate_runs(runs, [](const published_run&) { return true; });
}

/// All 70 rows in one fit (single-GPU rows first), scored on the 49 multi-GPU rows.
[[nodiscard]] inline accuracy_report evaluate_published_joint() {
  std::vector<const published_run*> runs = detail::pointers_to(published_runs);
  for (const published_run& r : published_multi_gpu_runs) runs.push_back(&r);
  return evaluate_runs(runs, [](const published_run& r) { return r.gpus > 1; });
}

} // namespace wanmeter
