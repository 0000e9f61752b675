// See plan_entry.hpp.
#include "plan_entry.hpp"

#include "plan.hpp"

#include <wanmeter/io/plan_json.hpp>
#include <wanmeter/io/plan_md.hpp>
#include <wanmeter/io/plan_svg.hpp>
#include <wanmeter/run/plan_search.hpp>

#include <optional>
#include <string>

namespace wanmeter_web {
namespace {

std::optional<wanmeter::plan_result> last_plan;

} // namespace

plan_texts answer_plan(const wanmeter::cli::flag_values& flags) {
  last_plan.reset();
  const wanmeter::cli::plan_request p = wanmeter::cli::parse_plan(flags);
  last_plan.emplace(wanmeter::plan_search(p.question_in_place()));
  const wanmeter::plan_result& r = *last_plan;
  return {.plan_json = wanmeter::to_plan_json_text(r),
          .pareto_svg = wanmeter::svg_pareto(r, "time against memory held: " + std::string(r.question.base.model.id)),
          .run_id = p.run_id};
}

std::string plan_markdown() { return last_plan ? wanmeter::to_plan_markdown(*last_plan) : std::string(); }

void forget_plan() { last_plan.reset(); }

} // namespace wanmeter_web
