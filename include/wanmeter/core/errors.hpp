#pragma once
// Errors for bad input. Every message names the knob, the value and the legal rule:
//   "wanmeter: invalid frames = 80: frames must be 4n+1 (1, 5, 9, ..., 81, ..., 4093)"
// At run time they are exceptions derived from std::invalid_argument; inside constant evaluation
// the same checks call a non-constexpr function of `compile_time_error` whose name is the rule.

#include <stdexcept>
#include <string>
#include <string_view>

namespace wanmeter {

/// A workload knob, architecture field or identifier that breaks a documented rule.
class invalid_input : public std::invalid_argument {
public:
  invalid_input(std::string_view knob, std::string_view value, std::string_view rule)
      : std::invalid_argument(compose(knob, value, rule)), knob_(knob) {}

  /// Name of the offending knob or field, e.g. "frames", "height", "model".
  [[nodiscard]] const std::string& knob() const noexcept { return knob_; }

private:
  static std::string compose(std::string_view knob, std::string_view value, std::string_view rule) {
    std::string s = "wanmeter: invalid ";
    s.append(knob).append(" = ").append(value).append(": ").append(rule);
    return s;
  }
  std::string knob_;
};

} // namespace wanmeter
