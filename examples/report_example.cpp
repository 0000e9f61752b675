// The runtime part of the per-profile examples (report_example.hpp), compiled once for all.
#include "report_example.hpp"

#include <wanmeter/io/json.hpp>
#include <wanmeter/io/summary_md.hpp>

#include <cstdio>
#include <string>
#include <string_view>

namespace example {

int print_report(const wanmeter::report_view& r, int argc, char** argv) {
  const bool json = argc > 1 && std::string_view(argv[1]) == "--json";
  const std::string text = json ? wanmeter::to_json_text(r) : wanmeter::to_summary_markdown(r);
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() ? 0 : 1;
}

} // namespace example
