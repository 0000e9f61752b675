// web/wasm/charconv_fp.hpp against libstdc++ 12: the wasm build's floating to_chars/from_chars
// must write and read exactly what the native CLI does (report.json byte for byte; the same
// --guidance-scale and --shift accepted and refused). Built and run natively by test/web/run.sh.
//   g++ -std=c++20 -O2 -I. test/web/charconv_fp_test.cpp -lboost_json && ./a.out
#include "web/wasm/charconv_fp.hpp"

#include <bit>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check_to_chars(double v) {
  char a[64];
  char b[64];
  const auto ra = std::to_chars(a, a + sizeof a, v);
  const auto rb = wanmeter_web::to_chars_shortest(b, b + sizeof b, v);
  const std::string sa(a, ra.ptr);
  const std::string sb(b, rb.ptr);
  if (sa != sb || ra.ec != rb.ec) {
    if (++failures < 20) std::printf("to_chars(%a): libstdc++ \"%s\", shim \"%s\"\n", v, sa.c_str(), sb.c_str());
  }
}

void check_from_chars(const std::string& s) {
  double va = 12345.0;
  double vb = 12345.0;
  const auto ra = std::from_chars(s.data(), s.data() + s.size(), va);
  const auto rb = wanmeter_web::from_chars_general(s.data(), s.data() + s.size(), vb);
  const bool same_value = std::bit_cast<std::uint64_t>(va) == std::bit_cast<std::uint64_t>(vb) ||
                          (va != va && vb != vb);
  if (ra.ptr != rb.ptr || ra.ec != rb.ec || !same_value) {
    if (++failures < 40) {
      std::printf("from_chars(\"%s\"): libstdc++ %a len %d ec %d, shim %a len %d ec %d\n", s.c_str(), va,
                  static_cast<int>(ra.ptr - s.data()), static_cast<int>(ra.ec), vb,
                  static_cast<int>(rb.ptr - s.data()), static_cast<int>(rb.ec));
    }
  }
}

} // namespace

int main() {
  std::mt19937_64 rng(20261130);
  // Every exponent range, random bits; then values of the kind report.json holds.
  for (int i = 0; i < 2000000; ++i) {
    const double v = std::bit_cast<double>(rng());
    if (v == v) check_to_chars(v);
  }
  std::uniform_real_distribution<double> seconds(0.0, 5000.0);
  for (int i = 0; i < 1000000; ++i) check_to_chars(seconds(rng));
  const std::vector<double> edge{0.0, -0.0, 1.0, 1e5, 1e15, 1e16, 1e17, 1e21, 1e22, 1e23, 123456789012345683968.0,
                                 9007199254740992.0, 9007199254740993.0, 0.1, 1e-5, 1e-6, 1e-7, 5e-324, 2.2250738585072014e-308,
                                 1.7976931348623157e308, 12345.0, 100.0, 1234567.0, 0.0208101313227491, 4.0, 7.5,
                                 1e-06, 12.0, 3.0, 5.0};
  for (const double v : edge) {
    check_to_chars(v);
    check_to_chars(-v);
  }
  for (int e = -330; e <= 310; ++e) {
    for (const double m : {1.0, 2.0, 5.0, 1.5, 9.999999999999999}) {
      const std::string s = std::to_string(m).substr(0, 8) + "e" + std::to_string(e);
      check_to_chars(std::strtod(s.c_str(), nullptr));
    }
  }
  for (int k = 0; k < 1100; ++k) check_to_chars(std::ldexp(1.0, k - 1074));
  const std::vector<std::string> texts{"5", "5.0", "7.5", "-1", "+1", " 1", "1 ", "", ".", ".5", "5.", "1e", "1e+", "1e+5",
                                       "1E5", "1e-400", "1e400", "-1e400", "4.9e-324", "2e-324", "3e-324", "1e-320",
                                       "inf", "INF", "-inf", "infinity", "infin", "nan", "NaN", "nan(123)", "nan(", "nan()",
                                       "0x10", "0x", "1x", "00012", "1.2.3", "1e5e5", "abc", "-", "-.", "1_0", "1,5",
                                       "12.000000000000000000000000000001", "0.000000000000000000000000000000000001",
                                       "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
                                       "1e1000000000000000000000", "0e999999", "0.0e-999", "5e-1", "-0", "-0.0"};
  for (const auto& t : texts) check_from_chars(t);
  for (int i = 0; i < 300000; ++i) {
    char buf[64];
    std::uniform_int_distribution<int> len(1, 12);
    const std::string alphabet = "0123456789.eE+-ninfa(x)";
    std::string s;
    const int n = len(rng);
    for (int j = 0; j < n; ++j) s += alphabet[rng() % alphabet.size()];
    check_from_chars(s);
    std::snprintf(buf, sizeof buf, "%.*g", static_cast<int>(rng() % 20) + 1, std::bit_cast<double>(rng()));
    check_from_chars(buf);
  }
  std::printf("charconv_fp_test: %d mismatch(es)\n", failures);
  return failures == 0 ? 0 : 1;
}
