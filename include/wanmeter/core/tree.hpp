#pragma once
// Layer trees and the one fold over them.
//
// A model is a tree of constexpr structs:
//   * a *leaf* has `static constexpr std::string_view kind`, `constexpr category cat() const`
//     and `constexpr metrics cost() const` (what one call costs);
//   * a *composite* has `kind` and `constexpr auto children() const` returning a Hana tuple of
//     `named{"q", q}` entries, in the order of the official module's registration;
//   * `repeated_node<T>` is N identical children (a `nn.ModuleList` such as `blocks`): one node
//     type whatever N is, with ids `blocks.0` ... `blocks.N-1`;
//   * `optional_node<T>` is a child that only some variants have (the I2V image path).
//
// `fold(node, algebra)` is the only code that dispatches on those four shapes. An algebra says
// what each node yields (its `value`) and what to do on the way:
//
//   value leaf(const L& leaf, const node_path& path)       a leaf
//   mark  open(const T& node, const branch_info& info, const node_path& p)
//                                                           a composite or repeated node, before
//                                                           its children (pre-order); optional
//   value close(mark m, value children)                     after them; optional (default: the sum)
//   auto  position()                                        where the algebra's output stands
//   void  expand(pos child0, const T& child, count i, const node_path& p)
//                                                           children 1..N-1 of a repeated node,
//                                                           after child 0 was folded at `path/0`
//                                                           (`child0`: `position()` before it);
//                                                           optional (with `position`): an
//                                                           algebra without it sees child 0 only
//   static constexpr bool wants_paths                       false: every path is empty (cheaper)
//
// and `value` has `+=` (children of a composite add up) and `times(value, count n)` found by
// argument-dependent lookup (a repeated node is N x its child). `cost_of`, `visit` and
// `node_count` below, the report rows (report/rows.hpp), the VAE liveness
// (models/vae/liveness.hpp) and the per-module times (report/rows.hpp) are its clients.
//
// Worked example: `cost_of(make_wan_dit(wan2_1_t2v_14b, {.frames = 81, .height = 720,
// .width = 1280}))` folds one block and multiplies by 40; the tensor FLOPs come to
// 6,523,436,592,005,120 (test/static/dit_flops.cpp).

#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/node_path.hpp>

#include <boost/hana/basic_tuple.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/unpack.hpp>

#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace wanmeter {

/// Operator categories (the upstream's five) plus `module` for composite nodes.
enum class category : unsigned char { attention_proj, attention_core, mlp_proj, conv, other, module };

[[nodiscard]] constexpr std::string_view name_of(category c) {
  switch (c) {
  case category::attention_proj: return "attention_proj";
  case category::attention_core: return "attention_core";
  case category::mlp_proj: return "mlp_proj";
  case category::conv: return "conv";
  case category::other: return "other";
  case category::module: return "module";
  }
  return "?";
}

template <class T>
concept Leaf = requires(const T& n) {
  { T::kind } -> std::convertible_to<std::string_view>;
  { n.cat() } -> std::same_as<category>;
  { n.cost() } -> std::same_as<metrics>;
};

template <class T>
concept Composite = requires(const T& n) {
  { T::kind } -> std::convertible_to<std::string_view>;
  n.children();
};

/// A named child of a composite; `node` refers into the parent.
template <class T>
struct named {
  std::string_view name;
  const T& node;
};
template <class T>
named(std::string_view, const T&) -> named<T>;

/// The children list of a composite: `return children_of(named{"q", q}, named{"k", k});`
template <class... Ts>
[[nodiscard]] constexpr auto children_of(named<Ts>... cs) {
  return boost::hana::make_basic_tuple(cs...);
}

/// N identical children (an nn.ModuleList); ids are `<name>.0` ... `<name>.N-1`.
template <class T>
struct repeated_node {
  static constexpr std::string_view kind = "module_list";
  T node{};
  count n = 0;
};

/// A child that exists only when `present` (an architecture option).
template <class T>
struct optional_node {
  T node{};
  bool present = false;
};

namespace detail {
template <class T> inline constexpr bool is_repeated = false;
template <class T> inline constexpr bool is_repeated<repeated_node<T>> = true;
template <class T> inline constexpr bool is_optional = false;
template <class T> inline constexpr bool is_optional<optional_node<T>> = true;
} // namespace detail

template <class T>
concept Node = Leaf<T> || Composite<T> || detail::is_repeated<T> || detail::is_optional<T>;

/// What the fold tells an algebra about a composite or repeated node.
struct branch_info {
  std::string_view kind;
  count repeats = 1; ///< N for a repeated node (its children), 1 otherwise
};

namespace detail {
template <class A>
[[nodiscard]] consteval bool wants_paths() {
  if constexpr (requires { A::wants_paths; }) {
    return A::wants_paths;
  } else {
    return true;
  }
}
template <class A>
using fold_value = typename A::value;
} // namespace detail

/// The fold: what algebra `a` makes of node `n` at `path` (see the header comment).
template <class N, class A>
constexpr detail::fold_value<A> fold(const N& n, A& a, const node_path& path = {}) {
  using value = detail::fold_value<A>;
  constexpr bool paths = detail::wants_paths<A>();
  const auto child_path = [&](auto segment) {
    if constexpr (paths) {
      return path / segment;
    } else {
      return path;
    }
  };
  const auto open = [&](const branch_info& info) {
    if constexpr (requires { a.open(n, info, path); }) {
      return a.open(n, info, path);
    } else {
      return 0;
    }
  };
  const auto close = [&](auto mark, value sum) {
    if constexpr (requires { a.close(mark, sum); }) {
      return a.close(mark, sum);
    } else {
      return sum;
    }
  };
  if constexpr (detail::is_optional<N>) {
    return n.present ? fold(n.node, a, path) : value{};
  } else if constexpr (detail::is_repeated<N>) {
    const auto mark = open(branch_info{N::kind, n.n});
    value all{};
    if (n.n > 0) {
      if constexpr (requires { a.expand(a.position(), n.node, count{1}, path); }) {
        const auto child0 = a.position();
        const value one = fold(n.node, a, child_path(count{0}));
        for (count i = 1; i < n.n; ++i) a.expand(child0, n.node, i, child_path(i));
        all = times(one, n.n);
      } else {
        all = times(fold(n.node, a, child_path(count{0})), n.n);
      }
    }
    return close(mark, all);
  } else if constexpr (Leaf<N>) {
    return a.leaf(n, path);
  } else {
    static_assert(Composite<N>, "wanmeter: a tree node must be a Leaf, a Composite, repeated_node or optional_node");
    const auto mark = open(branch_info{N::kind, 1});
    value sum{};
    boost::hana::for_each(n.children(), [&](const auto& c) { sum += fold(c.node, a, child_path(c.name)); });
    return close(mark, sum);
  }
}

/// `times` for metrics: a repeated node's work and footprint are N x its child's.
[[nodiscard]] constexpr metrics times(const metrics& one, count n) { return repeated(one, n); }

namespace detail {
/// cost_of's algebra: the leaves' costs, summed.
struct cost_algebra {
  using value = metrics;
  static constexpr bool wants_paths = false;
  template <class L>
  constexpr metrics leaf(const L& l, const node_path&) const {
    return l.cost();
  }
};

/// node_count's algebra.
struct node_count_value {
  std::size_t n = 0;
  constexpr node_count_value& operator+=(node_count_value o) {
    n += o.n;
    return *this;
  }
  friend constexpr node_count_value times(node_count_value one, count k) {
    return {one.n * static_cast<std::size_t>(k)};
  }
};
struct node_count_algebra {
  using value = node_count_value;
  static constexpr bool wants_paths = false;
  template <class L>
  constexpr value leaf(const L&, const node_path&) const {
    return {1};
  }
  template <class T>
  constexpr int open(const T&, const branch_info&, const node_path&) const {
    return 0;
  }
  constexpr value close(int, value children) const { return {children.n + 1}; }
};
} // namespace detail

/// What one call of `n` costs: the sum over its leaves (N x one child for a repeated node).
template <class N>
[[nodiscard]] constexpr metrics cost_of(const N& n) {
  detail::cost_algebra a{};
  return fold(n, a);
}

/// Number of nodes `visit` reports for `n` (a repeated node: itself and N x its child's).
template <class N>
[[nodiscard]] constexpr std::size_t node_count(const N& n) {
  detail::node_count_algebra a{};
  return fold(n, a).n;
}

/// What `visit` tells about a node besides its id and metrics.
struct node_info {
  std::string_view kind;
  category cat = category::module;
  bool leaf = false;
};

namespace detail {
/// visit's algebra: reports each node to `f` on the way down (a parent with its whole cost,
/// `cost_of(node)`), and re-folds a repeated node's child for children 1..N-1.
template <class F>
struct visit_algebra {
  using value = metrics;
  F& f;
  template <class L>
  constexpr metrics leaf(const L& l, const node_path& p) {
    const metrics m = l.cost();
    f(p, node_info{L::kind, l.cat(), true}, m);
    return m;
  }
  template <class T>
  constexpr int open(const T& node, const branch_info& info, const node_path& p) {
    f(p, node_info{info.kind, category::module, false}, cost_of(node));
    return 0;
  }
  [[nodiscard]] constexpr int position() const { return 0; }
  template <class T>
  constexpr void expand(int, const T& child, count, const node_path& p) {
    (void)fold(child, *this, p);
  }
};
} // namespace detail

/// Calls `f(const node_path&, const node_info&, const metrics&)` for `n` and every descendant,
/// parents first, children in registration order, with `metrics == cost_of(node)`.
template <class N, class F>
constexpr void visit(const N& n, F&& f, const node_path& path = {}) {
  detail::visit_algebra<std::remove_reference_t<F>> a{f};
  (void)fold(n, a, path);
}

} // namespace wanmeter
