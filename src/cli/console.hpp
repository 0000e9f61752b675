#pragma once
// What `wanmeter` prints on standard output: the usage texts, `list`, and the lines of
// `analyze` (where the artifacts are and the key totals). The analysis lines read the run's
// report here and nowhere else in the CLI besides artifacts.cpp.
#include "artifacts.hpp"
#include "request.hpp"

#include <wanmeter/run/analyze.hpp>

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

namespace wanmeter::cli {

/// `wanmeter --help`.
void print_usage(std::ostream& out);

/// `wanmeter analyze --help`: the flags of request.hpp's table.
void print_analyze_usage(std::ostream& out);

/// The rows of a flag table (request.hpp, plan.hpp) as `--help` prints them.
void print_flag_table(std::ostream& out, std::span<const flag_spec> flags);

/// `wanmeter --version`.
void print_version(std::ostream& out);

/// `wanmeter list`: the model, profile and device ids.
void print_list(std::ostream& out);

/// The lines of `wanmeter analyze` after its artifacts are written (or would be: `set.folder`).
void print_analysis(std::ostream& out, const analyze_request& a, const run_report& r, const artifact_set& set);

/// `text` with every control character (bytes below 0x20 and 0x7f) written as `\xNN`, so that
/// an echoed value cannot move the cursor, clear the screen or start a line.
[[nodiscard]] std::string printable(std::string_view text);

} // namespace wanmeter::cli
