#pragma once
// A compile-time cost table for one DiT architecture: the exact per-forward metrics as a
// polynomial in the batch B and the tokens per sample L, derived by the compiler from the layer
// tree itself.
//
// Every leaf of the Wan DiT costs a non-negative integer combination of the monomials
// 1 (parameters, weights), B (time MLP of Wan2.1, text and image context), B*L (projections,
// norms, FFN, Wan2.2's per-token time MLP) and B*L^2 (the self-attention core), so for each
// metric field
//
//     f(B, L) = c0 + B * (c1 + c2 * L + c3 * L^2)          with c0..c3 >= 0 integers.
//
// The coefficients are obtained by evaluating the real tree (`dit_forward_cost`) at four tiny
// legal workloads, (B, L) = (1, 1), (1, 2), (1, 3) and (2, 1), and taking finite differences;
// a fifth and sixth point, (3, 5) and the 720p profile, are re-checked at compile time, so a
// future layer that breaks the form is a compile error, not a wrong number. Evaluating the
// polynomial (Horner, checked) costs a few dozen integer operations instead of building and
// folding the ~50-leaf tree, which is what a scheduler calling it millions of times needs.
//
// Worked example: Wan2.1 T2V-14B tensor FLOPs (D = 5120, F = 13824):
//   c0 = 0;
//   c1 = 2,196,171,653,120 = text MLP 48,318,382,080 + time MLP 369,623,040
//        + 40 blocks x text K/V 4*512*D^2 = 53,687,091,200;
//   c2 = 24,328,273,920 = 40 x (12D^2 + 4DF + 4*512*D = 608,174,080) + patch 128 D + head 128 D;
//   c3 = 819,200 = 40 x 4D (the self-attention core);
// at L = 75,600: 6,523,436,592,005,120 FLOPs per forward.
//
// Usage (compiled in examples/header_snippets.cpp): `dit_cost_model<wan2_1_t2v_14b>::forward(w)`,
// `::run(w)`; `w` is validated exactly as `make_geometry` does. Overflow is checked as everywhere
// else.

#include <wanmeter/models/wan/dit.hpp>

#include <boost/hana/accessors.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/second.hpp>

#include <array>

namespace wanmeter {

/// Coefficients of one metric field: f(B, L) = constant + B * (per_sample + per_token L + per_token_squared L^2).
struct field_polynomial {
  count constant = 0;
  count per_sample = 0;
  count per_token = 0;
  count per_token_squared = 0;
  friend constexpr bool operator==(const field_polynomial&, const field_polynomial&) = default;

  [[nodiscard]] constexpr count operator()(count batch, count tokens) const {
    const count inner = add(per_sample, mul(add(per_token, mul(per_token_squared, tokens)), tokens));
    return add(constant, mul(batch, inner));
  }
};

/// The polynomial of every metric field.
struct metrics_polynomial {
  std::array<field_polynomial, metrics_field_count> fields{};

  [[nodiscard]] constexpr metrics operator()(count batch, count tokens) const {
    metrics m{};
    std::size_t i = 0;
    boost::hana::for_each(boost::hana::accessors<metrics>(), [&](auto accessor) {
      boost::hana::second(accessor)(m) = fields[i++](batch, tokens);
    });
    return m;
  }
};

namespace detail {
/// The smallest legal workload with batch `b` and exactly `tokens` DiT tokens per sample:
/// one frame, one patch row, `tokens` patch columns.
[[nodiscard]] constexpr workload tiny_workload(const wan_dit_arch& a, count b, count tokens) {
  const geometry_rules r = a.rules();
  return workload{.batch = b, .frames = 1, .height = r.pixel_multiple_h(),
                  .width = checked_mul(tokens, r.pixel_multiple_w()), .steps = 1};
}

[[nodiscard]] constexpr metrics_polynomial fit_dit_polynomial(const wan_dit_arch& a, const dit_execution& x) {
  const metrics f11 = dit_forward_cost(a, tiny_workload(a, 1, 1), x);
  const metrics f12 = dit_forward_cost(a, tiny_workload(a, 1, 2), x);
  const metrics f13 = dit_forward_cost(a, tiny_workload(a, 1, 3), x);
  const metrics f21 = dit_forward_cost(a, tiny_workload(a, 2, 1), x);
  std::array<count, metrics_field_count> v11{}, v12{}, v13{}, v21{};
  std::size_t i = 0;
  boost::hana::for_each(boost::hana::accessors<metrics>(), [&](auto accessor) {
    const auto get = boost::hana::second(accessor);
    v11[i] = get(f11);
    v12[i] = get(f12);
    v13[i] = get(f13);
    v21[i] = get(f21);
    ++i;
  });
  metrics_polynomial p{};
  for (std::size_t k = 0; k < metrics_field_count; ++k) {
    // f(1,L) = (c0 + c1) + c2 L + c3 L^2; first differences d1 = c2 + 3 c3, d2 = c2 + 5 c3.
    const count d1 = v12[k] - v11[k];
    const count d2 = v13[k] - v12[k];
    field_polynomial& c = p.fields[k];
    c.per_token_squared = (d2 - d1) / 2;
    c.per_token = d1 - 3 * c.per_token_squared;
    const count per_sample_total = v21[k] - v11[k]; // c1 + c2 + c3
    c.per_sample = per_sample_total - c.per_token - c.per_token_squared;
    c.constant = v11[k] - per_sample_total;
  }
  return p;
}

[[nodiscard]] constexpr bool polynomial_reproduces_tree(const metrics_polynomial& p, const wan_dit_arch& a,
                                                        const dit_execution& x, const workload& w) {
  const token_geometry g = make_geometry(a.rules(), w);
  return p(g.batch, g.dit_seq_len) == dit_forward_cost(a, w, x);
}
} // namespace detail

template <wan_dit_arch Arch, dit_execution Exec = dit_execution{}>
struct dit_cost_model {
  static constexpr wan_dit_arch arch = Arch;
  static constexpr geometry_rules rules = Arch.rules();
  static constexpr metrics_polynomial polynomial = detail::fit_dit_polynomial(Arch, Exec);

  // The form is exact: re-check at points that were not used for the fit.
  static_assert(detail::polynomial_reproduces_tree(polynomial, Arch, Exec, detail::tiny_workload(Arch, 3, 5)),
                "wanmeter: the DiT cost is not of the form c0 + B (c1 + c2 L + c3 L^2)");
  static_assert(detail::polynomial_reproduces_tree(
                    polynomial, Arch, Exec,
                    workload{.batch = 2, .frames = 9, .height = 4 * rules.pixel_multiple_h(),
                             .width = 6 * rules.pixel_multiple_w()}),
                "wanmeter: the DiT cost is not of the form c0 + B (c1 + c2 L + c3 L^2)");

  /// One forward of `w` (validated like make_geometry).
  [[nodiscard]] static constexpr metrics forward(const workload& w) {
    const token_geometry g = make_geometry(rules, w);
    return polynomial(g.batch, g.dit_seq_len);
  }

  /// The DiT part of a run of `w`: forwards = steps x (2 with guidance).
  [[nodiscard]] static constexpr dit_run_cost run(const workload& w) {
    const metrics f = forward(w);
    const count n = forwards_per_run(w);
    return dit_run_cost{.per_forward = f, .forwards = n, .total = scaled_work(f, n)};
  }
};

} // namespace wanmeter
