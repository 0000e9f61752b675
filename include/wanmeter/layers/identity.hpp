#pragma once
// nn.Identity, or nn.Dropout at inference: an nn.Module that does no work. It exists in the tree
// only so that nn.Sequential indices keep the official numbering (`residual.5` of a Wan VAE
// ResidualBlock is its Dropout; `residual.6` is the second conv).
//
//   every field = 0
//
// Worked example: `decoder.upsamples.0.residual.5` of the Wan2.1 VAE: 0 FLOPs, 0 bytes.

#include <wanmeter/core/tree.hpp>

namespace wanmeter {

struct identity {
  static constexpr std::string_view kind = "identity";
  [[nodiscard]] constexpr category cat() const { return category::other; }
  [[nodiscard]] constexpr metrics cost() const { return {}; }
};

} // namespace wanmeter
