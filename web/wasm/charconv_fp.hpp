#pragma once
// Floating-point std::to_chars / std::from_chars for the WebAssembly build.
//
// The library writes doubles in report.json with the plain `std::to_chars(first, last, double)`
// (io/json.hpp) and reads `--guidance-scale` / `--shift` with `std::from_chars(..., double&)`
// (src/cli/request.cpp). The native builds use libstdc++ 12, which has both. Emscripten 3.1.6
// (Debian's) ships libc++ 13, which has neither (they are declared deleted for floating types), so
// web/wasm/build.sh force-includes this header (`-include`) into every wasm translation unit. It
// adds the two overloads to libc++'s std namespace, so the shared sources compile unchanged.
//
// to_chars (the plain overload, [charconv.to.chars]): the shortest decimal that reads back as the
// same double (Ryu: Boost.JSON's copy, boost/json/detail/ryu, which prints `D.DDDE[-]X`), written
// in fixed or in scientific notation, whichever is shorter, fixed on a tie; scientific is
// `d[.ddd]e±XX` (at least two exponent digits). A value that is an integer in fixed notation is
// printed exactly (`%.0f`), as libstdc++ does: 1e22 -> "1e+22" (shorter), 123456789012345683968.0
// -> "123456789012345683968" (21 characters against 22 for "1.2345678901234568e+20").
//   0.0208101313227491 -> "0.0208101313227491"; 100000.0 -> "1e+05"; 12345.0 -> "12345"; 1e-06 -> "1e-06"
//
// from_chars (chars_format::general): [-] digits [. digits] [e|E [+|-] digits] or inf, infinity,
// nan, nan(chars), case-insensitive; no leading '+' or blank, no hex; the longest such prefix is
// converted (correctly rounded, by the C library's strtod) and `ptr` points after it; overflow
// to infinity and a non-zero value that underflows to zero give result_out_of_range.
//
// test/web/charconv_fp_test.cpp checks both against libstdc++ 12 on random and edge values.

#include <boost/json/detail/ryu/ryu.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

namespace wanmeter_web {

/// The plain std::to_chars(first, last, double) of C++17, as libstdc++ 12 writes it. No heap,
/// no printf on the common path (report.json holds thousands of doubles).
inline std::to_chars_result to_chars_shortest(char* first, char* last, double value) {
  char out[400];
  int n = 0;
  const auto put = [&](const char* s) {
    while (*s != '\0') out[n++] = *s++;
  };
  if (std::isnan(value)) {
    put(std::signbit(value) ? "-nan" : "nan");
  } else if (std::isinf(value)) {
    put(value < 0 ? "-inf" : "inf");
  } else if (value == 0) {
    put(std::signbit(value) ? "-0" : "0");
  } else {
    // Ryu: [-]D[.DDD]E[-]X, the shortest digits that read back as `value`.
    char ryu[32];
    const int len = boost::json::detail::ryu::d2s_buffered_n(value, ryu);
    int at = 0;
    const bool negative = ryu[0] == '-';
    if (negative) ++at;
    char digits[20];
    int nd = 0;
    for (; at < len && ryu[at] != 'E'; ++at) {
      if (ryu[at] != '.') digits[nd++] = ryu[at];
    }
    ++at; // 'E'
    const bool exp_negative = at < len && ryu[at] == '-';
    if (exp_negative) ++at;
    int e = 0;
    for (; at < len; ++at) e = e * 10 + (ryu[at] - '0');
    const int exp10 = exp_negative ? -e : e; // value = D.DDD x 10^exp10
    const int abs_exp = exp10 < 0 ? -exp10 : exp10;
    // Lengths (without the sign) of D[.DDD]e±XX and of the fixed form.
    const int sci_len = nd + (nd > 1 ? 1 : 0) + 2 + (abs_exp >= 100 ? 3 : 2);
    int fixed_len = 0;
    if (exp10 >= nd - 1) {
      fixed_len = exp10 + 1;
    } else if (exp10 >= 0) {
      fixed_len = nd + 1;
    } else {
      fixed_len = 2 + (-exp10 - 1) + nd;
    }
    if (negative) out[n++] = '-';
    if (fixed_len <= sci_len) {
      if (exp10 >= nd - 1) {
        // An integer: its exact digits (beyond 2^53 they differ from the shortest digits + zeros).
        char exact[400];
        const int k = std::snprintf(exact, sizeof exact, "%.0f", std::fabs(value));
        for (int i = 0; i < k; ++i) out[n++] = exact[i];
      } else if (exp10 >= 0) {
        for (int i = 0; i < nd; ++i) {
          out[n++] = digits[i];
          if (i == exp10) out[n++] = '.';
        }
      } else {
        out[n++] = '0';
        out[n++] = '.';
        for (int i = 0; i < -exp10 - 1; ++i) out[n++] = '0';
        for (int i = 0; i < nd; ++i) out[n++] = digits[i];
      }
    } else {
      out[n++] = digits[0];
      if (nd > 1) {
        out[n++] = '.';
        for (int i = 1; i < nd; ++i) out[n++] = digits[i];
      }
      out[n++] = 'e';
      out[n++] = exp_negative ? '-' : '+';
      if (abs_exp >= 100) out[n++] = static_cast<char>('0' + abs_exp / 100);
      out[n++] = static_cast<char>('0' + (abs_exp / 10) % 10);
      out[n++] = static_cast<char>('0' + abs_exp % 10);
    }
  }
  if (last - first < n) return {last, std::errc::value_too_large};
  std::memcpy(first, out, static_cast<std::size_t>(n));
  return {first + n, std::errc{}};
}

/// std::from_chars(first, last, double&) with chars_format::general, as libstdc++ 12 reads it.
inline std::from_chars_result from_chars_general(const char* first, const char* last, double& value) {
  const char* p = first;
  const auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); };
  const auto starts = [&](const char* at, const char* word) {
    const std::size_t n = std::strlen(word);
    if (static_cast<std::size_t>(last - at) < n) return false;
    for (std::size_t i = 0; i < n; ++i) {
      if (lower(at[i]) != word[i]) return false;
    }
    return true;
  };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (p != last && *p == '-') ++p;
  const char* body = p;
  if (starts(body, "inf")) {
    const char* end = starts(body, "infinity") ? body + 8 : body + 3;
    value = (body != first) ? -HUGE_VAL : HUGE_VAL;
    return {end, std::errc{}};
  }
  if (starts(body, "nan")) {
    const char* end = body + 3;
    if (end != last && *end == '(') {
      const char* q = end + 1;
      while (q != last && (digit(*q) || (lower(*q) >= 'a' && lower(*q) <= 'z') || *q == '_')) ++q;
      if (q != last && *q == ')') end = q + 1;
    }
    value = (body != first) ? -std::nan("") : std::nan("");
    return {end, std::errc{}};
  }
  bool any = false;
  while (p != last && digit(*p)) {
    ++p;
    any = true;
  }
  if (p != last && *p == '.') {
    const char* q = p + 1;
    bool frac = false;
    while (q != last && digit(*q)) {
      ++q;
      frac = true;
    }
    if (any || frac) {
      p = q;
      any = true;
    }
  }
  if (!any) return {first, std::errc::invalid_argument};
  if (p != last && (*p == 'e' || *p == 'E')) {
    const char* q = p + 1;
    if (q != last && (*q == '+' || *q == '-')) ++q;
    if (q != last && digit(*q)) {
      while (q != last && digit(*q)) ++q;
      p = q;
    }
  }
  const std::string text(first, p);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  bool nonzero_digits = false;
  for (const char* c = body; c != p && *c != 'e' && *c != 'E'; ++c) {
    if (*c >= '1' && *c <= '9') nonzero_digits = true;
  }
  if (std::isinf(v) || (v == 0 && nonzero_digits)) return {p, std::errc::result_out_of_range};
  value = v;
  return {p, std::errc{}};
}

} // namespace wanmeter_web

#if defined(__EMSCRIPTEN__) && defined(_LIBCPP_VERSION) && _LIBCPP_VERSION < 14000
_LIBCPP_BEGIN_NAMESPACE_STD
inline to_chars_result to_chars(char* first, char* last, double value) {
  return ::wanmeter_web::to_chars_shortest(first, last, value);
}
inline from_chars_result from_chars(const char* first, const char* last, double& value,
                                    chars_format = chars_format::general) {
  return ::wanmeter_web::from_chars_general(first, last, value);
}
_LIBCPP_END_NAMESPACE_STD
#endif
