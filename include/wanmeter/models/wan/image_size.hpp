#pragma once
// Output size of the image-conditioned pipelines, computed from the input image the way the
// official code computes it: in float64, with NumPy's sqrt and floor division and Python's round.
// The arithmetic is reproduced operation for operation (core/float64.hpp), not re-derived in exact
// integers: at some image aspect ratios the two differ, and the float64 result is what runs
// (docs/image_size.md lists every such ratio).
//
// image2video (Wan2.1 `wan/image2video.py` and `wan/first_last_frame2video.py`, Wan2.2
// `wan/image2video.py`; ss = VAE spatial stride 8, p = patch 2, A = max_area, the size's area):
//   aspect_ratio = H_img / W_img
//   lat_h = round(sqrt(A * aspect_ratio) // ss // p * p),  lat_w = round(sqrt(A / aspect_ratio) // ss // p * p)
//   output = (lat_h * ss) x (lat_w * ss)
// best_output_size (Wan2.2 `wan/utils/utils.py`, called by `wan/textimage2video.py` for TI2V-5B
// with an image; d = ss * p = 32):
//   ratio = W_img / H_img; ow = (A * ratio) ** 0.5; oh = A / ow
//   width first:  ow1 = int(ow // d * d), oh1 = int(A / ow1 // d * d)
//   height first: oh2 = int(oh // d * d), ow2 = int(A / oh2 // d * d)
//   keep (ow1, oh1) if max(ratio / r1, r1 / ratio) < max(ratio / r2, r2 / ratio), else (ow2, oh2),
//   with r1 = ow1 / oh1 and r2 = ow2 / oh2.
// `** 0.5` is glibc's pow; verify/image_size/official_sizes.py checks that it equals the
// correctly rounded sqrt used here on every ratio where the result could depend on it.
//
// Worked examples: a 4:3 image at the 720P area 921,600: sqrt(691,200) = 831.38 -> // 8 = 103 ->
// // 2 * 2 = 102, sqrt(1,228,800) = 1108.5 -> 138: 816 x 1104. An 832x480 image at the 480P
// area 399,360: 480 / 832 rounds down, 399,360 * 0.5769230769230769 = 230,399.99999999997 and its
// root 479.99999999999994 // 8 = 59 -> lat_h 58: the official run is 464 x 832, not 480 x 832.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/core/float64.hpp>
#include <wanmeter/core/geometry.hpp>

#include <string>

namespace wanmeter {

struct pixel_size {
  count height = 0;
  count width = 0;
  friend constexpr bool operator==(const pixel_size&, const pixel_size&) = default;
};

/// Largest image side accepted (pixels).
inline constexpr count max_image_side = 65536;

namespace detail {
[[nodiscard]] inline std::string image_size_text(count image_width, count image_height) {
  return std::to_string(image_width) + "x" + std::to_string(image_height);
}

constexpr void require_image_side(count image_width, count image_height) {
  if (image_width == 0 || image_height == 0 || image_width > max_image_side || image_height > max_image_side) {
    throw invalid_input("image_size", image_size_text(image_width, image_height),
                        "the input image size must be between 1x1 and 65536x65536 pixels");
  }
}

[[noreturn]] inline void throw_degenerate_image(count image_width, count image_height, count max_area) {
  throw invalid_input("image_size", image_size_text(image_width, image_height),
                      "at the maximum area " + std::to_string(max_area) +
                          " this aspect ratio gives the video a side of 0 pixels in the official pipeline");
}

[[nodiscard]] constexpr count to_count(double integral_value) {
  return static_cast<count>(integral_value);
}
} // namespace detail

/// Output size of image2video.py / first_last_frame2video.py (Wan2.1 I2V and FLF2V, Wan2.2
/// I2V-A14B) for an image of `image_width` x `image_height` at `max_area` pixels, in float64 as
/// the official code evaluates it. Throws `invalid_input` ("image_size") for a side outside
/// [1, 65536] or when a side of the output would be 0.
[[nodiscard]] constexpr pixel_size image_conditioned_size(const geometry_rules& r, count image_width,
                                                          count image_height, count max_area) {
  detail::require_image_side(image_width, image_height);
  const double ss = static_cast<double>(r.vae_spatial_stride);
  const double ph = static_cast<double>(r.patch_h);
  const double pw = static_cast<double>(r.patch_w);
  const double area = static_cast<double>(max_area); // exact: areas are far below 2^53
  const double aspect_ratio = static_cast<double>(image_height) / static_cast<double>(image_width);
  const double lat_h =
      python_round(python_floordiv(python_floordiv(correctly_rounded_sqrt(area * aspect_ratio), ss), ph) * ph);
  const double lat_w =
      python_round(python_floordiv(python_floordiv(correctly_rounded_sqrt(area / aspect_ratio), ss), pw) * pw);
  if (lat_h == 0.0 || lat_w == 0.0) detail::throw_degenerate_image(image_width, image_height, max_area);
  return pixel_size{mul(detail::to_count(lat_h), r.vae_spatial_stride),
                    mul(detail::to_count(lat_w), r.vae_spatial_stride)};
}

/// Output size of Wan2.2 TI2V-5B with an input image (`best_output_size(w, h, d, d, max_area)`,
/// d = VAE stride x patch = 32), in float64 as the official code evaluates it. Throws
/// `invalid_input` ("image_size") for a side outside [1, 65536] or where the official code
/// divides by zero (an aspect ratio beyond about 880:1).
/// Example: a 1920x1080 image at 1280*704 = 901,120: ow = 1265.8, oh = 711.9; width first
/// 1248 x 704 (ratio 1.7727), height first 704 -> 1280 x 704 (1.8182); 16/9 = 1.7778 is closer to
/// the first: 1248 x 704.
[[nodiscard]] constexpr pixel_size ti2v_output_size(const geometry_rules& r, count image_width,
                                                    count image_height, count max_area) {
  detail::require_image_side(image_width, image_height);
  const double dw = static_cast<double>(mul(r.vae_spatial_stride, r.patch_w));
  const double dh = static_cast<double>(mul(r.vae_spatial_stride, r.patch_h));
  const double area = static_cast<double>(max_area);
  const double ratio = static_cast<double>(image_width) / static_cast<double>(image_height);
  const double ow = correctly_rounded_sqrt(area * ratio);
  const double oh = area / ow;
  const double ow1 = python_floordiv(ow, dw) * dw;
  const double oh2 = python_floordiv(oh, dh) * dh;
  if (ow1 == 0.0 || oh2 == 0.0) detail::throw_degenerate_image(image_width, image_height, max_area);
  const double oh1 = python_floordiv(area / ow1, dh) * dh;
  const double ow2 = python_floordiv(area / oh2, dw) * dw;
  if (oh1 == 0.0 || ow2 == 0.0) detail::throw_degenerate_image(image_width, image_height, max_area);
  const double ratio1 = ow1 / oh1;
  const double ratio2 = ow2 / oh2;
  const auto larger = [](double a, double b) { return a < b ? b : a; }; // Python max(a, b)
  const bool width_first = larger(ratio / ratio1, ratio1 / ratio) < larger(ratio / ratio2, ratio2 / ratio);
  return width_first ? pixel_size{detail::to_count(oh1), detail::to_count(ow1)}
                     : pixel_size{detail::to_count(oh2), detail::to_count(ow2)};
}

} // namespace wanmeter
