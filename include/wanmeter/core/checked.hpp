#pragma once
// Checked unsigned 64-bit arithmetic, usable in constant evaluation.
//
// Every count in wanmeter (FLOPs, bytes, elements) is a `std::uint64_t` that must never wrap.
// `checked_add` / `checked_mul` return the exact result or fail:
//   * inside constant evaluation they call a non-constexpr function whose *name* is the message,
//     so the build stops with "... wanmeter::compile_time_error::integer_overflow_in_cost_count ...";
//   * at run time they throw `wanmeter::overflow_error` (a `std::overflow_error`).
//
// Worked example: the 14B DiT at 1280x720x81 is 6,523,436,592,005,120 FLOPs per forward
// (about 2^52.5); 50 steps x 2 (CFG) is 6.5e17, 28x below UINT64_MAX (1.8e19). A batch of 32
// at that size overflows and is reported instead of wrapping.

#include <cstdint>
#include <stdexcept>
#include <type_traits>

namespace wanmeter {

using count = std::uint64_t;

/// Thrown at run time when a count does not fit in 64 bits.
class overflow_error : public std::overflow_error {
public:
  overflow_error()
      : std::overflow_error("wanmeter: integer overflow: the workload's counts exceed the 64-bit "
                            "range (reduce batch, frames, resolution or steps)") {}
};

namespace compile_time_error {
/// Not constexpr on purpose: reaching it during constant evaluation is a compile error whose text
/// names this function.
inline void integer_overflow_in_cost_count() {}
} // namespace compile_time_error

namespace detail {
[[noreturn]] inline void throw_overflow() { throw overflow_error{}; }
} // namespace detail

/// a + b, or an overflow error.
[[nodiscard]] constexpr count checked_add(count a, count b) {
  count r{};
  if (__builtin_add_overflow(a, b, &r)) {
    if (std::is_constant_evaluated()) compile_time_error::integer_overflow_in_cost_count();
    detail::throw_overflow();
  }
  return r;
}

/// a * b, or an overflow error.
[[nodiscard]] constexpr count checked_mul(count a, count b) {
  count r{};
  if (__builtin_mul_overflow(a, b, &r)) {
    if (std::is_constant_evaluated()) compile_time_error::integer_overflow_in_cost_count();
    detail::throw_overflow();
  }
  return r;
}

/// Product of any number of factors, each step checked: `mul(2, L, D, D)` (one D x D Linear
/// on L tokens; at 720p 3,963,617,280,000, compiled in examples/header_snippets.cpp).
template <class... Ts>
[[nodiscard]] constexpr count mul(count first, Ts... rest) {
  ((first = checked_mul(first, static_cast<count>(rest))), ...);
  return first;
}

/// Sum of any number of terms, each step checked.
template <class... Ts>
[[nodiscard]] constexpr count add(count first, Ts... rest) {
  ((first = checked_add(first, static_cast<count>(rest))), ...);
  return first;
}

/// ceil(a / b) for b > 0.
[[nodiscard]] constexpr count ceil_div(count a, count b) { return a / b + (a % b != 0 ? 1 : 0); }

} // namespace wanmeter
