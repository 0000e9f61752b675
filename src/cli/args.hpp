#pragma once
// Splitting the arguments of `wanmeter analyze` into flag name -> text pairs (request.hpp), with
// Boost.ProgramOptions: `--name value`, `--name=value`, `-h`. No option-name guessing (`--prof`
// is an unknown flag, never `--profile`), so a flag added later cannot change what an old
// command line means. Throws `usage_error` with Boost's wording ("unrecognised option '--bogus'").
//
// Boost.ProgramOptions 1.81 loops forever when it builds the message of an unknown option whose
// text holds a '%...%' placeholder ("--bogus=%original_token%", found by fuzz/cli_args_fuzzer).
// One rule avoids it: a value may hold '%' in both spellings (`--output-root=out%1`,
// `--output-root out%1`); an option whose name is not a flag is reported here, before Boost sees it.
#include "request.hpp"

#include <span>
#include <string>

namespace wanmeter::cli {

[[nodiscard]] flag_values split_analyze_args(std::span<const std::string> args);

/// The same for another command's flags (`wanmeter plan`: src/cli/plan.cpp).
[[nodiscard]] flag_values split_args(std::span<const std::string> args, std::span<const flag_spec> known);

} // namespace wanmeter::cli
