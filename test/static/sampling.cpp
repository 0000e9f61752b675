// Static tier: the sampling schedule (expert split of Wan2.2 A14B), against the official code
// worked by hand (Wan2.2 `wan/text2video.py`: the high-noise expert while t >= boundary *
// num_train_timesteps). The image-conditioned size: static/image_size.cpp.
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/models/wan/arch.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/models/wan/sampling.hpp>

namespace {
using namespace wanmeter;

// T2V-A14B: shift 12, boundary 0.875, 40 steps. sigma_0 = 0.999 -> s = 12*0.999/(1+11*0.999)
// = 0.99991 -> t = 999. The split is where sigma >= b / (shift (1-b) + b) = 0.875/2.375 = 0.36842;
// sigma_i = 0.999 (1 - i/40) >= 0.36842 <=> i <= 25.25 -> steps 0..25: 26 high, 14 low.
static_assert(flow_timestep(0, 40, 12.0) == 999);
static_assert(flow_timestep(25, 40, 12.0) == 877);
static_assert(flow_timestep(26, 40, 12.0) == 865);
static_assert(high_noise_steps(40, 12.0, 0.875) == 26);
// I2V-A14B: shift 5, boundary 0.9: threshold sigma >= 0.9 / (5*0.1 + 0.9) = 0.642857;
// 0.999 (1 - i/40) >= 0.642857 <=> i <= 14.26 -> 15 high, 25 low; t_14 = 902, t_15 = 892.
static_assert(flow_timestep(14, 40, 5.0) == 902);
static_assert(flow_timestep(15, 40, 5.0) == 892);
static_assert(high_noise_steps(40, 5.0, 0.900) == 15);
// Edge cases: boundary 0 -> every step high; boundary above 1 -> none.
static_assert(high_noise_steps(40, 12.0, 0.0) == 40);
static_assert(high_noise_steps(40, 12.0, 1.5) == 0);

// The registry carries the defaults.
static_assert(try_find_model("wan2.2-t2v-a14b")->defaults.boundary == 0.875);
static_assert(try_find_model("wan2.2-ti2v-5b")->defaults.w.frames == 121);
static_assert(try_find_model("wan2.1-i2v-14b-480p")->defaults.w.steps == 40);

} // namespace
