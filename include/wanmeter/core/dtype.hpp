#pragma once
// Element types of tensors and weights, and their size in bytes.
//
// Example: the official Wan2.1 DiT checkpoint is fp32 (4 B/param), so the 14B model holds
// 14,288,491,584 x 4 = 57,153,966,336 weight bytes; cast to bf16 it is half that.

#include <wanmeter/core/checked.hpp>

#include <string_view>

namespace wanmeter {

enum class dtype : unsigned char { fp64, fp32, bf16, fp16, fp8 };

/// Bytes per element of `t`.
[[nodiscard]] constexpr count bytes_of(dtype t) {
  switch (t) {
  case dtype::fp64: return 8;
  case dtype::fp32: return 4;
  case dtype::bf16: return 2;
  case dtype::fp16: return 2;
  case dtype::fp8: return 1;
  }
  return 0;
}

/// Lower-case name as used on the command line and in report.json.
[[nodiscard]] constexpr std::string_view name_of(dtype t) {
  switch (t) {
  case dtype::fp64: return "fp64";
  case dtype::fp32: return "fp32";
  case dtype::bf16: return "bf16";
  case dtype::fp16: return "fp16";
  case dtype::fp8: return "fp8";
  }
  return "?";
}

} // namespace wanmeter
