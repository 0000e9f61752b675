// Runtime tier: the image-conditioned output size against the official expressions evaluated by
// CPython/NumPy (verify/image_size/official_sizes.csv: 700 image sizes for each maximum area of
// Wan2.1 I2V 480P/720P, FLF2V 480P/720P, Wan2.2 I2V-A14B 480P/720P and TI2V-5B), and the float64
// helpers of core/float64.hpp against Python's //, math.fmod, math.sqrt and round
// (verify/image_size/float_ops.csv) and against the C library.
#include <boost/test/unit_test.hpp>

#include <wanmeter/core/float64.hpp>
#include <wanmeter/models/wan/image_size.hpp>
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/registry.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#ifndef WANMETER_SOURCE_DIR
#error "WANMETER_SOURCE_DIR must point at the repository root"
#endif

using namespace wanmeter;

namespace {
std::vector<std::vector<std::string>> read_csv(const std::string& rel) {
  std::ifstream in(std::string(WANMETER_SOURCE_DIR) + "/" + rel);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot open " << rel);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

count to_count(const std::string& s) { return static_cast<count>(std::stoull(s)); }
double from_hex(const std::string& s) { return std::strtod(s.c_str(), nullptr); }
bool same_bits(double a, double b) { return std::signbit(a) == std::signbit(b) && (a == b || (a != a && b != b)); }

// The rules of each table case: Wan2.1 VAE (8) for image2video, Wan2.2 VAE (16) for TI2V-5B.
geometry_rules rules_of(const std::string& c) {
  return c == "wan2.2-ti2v-5b" ? wan2_2_ti2v_5b.rules() : wan2_1_i2v_14b.rules();
}
} // namespace

BOOST_AUTO_TEST_SUITE(image_size_tests)

BOOST_AUTO_TEST_CASE(official_table) {
  const auto rows = read_csv("verify/image_size/official_sizes.csv");
  std::map<std::string, int> per_case;
  int differs_from_exact = 0;
  for (const auto& r : rows) {
    BOOST_REQUIRE_EQUAL(r.size(), 8U);
    const std::string& c = r[0];
    const count area = to_count(r[1]), iw = to_count(r[2]), ih = to_count(r[3]);
    const count ow = to_count(r[4]), oh = to_count(r[5]);
    if (ow != to_count(r[6]) || oh != to_count(r[7])) ++differs_from_exact;
    ++per_case[c];
    const geometry_rules g = rules_of(c);
    const bool ti2v = c == "wan2.2-ti2v-5b";
    const auto eval = [&] {
      return ti2v ? ti2v_output_size(g, iw, ih, area) : image_conditioned_size(g, iw, ih, area);
    };
    if (ow == 0 || oh == 0) { // the official code gives a 0-pixel side or divides by zero
      BOOST_CHECK_THROW(static_cast<void>(eval()), invalid_input);
      continue;
    }
    const pixel_size s = eval();
    BOOST_TEST_CONTEXT(c << " image " << iw << "x" << ih) {
      BOOST_TEST(s.width == ow);
      BOOST_TEST(s.height == oh);
    }
  }
  BOOST_TEST(per_case.size() == 7U);
  for (const auto& [c, n] : per_case) BOOST_TEST_CONTEXT(c) { BOOST_TEST(n >= 500); }
  // The table covers the sizes where float64 and exact arithmetic disagree.
  BOOST_TEST(differs_from_exact >= 300);
}

BOOST_AUTO_TEST_CASE(python_float_ops) {
  const auto rows = read_csv("verify/image_size/float_ops.csv");
  BOOST_TEST(rows.size() >= 1000U);
  for (const auto& r : rows) {
    BOOST_REQUIRE_EQUAL(r.size(), 6U);
    const double a = from_hex(r[0]), b = from_hex(r[1]);
    BOOST_TEST_CONTEXT(r[0] << " , " << r[1]) {
      BOOST_TEST(same_bits(python_floordiv(a, b), from_hex(r[2])));
      BOOST_TEST(same_bits(exact_fmod(a, b), from_hex(r[3])));
      BOOST_TEST(same_bits(correctly_rounded_sqrt(std::fabs(a)), from_hex(r[4])));
      BOOST_TEST(same_bits(python_round(a), from_hex(r[5])));
    }
  }
  BOOST_CHECK_THROW(static_cast<void>(python_floordiv(1.0, 0.0)), invalid_input);
}

BOOST_AUTO_TEST_CASE(against_the_c_library) {
  // sqrt, fmod and floor bit for bit against glibc on random doubles over the whole range, and
  // on the hard cases for rounding: one ulp either side of a perfect square.
  std::mt19937_64 rng(20251130);
  int mismatches = 0;
  for (int i = 0; i < 400'000; ++i) {
    const double x = std::bit_cast<double>(rng() & ~(std::uint64_t{1} << 63));
    if (!std::isfinite(x)) continue;
    if (!same_bits(correctly_rounded_sqrt(x), std::sqrt(x))) ++mismatches;
    const double y = std::bit_cast<double>(rng());
    if (std::isfinite(y) && y != 0.0 && !same_bits(exact_fmod(x, y), std::fmod(x, y))) ++mismatches;
    const double z = std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 120) - 60) *
                     ((rng() & 1) ? 1.0 : -1.0);
    if (!same_bits(floor_of(z), std::floor(z))) ++mismatches;
    const std::uint64_t k = (rng() >> 38) + 1; // up to 2^26: k^2 exact
    const double sq = static_cast<double>(k * k);
    for (const double v : {sq, std::nextafter(sq, 0.0), std::nextafter(sq, 1e300)}) {
      if (!same_bits(correctly_rounded_sqrt(v), std::sqrt(v))) ++mismatches;
    }
  }
  BOOST_TEST(mismatches == 0);
  BOOST_TEST(same_bits(correctly_rounded_sqrt(std::numeric_limits<double>::denorm_min()),
                       std::sqrt(std::numeric_limits<double>::denorm_min())));
  BOOST_TEST(same_bits(correctly_rounded_sqrt(std::numeric_limits<double>::max()),
                       std::sqrt(std::numeric_limits<double>::max())));
  BOOST_TEST(std::isnan(correctly_rounded_sqrt(-1.0)));
}

BOOST_AUTO_TEST_CASE(plan_follows_the_image) {
  // Wan2.1 I2V 480P at its default 832x480 with no image: the image is taken to be 832x480, and
  // the official code turns it into 832x464 (image_size.hpp).
  const model_entry& i2v480 = find_model("wan2.1-i2v-14b-480p");
  const pipeline_plan p = plan_pipeline(i2v480, i2v480.defaults.w);
  BOOST_TEST(p.w.width == 832U);
  BOOST_TEST(p.w.height == 464U);
  // TI2V-5B with a 16:9 image: 1248 x 704 (image_size.hpp's worked example).
  const model_entry& ti2v = find_model("wan2.2-ti2v-5b");
  const pipeline_plan t = plan_pipeline(ti2v, ti2v.defaults.w, {.image_width = 1920, .image_height = 1080});
  BOOST_TEST(t.w.width == 1248U);
  BOOST_TEST(t.w.height == 704U);
  BOOST_TEST(t.vae_encode_frames == 1U);
  // TI2V-5B text-to-video keeps the requested size.
  BOOST_TEST(plan_pipeline(ti2v, ti2v.defaults.w).w.width == 1280U);
  // An extreme aspect ratio is an image-size error, not a height/width error.
  const model_entry& i2v720 = find_model("wan2.1-i2v-14b-720p");
  try {
    static_cast<void>(plan_pipeline(i2v720, i2v720.defaults.w, {.image_width = 16384, .image_height = 1}));
    BOOST_FAIL("16384x1 must be refused");
  } catch (const invalid_input& e) {
    BOOST_TEST(e.knob() == "image_size");
  }
  try {
    static_cast<void>(plan_pipeline(i2v720, i2v720.defaults.w, {.image_width = 1, .image_height = 4000}));
    BOOST_FAIL("1x4000 must be refused");
  } catch (const invalid_input& e) {
    BOOST_TEST(e.knob() == "image_size");
  }
}

BOOST_AUTO_TEST_SUITE_END()
