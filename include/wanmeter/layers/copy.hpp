#pragma once
// A pure data movement (reshape/permute/cast that materialises), e.g. the DiT `unpatchify`:
// no arithmetic; reads `elements` elements in `in` and writes them in `out`.
//
// Worked example: `unpatchify` of Wan2.1 T2V-14B at 720p: [75,600, 64] -> [16, 21, 90, 160],
// 4,838,400 elements, read and written in fp32 = 19,353,600 bytes each way.

#include <wanmeter/core/tree.hpp>
#include <wanmeter/layers/elementwise.hpp>

namespace wanmeter {

struct copy {
  static constexpr std::string_view kind = "copy";
  count elements = 0;
  dtype in = dtype::fp32;
  dtype out = dtype::fp32;

  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const {
    metrics m{};
    m.bytes_read = mul(elements, bytes_of(in));
    m.bytes_written = mul(elements, bytes_of(out));
    m.activation_bytes = m.bytes_written;
    return m;
  }
};

} // namespace wanmeter
