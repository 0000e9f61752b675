#pragma once
// IEEE-754 binary64 operations that the official Python code uses, evaluated exactly as CPython
// and NumPy evaluate them, and usable in constant evaluation (neither g++ 12 nor clang 16 accepts
// `std::sqrt`, `std::fmod` or `std::floor` in a constant expression in general: clang not at all,
// g++ only by folding its builtins).
//
//   correctly_rounded_sqrt(x)  sqrt rounded to nearest even, like IEEE sqrt (np.sqrt, math.sqrt,
//                              C++ std::sqrt); integer square root of the 54-bit-scaled mantissa
//   exact_fmod(a, b)           C fmod: a - n*b with n = trunc(a/b), computed exactly (the result
//                              is always representable)
//   floor_of(x)                C floor
//   python_floordiv(a, b)      Python's `a // b` on floats and NumPy's floor_divide on float64:
//                              mod = fmod(a, b); div = (a - mod) / b; if mod and the signs of b
//                              and mod differ: div -= 1; then floor(div), plus 1 if div - floor(div)
//                              > 0.5. NOT floor(a / b): 1.0 // 0.1 is 9.0 while floor(1.0 / 0.1)
//                              is 10.0, because 0.1 is slightly above 1/10.
//   python_round(x)            Python's round(x) for a float: to nearest, ties to even.
//
// Domain: finite doubles; a zero divisor in python_floordiv throws `invalid_input` (Python raises
// ZeroDivisionError). Worked example (Wan2.1 I2V 480P with an 832x480 image): 480 / 832 =
// 0.5769230769230769 (rounded down), 399360 * that = 230399.99999999997, its correctly rounded
// root 479.99999999999994, python_floordiv(.., 8.0) = 59.0, not the exact 60.

#include <wanmeter/core/errors.hpp>

#include <cstdint>
#include <limits>

namespace wanmeter {

namespace detail {
// std::bit_cast through the builtin both g++ and clang have (constexpr), since the libc++ of the
// WebAssembly build (emscripten's, LLVM 13) has no std::bit_cast.
[[nodiscard]] constexpr std::uint64_t bits_of(double x) { return __builtin_bit_cast(std::uint64_t, x); }
[[nodiscard]] constexpr double double_of(std::uint64_t bits) { return __builtin_bit_cast(double, bits); }
} // namespace detail


namespace detail {
inline constexpr std::uint64_t f64_mantissa_mask = (std::uint64_t{1} << 52) - 1;
inline constexpr std::uint64_t f64_hidden_bit = std::uint64_t{1} << 52;
inline constexpr std::uint64_t f64_sign_bit = std::uint64_t{1} << 63;

/// |x| = mantissa * 2^exponent with mantissa in [2^52, 2^53) (subnormals normalised); x finite, != 0.
struct f64_parts {
  std::uint64_t mantissa = 0;
  int exponent = 0;
};
[[nodiscard]] constexpr f64_parts decompose(double x) {
  const std::uint64_t bits = detail::bits_of(x);
  int biased = static_cast<int>((bits >> 52) & 0x7ff);
  std::uint64_t m = bits & f64_mantissa_mask;
  if (biased == 0) { // subnormal
    biased = 1;
    while ((m & f64_hidden_bit) == 0) {
      m <<= 1;
      --biased;
    }
  } else {
    m |= f64_hidden_bit;
  }
  return {m, biased - 1075};
}

/// 2^k for k in [-1022, 1023] (a normal power of two).
[[nodiscard]] constexpr double pow2(int k) {
  return detail::double_of(static_cast<std::uint64_t>(k + 1023) << 52);
}

/// v * 2^k, exact when the result is representable (v an integer below 2^53, k >= -1074).
[[nodiscard]] constexpr double scale_by_pow2(double v, int k) {
  while (k > 1023) {
    v *= pow2(1023);
    k -= 1023;
  }
  if (k >= -1022) return v * pow2(k);
  v *= pow2(-1022);
  return v * pow2(k + 1022);
}

[[nodiscard]] constexpr bool is_finite(double x) {
  return ((detail::bits_of(x) >> 52) & 0x7ff) != 0x7ff;
}

[[nodiscard]] constexpr double copysign_of(double magnitude, double sign) {
  const std::uint64_t m = detail::bits_of(magnitude) & ~f64_sign_bit;
  return detail::double_of(m | (detail::bits_of(sign) & f64_sign_bit));
}
} // namespace detail

/// Square root rounded to nearest (ties to even: never reached, no root of a double lies on a
/// midpoint). sqrt(+-0) = +-0, sqrt(+inf) = +inf, NaN for negative or NaN input.
/// Method: x = m * 2^E with E even and m < 2^54; q = floor(sqrt(m * 2^54)) by the bit-by-bit
/// restoring method (remainder < 2^57), q has 54 bits: the top 53 are the result, the last one
/// and the remainder decide the rounding.
[[nodiscard]] constexpr double correctly_rounded_sqrt(double x) {
  if (x != x || x < 0.0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0.0 || !detail::is_finite(x)) return x;
  detail::f64_parts p = detail::decompose(x);
  if ((p.exponent & 1) != 0) {
    p.mantissa <<= 1;
    --p.exponent;
  }
  // M = mantissa * 2^54 (108 bits); bring its bits down two at a time.
  std::uint64_t q = 0;
  std::uint64_t r = 0;
  for (int i = 53; i >= 0; --i) {
    const int shift = 2 * i - 54;
    const std::uint64_t pair = shift >= 0 ? (p.mantissa >> shift) & 3 : 0;
    r = (r << 2) | pair;
    const std::uint64_t t = (q << 2) | 1;
    if (r >= t) {
      r -= t;
      q = (q << 1) | 1;
    } else {
      q <<= 1;
    }
  }
  // sqrt(x) = sqrt(M) * 2^((E - 54) / 2), q in [2^53, 2^54).
  std::uint64_t mant = q >> 1;
  int e2 = (p.exponent - 54) / 2 + 1; // value = mant * 2^e2
  const bool round_bit = (q & 1) != 0;
  const bool sticky = r != 0;
  if (round_bit && (sticky || (mant & 1) != 0)) ++mant;
  if (mant == (std::uint64_t{1} << 53)) {
    mant >>= 1;
    ++e2;
  }
  return detail::double_of((static_cast<std::uint64_t>(e2 + 1075) << 52) | (mant & detail::f64_mantissa_mask));
}

/// C `fmod(a, b)`: the exact remainder a - trunc(a / b) * b, with the sign of a. NaN when a is not
/// finite, b is NaN or b is 0; a when b is infinite.
[[nodiscard]] constexpr double exact_fmod(double a, double b) {
  if (!detail::is_finite(a) || b != b || b == 0.0) return std::numeric_limits<double>::quiet_NaN();
  if (!detail::is_finite(b) || a == 0.0) return a;
  const double abs_a = a < 0.0 ? -a : a;
  const double abs_b = b < 0.0 ? -b : b;
  if (abs_a < abs_b) return a;
  const detail::f64_parts pa = detail::decompose(abs_a);
  const detail::f64_parts pb = detail::decompose(abs_b);
  // |a| mod |b| = ((ma * 2^(ea - eb)) mod mb) * 2^eb, with ea >= eb since |a| >= |b|.
  std::uint64_t r = pa.mantissa % pb.mantissa;
  for (int k = pa.exponent - pb.exponent; k > 0; --k) r = (r << 1) % pb.mantissa;
  const double magnitude = r == 0 ? 0.0 : detail::scale_by_pow2(static_cast<double>(r), pb.exponent);
  return detail::copysign_of(magnitude, a);
}

/// C `floor(x)` (keeps the sign of zero; non-finite values unchanged).
[[nodiscard]] constexpr double floor_of(double x) {
  if (!detail::is_finite(x) || x == 0.0) return x;
  if (x >= 4503599627370496.0 || x <= -4503599627370496.0) return x; // |x| >= 2^52: an integer
  double t = static_cast<double>(static_cast<std::int64_t>(x));     // truncation, exact here
  if (t > x) t -= 1.0;
  return t == 0.0 ? detail::copysign_of(0.0, x) : t;
}

/// Python's float `a // b` (CPython float_floor_div) = NumPy's floor_divide on float64.
/// Throws `invalid_input` for b == 0 (Python: ZeroDivisionError).
[[nodiscard]] constexpr double python_floordiv(double a, double b) {
  if (b == 0.0) throw invalid_input("float_floor_division", "0", "division by zero (Python: ZeroDivisionError)");
  double mod = exact_fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0) {
    if ((b < 0.0) != (mod < 0.0)) {
      mod += b;
      div -= 1.0;
    }
  }
  if (div == 0.0) return detail::copysign_of(0.0, a / b);
  double floordiv = floor_of(div);
  if (div - floordiv > 0.5) floordiv += 1.0;
  return floordiv;
}

/// Python's `round(x)` for a float: to the nearest integer, ties to even, returned as a double.
/// Python returns an int, so a zero result has no sign: round(-0.4) is 0, returned as +0.0.
[[nodiscard]] constexpr double python_round(double x) {
  const double f = floor_of(x);
  const double diff = x - f; // exact for |x| < 2^52; 0 beyond
  double r = f;
  if (diff > 0.5 || (diff == 0.5 && floor_of(f * 0.5) * 2.0 != f)) r = f + 1.0;
  return r == 0.0 ? 0.0 : r;
}

} // namespace wanmeter
