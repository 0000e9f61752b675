#pragma once
// The plan half of the web page's WebAssembly entry (web/wasm/entry.cpp calls it): `wanmeter plan`
// for flag pairs, kept in its own translation unit so that scripts/web.sh can compile the search
// for size (-Os) while the analysis keeps -O2 (docs/web.md: the size of wanmeter.wasm).
#include "request.hpp"

#include <string>

namespace wanmeter_web {

/// The texts of one plan question, as `wanmeter plan` writes them.
struct plan_texts {
  std::string plan_json;  ///< byte for byte `wanmeter plan --stdout`
  std::string pareto_svg; ///< pareto.svg, with the CLI's title
  std::string run_id;
};

/// parse_plan, plan_search and the writers (src/cli/plan_command.cpp does the same); the result is
/// kept for `plan_markdown`. Throws what the CLI's parse and search throw.
[[nodiscard]] plan_texts answer_plan(const wanmeter::cli::flag_values& flags);

/// plan.md of the last answer ("" when none).
[[nodiscard]] std::string plan_markdown();

/// Forgets the last answer.
void forget_plan();

} // namespace wanmeter_web
