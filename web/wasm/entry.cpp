// The WebAssembly entry point of the web calculator (web/index.html): the flags of
// `wanmeter analyze` or `wanmeter plan` as name -> text pairs (the page's URL hash), mapped by the
// CLI's own parse_analyze (src/cli/request.cpp) or parse_plan (src/cli/plan.cpp), analysed by
// wanmeter::analyze or searched by wanmeter::plan_search, written by the library's writers:
// report.json (io/json.hpp, byte for byte what `wanmeter analyze --stdout` prints), summary.md
// (io/summary_md.hpp) and the two SVG charts (io/svg.hpp, the titles the CLI gives them); plan.json
// (io/plan_json.hpp, byte for byte what `wanmeter plan --stdout` prints), plan.md and pareto.svg
// (io/plan_md.hpp, io/plan_svg.hpp). No formula lives here or in the page's JavaScript.
//
// C interface (exported; web/app.js calls it through the Emscripten runtime):
//   wm_catalog()             JSON text: models, profiles, devices and the flags of `analyze` and `plan`
//   wm_analyze(pairs, len)   `pairs` = name \0 value \0 name \0 value \0 ... (len bytes);
//                            returns the CLI's exit code: 0 ok, 2 usage or invalid input,
//                            3 overflow, 5 out of memory, 1 internal error
//   wm_plan(pairs, len)      the same for the flags of `wanmeter plan`
//   wm_out(k), wm_out_len(k) the texts of the last call: k = 0 report.json, 1 roofline.svg,
//                            2 stage_times.svg, 3 error message (the CLI's stderr line), 4 the
//                            knob of an invalid_input ("frames", "guidance_scale", ...), 5 run id,
//                            6 summary.md (formed on the first request), 7 plan.json, 8 plan.md
//                            (formed on the first request), 9 pareto.svg
#include "plan.hpp"
#include "plan_entry.hpp"
#include "request.hpp"

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/hw/devices.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/hw/network.hpp>
#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/io/svg.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/run/analyze.hpp>
#include <wanmeter/version.hpp>

#include <boost/json.hpp>

#include <emscripten/emscripten.h>

#include <array>
#include <cstddef>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace {

using namespace wanmeter;

enum out_kind : int {
  report_json, roofline_svg, stage_times_svg, message, knob, run_id, summary_md, plan_json, plan_md, pareto_svg,
  out_count
};

std::array<std::string, out_count> outputs;
std::optional<run_report> last_run;

/// The CLI's analysis of a parsed request (src/cli/cli.cpp, `analyze`).
run_report analyze_like_cli(const cli::analyze_request& a) { return wanmeter::analyze(a.request()); }

std::string catalog_text() {
  namespace json = boost::json;
  json::array models;
  for (const model_entry& m : model_registry) {
    models.push_back(json::object{{"id", m.id},
                                  {"description", m.description},
                                  {"image_conditioned", m.defaults.image_input},
                                  {"ti2v", m.arch.type == model_type::ti2v}});
  }
  json::array profiles;
  for (const profile_entry& p : profile_registry) {
    profiles.push_back(json::object{{"id", p.id}, {"description", p.description}});
  }
  json::array devices;
  for (const device_spec& d : device_registry) {
    devices.push_back(json::object{{"id", d.id}, {"name", d.name}});
  }
  json::array interconnects;
  for (const interconnect_spec& ic : interconnect_registry) {
    interconnects.push_back(json::object{{"id", ic.id}, {"name", ic.name}});
  }
  json::array networks;
  for (const network_spec& n : network_registry) {
    networks.push_back(json::object{{"id", n.id}, {"name", n.name}});
  }
  const auto flag_table = [](std::span<const cli::flag_spec> table) {
    json::array flags;
    for (const cli::flag_spec& f : table) {
      flags.push_back(json::object{{"name", f.name}, {"value_name", f.value_name}, {"help", f.help}});
    }
    return flags;
  };
  return json::serialize(json::object{{"version", wanmeter::version},
                                      {"models", models},
                                      {"profiles", profiles},
                                      {"devices", devices},
                                      {"interconnects", interconnects},
                                      {"networks", networks},
                                      {"flags", flag_table(cli::analyze_flags)},
                                      {"plan_flags", flag_table(cli::plan_flags)}});
}

int fail(int rc, std::string text, std::string knob_name = {}) {
  outputs[message] = std::move(text);
  outputs[knob] = std::move(knob_name);
  return rc;
}

/// `pairs` (name \0 value \0 ...) as flags; the flags that have no meaning in a page refused.
cli::flag_values flags_of(const char* pairs, int len) {
  cli::flag_values flags;
  const std::string_view all(pairs, static_cast<std::size_t>(len));
  std::size_t at = 0;
  while (at < all.size()) {
    const std::size_t name_end = all.find('\0', at);
    const std::size_t value_end = all.find('\0', name_end + 1);
    if (name_end == std::string_view::npos || value_end == std::string_view::npos) break;
    flags.emplace_back(std::string(all.substr(at, name_end - at)),
                       std::string(all.substr(name_end + 1, value_end - name_end - 1)));
    at = value_end + 1;
  }
  for (const auto& f : flags) {
    if (f.first == "config" || f.first == "output-root" || f.first == "stdout" || f.first == "help") {
      throw cli::usage_error("option '--" + f.first + "' is not available in the web page");
    }
  }
  return flags;
}

/// The CLI's exit codes and stderr lines (src/cli/cli.cpp, `run`) for the exception in flight.
int fail_from_current_exception() {
  try {
    throw;
  } catch (const cli::usage_error& e) {
    return fail(2, std::string("wanmeter: ") + e.what());
  } catch (const invalid_input& e) {
    return fail(2, e.what(), e.knob());
  } catch (const wanmeter::overflow_error& e) {
    return fail(3, e.what());
  } catch (const std::bad_alloc&) {
    return fail(5, "wanmeter: out of memory (a smaller workload or more memory may help)");
  } catch (const std::exception& e) {
    return fail(1, std::string("wanmeter: internal error: ") + e.what());
  } catch (...) {
    return fail(1, "wanmeter: internal error: unknown exception");
  }
}

} // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* wm_catalog() {
  static const std::string text = catalog_text();
  return text.c_str();
}

EMSCRIPTEN_KEEPALIVE int wm_analyze(const char* pairs, int len) {
  for (std::string& s : outputs) s.clear();
  last_run.reset();
  wanmeter_web::forget_plan();
  try {
    const cli::analyze_request a = cli::parse_analyze(flags_of(pairs, len));
    last_run.emplace(analyze_like_cli(a));
    const run_report& r = *last_run;
    outputs[report_json] = to_json_text(r.view());
    if (r.has_device()) {
      const run_request& q = a.run;
      const std::string title = std::string(q.model.id) + " on " + std::string(q.device->id);
      outputs[roofline_svg] = svg_roofline(*q.device, r.points, "roofline: " + title);
      outputs[stage_times_svg] = svg_stage_times(r.time, "time per stage: " + title);
    }
    outputs[run_id] = a.run_id;
    return 0;
  } catch (...) {
    return fail_from_current_exception();
  }
}

EMSCRIPTEN_KEEPALIVE int wm_plan(const char* pairs, int len) {
  for (std::string& s : outputs) s.clear();
  last_run.reset();
  wanmeter_web::forget_plan();
  try {
    // As src/cli/plan_command.cpp: the same parse, search, writers and chart title (plan_entry.cpp).
    wanmeter_web::plan_texts t = wanmeter_web::answer_plan(flags_of(pairs, len));
    outputs[plan_json] = std::move(t.plan_json);
    outputs[pareto_svg] = std::move(t.pareto_svg);
    outputs[run_id] = std::move(t.run_id);
    return 0;
  } catch (...) {
    return fail_from_current_exception();
  }
}

EMSCRIPTEN_KEEPALIVE const char* wm_out(int k) {
  if (k < 0 || k >= out_count) return "";
  if (k == summary_md && outputs[summary_md].empty() && last_run) {
    try {
      outputs[summary_md] = to_summary_markdown(last_run->view(), scaling_of(*last_run));
    } catch (const std::exception& e) {
      outputs[summary_md] = std::string("wanmeter: ") + e.what();
    }
  }
  if (k == plan_md && outputs[plan_md].empty()) {
    try {
      outputs[plan_md] = wanmeter_web::plan_markdown();
    } catch (const std::exception& e) {
      outputs[plan_md] = std::string("wanmeter: ") + e.what();
    }
  }
  return outputs[static_cast<std::size_t>(k)].c_str();
}

EMSCRIPTEN_KEEPALIVE int wm_out_len(int k) {
  if (k < 0 || k >= out_count) return 0;
  (void)wm_out(k);
  return static_cast<int>(outputs[static_cast<std::size_t>(k)].size());
}

} // extern "C"
