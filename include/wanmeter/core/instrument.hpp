#pragma once
// Counting hooks for tests: how often a run plans, validates its workload and builds each stage
// tree. Compiled to nothing unless WANMETER_COUNT_EVENTS is defined (a test executable of its own
// defines it for all its translation units: test/runtime_counted/), and never counted during
// constant evaluation.
//
//   count_event(event::plan);   // in make_run_plan
//   event_counts()[event::plan] // in the test

#include <array>
#include <cstddef>
#include <type_traits>

namespace wanmeter {

enum class event : unsigned char { plan, validate_workload, build_dit, build_text_encoder, build_image_encoder, build_vae };
inline constexpr std::size_t event_count = 6;

#ifdef WANMETER_COUNT_EVENTS
struct event_counter {
  std::array<unsigned long, event_count> n{};
  [[nodiscard]] unsigned long operator[](event e) const { return n[static_cast<std::size_t>(e)]; }
  void reset() { n = {}; }
};
[[nodiscard]] inline event_counter& event_counts() {
  static event_counter c{};
  return c;
}
constexpr void count_event(event e) {
  if (!std::is_constant_evaluated()) ++event_counts().n[static_cast<std::size_t>(e)];
}
#else
constexpr void count_event(event) {}
#endif

} // namespace wanmeter
