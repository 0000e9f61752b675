#pragma once
// pareto.svg: the candidates of `wanmeter plan` (run/plan_search.hpp) that fit, as time per video
// (log y) against the memory they hold, GPUs x peak GB per GPU (log x); the Pareto front (of
// three objectives: time, GPUs, GB per GPU) in colour by GPU count, the best plan ringed, the
// other fitting candidates as small grey dots. With nothing that fits, a caption says so.
// Built from the primitives of io/svg.hpp. Part of the opt-in `wanmeter::json` target.

#include <wanmeter/io/svg.hpp>
#include <wanmeter/run/plan_search.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace wanmeter {

namespace detail {

[[nodiscard]] inline std::string_view gpu_colour(count gpus) {
  switch (std::bit_width(gpus)) { // 1, 2-3, 4-7, 8-15, ...
  case 1: return "#1f77b4";
  case 2: return "#ff7f0e";
  case 3: return "#2ca02c";
  case 4: return "#d62728";
  case 5: return "#9467bd";
  case 6: return "#8c564b";
  default: return "#e377c2";
  }
}

[[nodiscard]] inline double held_gb(const plan_candidate& c) {
  return static_cast<double>(c.gpus) * static_cast<double>(c.peak_bytes) / 1e9;
}

} // namespace detail

/// The front chart of search result `r` (see the header comment).
[[nodiscard]] inline std::string svg_pareto(const plan_result& r, std::string_view title) {
  constexpr int W = 900, H = 560, left = 80, right = 170, top = 50, bottom = 70;
  std::string s;
  detail::svg_open(s, W, H, title.empty() ? std::string_view{"time against memory held"} : title);
  std::vector<const plan_candidate*> fit;
  for (const plan_candidate& c : r.candidates) {
    if (c.fits && c.time.time_s > 0.0 && c.peak_bytes > 0) fit.push_back(&c);
  }
  if (fit.empty()) {
    detail::text(s, W / 2.0, H / 2.0, "middle", "nothing fits the limits: see plan.md for the smallest change");
    s += "</svg>\n";
    return s;
  }
  double tmin = fit.front()->time.time_s, tmax = tmin, mmin = detail::held_gb(*fit.front()), mmax = mmin;
  for (const plan_candidate* c : fit) {
    tmin = std::min(tmin, c->time.time_s);
    tmax = std::max(tmax, c->time.time_s);
    mmin = std::min(mmin, detail::held_gb(*c));
    mmax = std::max(mmax, detail::held_gb(*c));
  }
  const auto decade_lo = [](double v) { return static_cast<int>(std::floor(std::log10(v))); };
  const auto decade_hi = [](double v) { return static_cast<int>(std::ceil(std::log10(v) + 1e-12)); };
  detail::log_axis x{.lo = decade_lo(mmin), .hi = std::max(decade_hi(mmax), decade_lo(mmin) + 1),
                     .from = double(left), .to = double(W - right)};
  detail::log_axis y{.lo = decade_lo(tmin), .hi = std::max(decade_hi(tmax), decade_lo(tmin) + 1),
                     .from = double(H - bottom), .to = double(top)};
  detail::line(s, left, top, left, H - bottom, "stroke=\"black\"");
  detail::line(s, left, H - bottom, W - right, H - bottom, "stroke=\"black\"");
  for (int e = x.lo; e <= x.hi; ++e) {
    const double px = x.at(std::pow(10.0, e));
    detail::line(s, px, top, px, H - bottom, "stroke=\"#ddd\"");
    detail::text(s, px, H - bottom + 16, "middle", detail::decade_label(e), "font-size=\"10\"");
  }
  for (int e = y.lo; e <= y.hi; ++e) {
    const double py = y.at(std::pow(10.0, e));
    detail::line(s, left, py, W - right, py, "stroke=\"#ddd\"");
    detail::text(s, left - 6, py + 4, "end", detail::decade_label(e), "font-size=\"10\"");
  }
  detail::text(s, (left + W - right) / 2.0, H - bottom + 36, "middle", "memory held: GPUs x peak GB per GPU");
  detail::text(s, left - 8, top - 12, "end", "time (s)");
  for (const plan_candidate* c : fit) {
    if (c->pareto) continue;
    s += "<circle cx=\"" + detail::num(x.at(detail::held_gb(*c))) + "\" cy=\"" + detail::num(y.at(c->time.time_s)) +
         "\" r=\"2\" fill=\"#bbb\"/>\n";
  }
  std::vector<const plan_candidate*> front;
  for (const plan_candidate* c : fit) {
    if (c->pareto) front.push_back(c);
  }
  for (const plan_candidate* c : front) {
    s += "<circle cx=\"" + detail::num(x.at(detail::held_gb(*c))) + "\" cy=\"" + detail::num(y.at(c->time.time_s)) +
         "\" r=\"5\" fill=\"" + std::string(detail::gpu_colour(c->gpus)) + "\"><title>" +
         detail::xml_escape(std::to_string(c->gpus) + " x " + std::string(c->device->id) + ": " +
                            detail::num(c->time.time_s) + " s, " + detail::num(static_cast<double>(c->peak_bytes) / 1e9) +
                            " GB per GPU, " + layout_label(c->layout)) +
         "</title></circle>\n";
  }
  if (r.best) {
    const plan_candidate& b = r.candidates[*r.best];
    const double bx = x.at(detail::held_gb(b)), by = y.at(b.time.time_s);
    s += "<circle cx=\"" + detail::num(bx) + "\" cy=\"" + detail::num(by) +
         "\" r=\"10\" fill=\"none\" stroke=\"black\" stroke-width=\"2\"/>\n";
    detail::text(s, bx + 12, by - 10, "start", "best: " + detail::num(b.time.time_s) + " s", "font-size=\"11\"");
  }
  // Legend: the GPU counts asked.
  double ly = top + 10;
  for (const count n : r.question.gpus) {
    s += "<circle cx=\"" + detail::num(W - right + 24.0) + "\" cy=\"" + detail::num(ly) + "\" r=\"5\" fill=\"" +
         std::string(detail::gpu_colour(n)) + "\"/>\n";
    detail::text(s, W - right + 36.0, ly + 4, "start", std::to_string(n) + (n == 1 ? " GPU" : " GPUs"));
    ly += 20;
  }
  detail::text(s, left, H - 16, "start",
               "coloured = Pareto front (time, GPUs, GB per GPU), grey = other fitting candidates, ring = best",
               "font-size=\"11\"");
  s += "</svg>\n";
  return s;
}

} // namespace wanmeter
