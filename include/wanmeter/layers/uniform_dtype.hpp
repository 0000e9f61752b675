#pragma once
// `uniform_dtype(layer)`: the layer with every "dtype the input arrives in" knob (`input`, and the
// branch dtype `y` of residual adds) set to its compute dtype `act`, for stages that run in one
// dtype throughout (umT5 in bf16, CLIP in fp16, the VAEs in fp32) and so perform no autocast
// casts. Layers without such knobs are returned unchanged, so the helper is safe whichever knobs a
// primitive has.
//
// Worked example (compiled in examples/header_snippets.cpp):
// uniform_dtype(linear{.rows = 512, .in = 4096, .out = 4096, .act = dtype::bf16}) has
// input == bf16: an eager umT5 projection reads its bf16 input once, with no cast kernel.

namespace wanmeter {

template <class L>
[[nodiscard]] constexpr L uniform_dtype(L l) {
  if constexpr (requires { l.input = l.act; }) l.input = l.act;
  if constexpr (requires { l.y = l.act; }) l.y = l.act;
  return l;
}

} // namespace wanmeter
