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

/// The plain std::to_chars(first, last, double) of C++17, as libstdc++ 12 writes it.
inline std::to_chars_result to_chars_shortest(char* first, char* last, double value) {
  char tmp[400];
  int n = 0;
  if (std::isnan(value)) {
    n = std::snprintf(tmp, sizeof tmp, "%s", std::signbit(value) ? "-nan" : "nan");
  } else if (std::isinf(value)) {
    n = std::snprintf(tmp, sizeof tmp, "%s", value < 0 ? "-inf" : "inf");
  } else if (value == 0) {
    n = std::snprintf(tmp, sizeof tmp, "%s", std::signbit(value) ? "-0" : "0");
  } else {
    char ryu[32];
    const int len = boost::json::detail::ryu::d2s_buffered_n(value, ryu);
    // ryu: [-]D[.DDD]E[-]X
    std::string s(ryu, static_cast<std::size_t>(len));
    const bool negative = s[0] == '-';
    if (negative) s.erase(0, 1);
    const std::size_t epos = s.find('E');
    std::string digits = s.substr(0, epos);
    if (digits.size() > 1) digits.erase(1, 1); // drop the '.'
    const int exp10 = std::atoi(s.c_str() + epos + 1); // value = 0.D1D2... x 10^(exp10+1)
    const int nd = static_cast<int>(digits.size());
    // Scientific: D[.DDD]e±XX
    std::string sci = digits.substr(0, 1);
    if (nd > 1) sci += "." + digits.substr(1);
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
    sci += ebuf;
    // Fixed, from the same digits.
    std::string fixed;
    if (exp10 >= nd - 1) {
      fixed = digits + std::string(static_cast<std::size_t>(exp10 - (nd - 1)), '0');
    } else if (exp10 >= 0) {
      fixed = digits.substr(0, static_cast<std::size_t>(exp10 + 1)) + "." + digits.substr(static_cast<std::size_t>(exp10 + 1));
    } else {
      fixed = "0." + std::string(static_cast<std::size_t>(-exp10 - 1), '0') + digits;
    }
    std::string out;
    if (fixed.size() <= sci.size()) {
      if (exp10 >= nd - 1) {
        // An integer: its exact digits (beyond 2^53 they differ from the shortest digits + zeros).
        char exact[400];
        std::snprintf(exact, sizeof exact, "%.0f", std::fabs(value));
        out = exact;
      } else {
        out = fixed;
      }
    } else {
      out = sci;
    }
    if (negative) out.insert(0, 1, '-');
    n = std::snprintf(tmp, sizeof tmp, "%s", out.c_str());
  }
  if (n < 0 || last - first < n) return {last, std::errc::value_too_large};
  std::memcpy(first, tmp, static_cast<std::size_t>(n));
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
