#pragma once
// Self-contained SVG charts (no scripts, no external fonts or stylesheets, no dependencies):
//
//   svg_roofline(device, points, title)   log-log roofline: arithmetic intensity (FLOP/B) against
//                                          achieved rate (FLOP/s) of every kernel, coloured by
//                                          category, with the device's roofs: the memory slope
//                                          (bandwidth x intensity) up to the bf16 tensor peak,
//                                          and dashed ceilings for TF32 tensor and FP32 vector.
//   svg_stage_times(time, title)           horizontal bars of the time of each stage (and of the
//                                          offload transfers), with the lower bound marked.
//
// Both return the document as a string; write it with io/files.hpp. Each point and bar carries
// a <title> with its id and numbers (a tooltip in browsers). Kernels with no FLOPs or no bytes
// (pure copies, zero-size work) have no place on log axes and are left out; the caption says how
// many.
//
// Example: write_text(dir / "roofline.svg", svg_roofline(find_device("h100-sxm"), pts, "dit"));

#include <wanmeter/core/tree.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/perf/run_time.hpp>
#include <wanmeter/perf/roofline_points.hpp>
#include <wanmeter/run/scaling.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wanmeter {

namespace detail {

/// Escapes the five XML special characters.
[[nodiscard]] inline std::string xml_escape(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (const char c : s) {
    switch (c) {
    case '&': r += "&amp;"; break;
    case '<': r += "&lt;"; break;
    case '>': r += "&gt;"; break;
    case '"': r += "&quot;"; break;
    case '\'': r += "&apos;"; break;
    default: r += c;
    }
  }
  return r;
}

/// `v` with 4 significant digits ("%.4g"), locale-independent for the C locale the tool runs in.
[[nodiscard]] inline std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

/// A power of ten as an axis label: 1e-3 -> "0.001", 1e3 -> "1k", 1e12 -> "1T".
[[nodiscard]] inline std::string decade_label(int e) {
  static constexpr const char* big[] = {"1", "10", "100", "1k", "10k", "100k", "1M", "10M", "100M",
                                        "1G", "10G", "100G", "1T", "10T", "100T", "1P", "10P", "100P"};
  if (e >= 0 && e < 18) return big[e];
  if (e < 0 && e >= -6) {
    std::string s = "0.";
    for (int i = -1; i > e; --i) s += '0';
    return s + "1";
  }
  return "1e" + std::to_string(e);
}

[[nodiscard]] inline std::string_view category_colour(category c) {
  switch (c) {
  case category::attention_proj: return "#1f77b4";
  case category::attention_core: return "#d62728";
  case category::mlp_proj: return "#2ca02c";
  case category::conv: return "#9467bd";
  case category::other: return "#ff7f0e";
  case category::module: return "#7f7f7f";
  }
  return "#7f7f7f";
}

struct log_axis {
  int lo = 0;  ///< decade exponent at the axis start
  int hi = 1;  ///< decade exponent at the axis end
  double from = 0.0, to = 1.0; ///< pixel range
  [[nodiscard]] double at(double v) const {
    const double t = (std::log10(v) - lo) / static_cast<double>(hi - lo);
    return from + t * (to - from);
  }
};

inline void svg_open(std::string& s, int w, int h, std::string_view title) {
  s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) + "\" height=\"" +
       std::to_string(h) + "\" viewBox=\"0 0 " + std::to_string(w) + " " + std::to_string(h) +
       "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<title>" + xml_escape(title) + "</title>\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + std::to_string(w / 2) + "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" +
       xml_escape(title) + "</text>\n";
}

inline void line(std::string& s, double x1, double y1, double x2, double y2, std::string_view style) {
  s += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\" " +
       std::string(style) + "/>\n";
}

inline void text(std::string& s, double x, double y, std::string_view anchor, std::string_view body,
                 std::string_view extra = {}) {
  s += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + std::string(anchor) + "\"" +
       (extra.empty() ? std::string() : " " + std::string(extra)) + ">" + xml_escape(body) + "</text>\n";
}

} // namespace detail

/// The roofline chart of `points` on device `d` (see the header comment).
[[nodiscard]] inline std::string svg_roofline(const device_spec& d, std::span<const roofline_point> points,
                                              std::string_view title) {
  constexpr int W = 900, H = 600, left = 80, right = 200, top = 40, bottom = 60;
  const double bw = static_cast<double>(d.memory_bandwidth);
  const double tensor = static_cast<double>(d.bf16_tensor_flops);
  const double tf32 = static_cast<double>(d.tf32_tensor_flops);
  const double fp32 = static_cast<double>(d.fp32_flops);

  double xmin = 0.1, xmax = 1e4, ymin = 1e9, ymax = tensor * 2.0;
  std::size_t shown = 0;
  for (const roofline_point& p : points) {
    if (p.flops <= 0.0 || p.bytes <= 0.0 || p.time_s <= 0.0) continue;
    ++shown;
    xmin = std::min(xmin, p.intensity());
    xmax = std::max(xmax, p.intensity());
    ymin = std::min(ymin, p.rate());
    ymax = std::max(ymax, p.rate());
  }
  detail::log_axis x{static_cast<int>(std::floor(std::log10(xmin))), static_cast<int>(std::ceil(std::log10(xmax))),
                     static_cast<double>(left), static_cast<double>(W - right)};
  detail::log_axis y{static_cast<int>(std::floor(std::log10(ymin))), static_cast<int>(std::ceil(std::log10(ymax))),
                     static_cast<double>(H - bottom), static_cast<double>(top)};
  if (x.hi <= x.lo) x.hi = x.lo + 1;
  if (y.hi <= y.lo) y.hi = y.lo + 1;

  std::string s;
  detail::svg_open(s, W, H, title.empty() ? std::string_view{"roofline"} : title);
  // grid and axis labels
  for (int e = x.lo; e <= x.hi; ++e) {
    const double px = x.at(std::pow(10.0, e));
    detail::line(s, px, top, px, H - bottom, "stroke=\"#e0e0e0\"");
    detail::text(s, px, H - bottom + 16, "middle", detail::decade_label(e));
  }
  for (int e = y.lo; e <= y.hi; ++e) {
    const double py = y.at(std::pow(10.0, e));
    detail::line(s, left, py, W - right, py, "stroke=\"#e0e0e0\"");
    detail::text(s, left - 6, py + 4, "end", detail::decade_label(e));
  }
  detail::text(s, (left + W - right) / 2.0, H - 20, "middle", "arithmetic intensity (FLOP / byte of device memory)");
  detail::text(s, 18, (top + H - bottom) / 2.0, "middle", "achieved rate (FLOP/s)",
               "transform=\"rotate(-90 18 " + detail::num((top + H - bottom) / 2.0) + ")\"");
  // roofs: memory slope up to the bf16 tensor peak, dashed ceilings below it
  const double x0 = std::pow(10.0, x.lo), x1 = std::pow(10.0, x.hi);
  const auto roof = [&](double peak, std::string_view style, std::string_view label) {
    const double ridge = peak / bw;
    const double xs = std::max(x0, std::min(ridge, x1));
    const double ys = std::max(std::pow(10.0, y.lo), x0 * bw);
    std::string pts = detail::num(x.at(x0)) + "," + detail::num(y.at(std::min(ys, peak))) + " " +
                      detail::num(x.at(xs)) + "," + detail::num(y.at(std::min(xs * bw, peak))) + " " +
                      detail::num(x.at(x1)) + "," + detail::num(y.at(peak));
    s += "<polyline fill=\"none\" points=\"" + pts + "\" " + std::string(style) + "/>\n";
    detail::text(s, W - right + 4, y.at(peak) + 4, "start", std::string(label) + " " + detail::num(peak / 1e12) + " T");
  };
  roof(fp32, "stroke=\"#888\" stroke-dasharray=\"4 3\"", "FP32");
  roof(tf32, "stroke=\"#555\" stroke-dasharray=\"6 3\"", "TF32");
  roof(tensor, "stroke=\"black\" stroke-width=\"2\"", "BF16");
  detail::text(s, x.at(x0) + 6, y.at(std::max(std::pow(10.0, y.lo), x0 * bw)) - 6, "start",
               "HBM " + detail::num(bw / 1e12) + " TB/s", "font-size=\"11\"");
  // points
  for (const roofline_point& p : points) {
    if (p.flops <= 0.0 || p.bytes <= 0.0 || p.time_s <= 0.0) continue;
    s += "<circle cx=\"" + detail::num(x.at(p.intensity())) + "\" cy=\"" + detail::num(y.at(p.rate())) +
         "\" r=\"3.5\" fill=\"" + std::string(detail::category_colour(p.cat)) + "\" fill-opacity=\"0.75\"><title>" +
         detail::xml_escape(p.id + " (" + std::string(name_of(p.cat)) + ", " + std::string(name_of(p.kernel)) +
                            "): " + detail::num(p.intensity()) + " FLOP/B, " + detail::num(p.rate() / 1e12) +
                            " TFLOP/s, " + detail::num(p.time_s) + " s x " + std::to_string(p.calls)) +
         "</title></circle>\n";
  }
  // legend and caption
  const category cats[] = {category::attention_proj, category::attention_core, category::mlp_proj, category::conv,
                           category::other};
  int ly = top + 140;
  for (const category c : cats) {
    s += "<circle cx=\"" + std::to_string(W - right + 12) + "\" cy=\"" + std::to_string(ly) + "\" r=\"5\" fill=\"" +
         std::string(detail::category_colour(c)) + "\"/>\n";
    detail::text(s, W - right + 22, ly + 4, "start", name_of(c));
    ly += 18;
  }
  detail::text(s, W - right + 4, ly + 12, "start", std::string(d.id), "font-weight=\"bold\"");
  detail::text(s, W - right + 4, ly + 28, "start",
               std::to_string(shown) + " of " + std::to_string(points.size()) + " kernels shown", "font-size=\"11\"");
  s += "</svg>\n";
  return s;
}

/// One bar of the stage chart.
struct stage_bar {
  std::string name;
  double time_s = 0.0;
  double lower_bound_s = 0.0;
};

/// The bars of a run: its stages, then `transfers` when the run moves weights.
[[nodiscard]] inline std::vector<stage_bar> stage_bars(const run_time& t) {
  std::vector<stage_bar> bars;
  for (std::size_t i = 0; i < t.stage_count; ++i) {
    const stage_time& st = t.stages[i];
    bars.push_back({std::string(name_of(st.stage)) + (st.on_host ? " (cpu)" : ""), st.time_s, st.time_lower_bound_s});
  }
  if (t.transfers.time_s > 0.0) bars.push_back({"transfers", t.transfers.time_s, t.transfers.time_lower_bound_s});
  return bars;
}

/// Horizontal bars of `bars` (seconds), the lower bound of each drawn as a dark tick.
[[nodiscard]] inline std::string svg_stage_times(std::span<const stage_bar> bars, std::string_view title) {
  constexpr int W = 900, left = 160, right = 120, top = 44, row = 34;
  const int H = top + row * static_cast<int>(bars.size()) + 50;
  double tmax = 0.0, total = 0.0;
  for (const stage_bar& b : bars) {
    tmax = std::max({tmax, b.time_s, b.lower_bound_s});
    total += b.time_s;
  }
  if (tmax <= 0.0) tmax = 1.0;
  const double span = W - left - right;
  std::string s;
  detail::svg_open(s, W, H, title.empty() ? std::string_view{"time per stage"} : title);
  int yy = top;
  for (const stage_bar& b : bars) {
    const double wbar = span * b.time_s / tmax;
    const double wlb = span * b.lower_bound_s / tmax;
    detail::text(s, left - 8, yy + 17, "end", b.name);
    s += "<rect x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(yy + 4) + "\" width=\"" + detail::num(wbar) +
         "\" height=\"20\" fill=\"#4c78a8\"><title>" +
         detail::xml_escape(b.name + ": " + detail::num(b.time_s) + " s (lower bound " + detail::num(b.lower_bound_s) +
                            " s)") +
         "</title></rect>\n";
    detail::line(s, left + wlb, yy + 2, left + wlb, yy + 26, "stroke=\"#222\" stroke-width=\"2\"");
    const double pct = total > 0.0 ? 100.0 * b.time_s / total : 0.0;
    detail::text(s, left + wbar + 6, yy + 17, "start", detail::num(b.time_s) + " s (" + detail::num(pct) + "%)");
    yy += row;
  }
  detail::line(s, left, top, left, yy, "stroke=\"black\"");
  detail::text(s, left, yy + 20, "start",
               "total " + detail::num(total) + " s; bar = estimate, tick = roofline lower bound", "font-size=\"11\"");
  s += "</svg>\n";
  return s;
}

/// The stage chart of a run.
[[nodiscard]] inline std::string svg_stage_times(const run_time& t, std::string_view title) {
  const std::vector<stage_bar> bars = stage_bars(t);
  return svg_stage_times(std::span<const stage_bar>(bars), title);
}

/// Time (line, left axis) and per-GPU peak memory (bars, right axis) of a run on 1, 2, 4, 8 GPUs
/// (run/scaling.hpp), with the ideal line t(1) / n; a point that does not fit its GPU is hollow.
[[nodiscard]] inline std::string svg_scaling(std::span<const scaling_point> points, double device_bytes,
                                             std::string_view title) {
  constexpr int W = 900, H = 420, left = 80, right = 90, top = 50, bottom = 60;
  const double pw = W - left - right, ph = H - top - bottom;
  std::string s;
  detail::svg_open(s, W, H, title.empty() ? std::string_view{"time and memory per GPU"} : title);
  if (points.empty()) {
    detail::text(s, W / 2.0, H / 2.0, "middle", "no legal layout of this family");
    s += "</svg>\n";
    return s;
  }
  double tmax = 0.0, mmax = device_bytes;
  for (const scaling_point& p : points) {
    tmax = std::max(tmax, p.time_s);
    mmax = std::max(mmax, static_cast<double>(p.peak_bytes));
  }
  if (tmax <= 0.0) tmax = 1.0;
  if (mmax <= 0.0) mmax = 1.0;
  const double slot = pw / static_cast<double>(points.size());
  const auto x_of = [&](std::size_t i) { return left + slot * (static_cast<double>(i) + 0.5); };
  const auto y_time = [&](double t) { return top + ph * (1.0 - t / tmax); };
  const auto y_mem = [&](double b) { return top + ph * (1.0 - b / mmax); };
  detail::line(s, left, top, left, top + ph, "stroke=\"black\"");
  detail::line(s, left, top + ph, left + pw, top + ph, "stroke=\"black\"");
  detail::line(s, left + pw, top, left + pw, top + ph, "stroke=\"black\"");
  detail::text(s, left - 8, top - 10, "end", "time (s)");
  detail::text(s, left + pw + 8, top - 10, "start", "GB per GPU");
  for (int k = 0; k <= 4; ++k) {
    const double f = k / 4.0;
    detail::text(s, left - 6, top + ph * (1.0 - f) + 4, "end", detail::num(tmax * f), "font-size=\"10\"");
    detail::text(s, left + pw + 6, top + ph * (1.0 - f) + 4, "start", detail::num(mmax * f / 1e9),
                 "font-size=\"10\"");
  }
  if (device_bytes > 0.0) {
    detail::line(s, left, y_mem(device_bytes), left + pw, y_mem(device_bytes),
                 "stroke=\"#c00\" stroke-dasharray=\"4 3\"");
    detail::text(s, left + pw - 4, y_mem(device_bytes) - 4, "end", "device memory", "font-size=\"10\" fill=\"#c00\"");
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    const scaling_point& p = points[i];
    const double x = x_of(i);
    const double y = y_mem(static_cast<double>(p.peak_bytes));
    s += "<rect x=\"" + detail::num(x - slot * 0.2) + "\" y=\"" + detail::num(y) + "\" width=\"" +
         detail::num(slot * 0.4) + "\" height=\"" + detail::num(top + ph - y) + "\" fill=\"#b9cde5\"><title>" +
         detail::xml_escape(std::to_string(p.gpus) + " GPUs: " + detail::num(static_cast<double>(p.peak_bytes) / 1e9) +
                            " GB per GPU") +
         "</title></rect>\n";
    detail::text(s, x, top + ph + 18, "middle", std::to_string(p.gpus) + (p.gpus == 1 ? " GPU" : " GPUs"));
  }
  const double t1 = points.front().gpus == 1 ? points.front().time_s : 0.0;
  std::string measured, ideal;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const scaling_point& p = points[i];
    measured += (i == 0 ? "" : " ") + detail::num(x_of(i)) + "," + detail::num(y_time(p.time_s));
    if (t1 > 0.0) ideal += (i == 0 ? "" : " ") + detail::num(x_of(i)) + "," + detail::num(y_time(t1 / static_cast<double>(p.gpus)));
  }
  if (!ideal.empty()) {
    s += "<polyline points=\"" + ideal + "\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"6 4\"/>\n";
  }
  s += "<polyline points=\"" + measured + "\" fill=\"none\" stroke=\"#4c78a8\" stroke-width=\"2\"/>\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const scaling_point& p = points[i];
    s += "<circle cx=\"" + detail::num(x_of(i)) + "\" cy=\"" + detail::num(y_time(p.time_s)) + "\" r=\"5\" " +
         (p.fits ? "fill=\"#4c78a8\"" : "fill=\"white\" stroke=\"#4c78a8\" stroke-width=\"2\"") + "><title>" +
         detail::xml_escape(std::to_string(p.gpus) + " GPUs: " + detail::num(p.time_s) + " s" +
                            (p.fits ? "" : " (does not fit)")) +
         "</title></circle>\n";
    detail::text(s, x_of(i) + 8, y_time(p.time_s) - 8, "start", detail::num(p.time_s) + " s", "font-size=\"11\"");
  }
  detail::text(s, left, H - 18, "start",
               "line = time per video, dashed = ideal t(1 GPU) / n, bars = peak memory per GPU, hollow = does not fit",
               "font-size=\"11\"");
  s += "</svg>\n";
  return s;
}

} // namespace wanmeter
