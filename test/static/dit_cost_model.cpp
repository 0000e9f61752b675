// Static tier: the compile-time cost table (dit_cost_model) equals the layer tree, and its
// coefficients are the hand-derived ones.
#include <wanmeter/models/wan/dit_cost_model.hpp>
#include <wanmeter/models/wan/profiles.hpp>

namespace {
using namespace wanmeter;
using m14 = dit_cost_model<wan2_1_t2v_14b>;
using m13 = dit_cost_model<wan2_1_t2v_1_3b>;

// Tensor FLOPs of Wan2.1 T2V-14B (D = 5120, F = 13824, 40 blocks, Lt = 512), by hand:
//   per sample:   text MLP 2*512*(4096 D + D^2) = 48,318,382,080; time MLP 2*(256 D + D^2) + 12 D^2
//                 = 369,623,040; text K/V 40 * 4*512*D^2 = 2,147,483,648,000 -> 2,196,171,653,120
//   per token:    40 * (12 D^2 + 4 D F + 4*512*D) + patch 2*64*D + head 2*D*64 = 24,328,273,920
//   per token^2:  40 * 4 D = 819,200
constexpr field_polynomial tensor14 = m14::polynomial.fields[0];
static_assert(tensor14.constant == 0);
static_assert(tensor14.per_sample == 2'196'171'653'120ULL);
static_assert(tensor14.per_token == 24'328'273'920ULL);
static_assert(tensor14.per_token_squared == 819'200ULL);
// Parameters (field 7) are constant: 14,288,491,584, independent of B and L.
static_assert(m14::polynomial.fields[7] == field_polynomial{14'288'491'584ULL, 0, 0, 0});

// The model equals the tree on every profile and on odd workloads, for both models.
constexpr bool same(const wan_dit_arch& a, auto model, const workload& w) {
  return model.forward(w) == dit_forward_cost(a, w);
}
static_assert(same(wan2_1_t2v_14b, m14{}, profile_720p));
static_assert(same(wan2_1_t2v_14b, m14{}, profile_480p));
static_assert(same(wan2_1_t2v_14b, m14{}, profile_ci_tiny));
static_assert(same(wan2_1_t2v_1_3b, m13{}, profile_512p));
static_assert(same(wan2_1_t2v_1_3b, m13{}, workload{.batch = 7, .frames = 45, .height = 1088, .width = 1920}));
static_assert(m14::forward(profile_720p).tensor_flops == 6'523'436'592'005'120ULL);
static_assert(m14::run(profile_720p).total.tensor_flops == 100ULL * 6'523'436'592'005'120ULL);

// The other variants keep the form (their static_asserts inside dit_cost_model would fail
// otherwise): Wan2.2 per-token time MLP (B L terms), I2V image context (B terms).
static_assert(dit_cost_model<wan2_2_t2v_a14b>::forward(profile_720p) == dit_forward_cost(wan2_2_t2v_a14b, profile_720p));
static_assert(dit_cost_model<wan2_1_i2v_14b>::forward(profile_480p) == dit_forward_cost(wan2_1_i2v_14b, profile_480p));
static_assert(dit_cost_model<wan2_2_ti2v_5b>::forward(workload{.frames = 121, .height = 704, .width = 1280}) ==
              dit_forward_cost(wan2_2_ti2v_5b, workload{.frames = 121, .height = 704, .width = 1280}));
} // namespace
