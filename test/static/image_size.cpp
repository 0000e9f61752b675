// Static tier: the float64 helpers of core/float64.hpp and the image-conditioned output size in
// constant evaluation. Expected values are the official expressions evaluated by CPython/NumPy
// (verify/image_size/official_sizes.py; the runtime test checks 4,900 sizes against its table).
#include <wanmeter/core/float64.hpp>
#include <wanmeter/models/wan/image_size.hpp>
#include <wanmeter/models/wan/registry.hpp>

namespace {
using namespace wanmeter;

// sqrt: exact squares, and the rounding that decides the 480P case.
static_assert(correctly_rounded_sqrt(0.0) == 0.0 && correctly_rounded_sqrt(1.0) == 1.0);
static_assert(correctly_rounded_sqrt(4.0) == 2.0 && correctly_rounded_sqrt(230400.0) == 480.0);
static_assert(correctly_rounded_sqrt(2.0) == 1.4142135623730951);   // math.sqrt(2.0)
static_assert(correctly_rounded_sqrt(0.5) == 0.7071067811865476);   // math.sqrt(0.5)
static_assert(correctly_rounded_sqrt(1e-310) == 9.999999999999986e-156); // subnormal input
static_assert(correctly_rounded_sqrt(230399.99999999997) == 479.99999999999994);
// x just below a square: 2^53 - 1 ((2^26.5)^2 would be the square) -> Python 94906265.62425154.
static_assert(correctly_rounded_sqrt(9007199254740991.0) == 94906265.62425154);

// fmod and Python's floor division: 1.0 // 0.1 == 9.0 in Python (0.1 is above 1/10), while
// floor(1.0 / 0.1) == 10.0; -7.0 // 2.0 == -4.0; 7.5 // -2.0 == -4.0 (CPython 3.11).
static_assert(exact_fmod(1.0, 0.1) == 0.09999999999999995);          // math.fmod(1.0, 0.1)
static_assert(exact_fmod(-7.0, 2.0) == -1.0 && exact_fmod(7.0, -2.0) == 1.0);
static_assert(python_floordiv(1.0, 0.1) == 9.0);
static_assert(python_floordiv(-7.0, 2.0) == -4.0 && python_floordiv(7.5, -2.0) == -4.0);
static_assert(python_floordiv(479.99999999999994, 8.0) == 59.0);
static_assert(python_floordiv(480.0, 8.0) == 60.0);

// round: ties to even.
static_assert(python_round(0.5) == 0.0 && python_round(1.5) == 2.0 && python_round(2.5) == 2.0);
static_assert(python_round(-0.5) == 0.0 && python_round(2.4999999999999996) == 2.0);

// image2video.py. 4:3 at the 720P area (921,600): sqrt(691,200) = 831.4 -> // 8 = 103 ->
// // 2 * 2 = 102; sqrt(1,228,800) = 1108.5 -> 138: 816 x 1104.
constexpr geometry_rules wan21 = wan2_1_i2v_14b.rules();
static_assert(image_conditioned_size(wan21, 1024, 768, 1280 * 720) == pixel_size{816, 1104});
static_assert(image_conditioned_size(wan21, 1920, 1080, 1280 * 720) == pixel_size{720, 1280});
static_assert(image_conditioned_size(wan21, 1080, 1920, 1280 * 720) == pixel_size{1280, 720});
// 832x480 at the 480P area (399,360): 480 / 832 rounds down, sqrt(230,399.99999999997) =
// 479.99999999999994 -> 59 -> 58: 464 x 832 (the exact root is 480 -> 480 x 832). Portrait
// 480x832: 832 / 480 rounds up, 399,360 * it = 692,224 exactly -> 832, and 230,400 -> 480.
static_assert(image_conditioned_size(wan21, 832, 480, 832 * 480) == pixel_size{464, 832});
static_assert(image_conditioned_size(wan21, 480, 832, 832 * 480) == pixel_size{832, 480});

// best_output_size (TI2V-5B, d = 32, area 1280*704 = 901,120): the default size maps to itself;
// 16:9 1920x1080: ow = sqrt(901,120 * 16/9) = 1265.8 -> 1248, 901,120 / 1248 = 722.05 -> 704
// (ratio 1.7727); oh = 711.9 -> 704, 901,120 / 704 = 1280 -> 1280 (1.8182); 16/9 = 1.7778 is
// nearer the first: 1248 x 704.
constexpr geometry_rules wan22_5b = wan2_2_ti2v_5b.rules();
static_assert(ti2v_output_size(wan22_5b, 1280, 704, 1280 * 704) == pixel_size{704, 1280});
static_assert(ti2v_output_size(wan22_5b, 704, 1280, 1280 * 704) == pixel_size{1280, 704});
static_assert(ti2v_output_size(wan22_5b, 1920, 1080, 1280 * 704) == pixel_size{704, 1248});
} // namespace
