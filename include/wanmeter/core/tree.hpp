#pragma once
// Layer trees and the one generic traversal.
//
// A model is a tree of constexpr structs:
//   * a *leaf* has `static constexpr std::string_view kind`, `constexpr category cat() const`
//     and `constexpr metrics cost() const` (what one call costs);
//   * a *composite* has `kind` and `constexpr auto children() const` returning a Hana tuple of
//     `named{"q", q}` entries, in the order of the official module's registration;
//   * `repeated_node<T>` is N identical children (a `nn.ModuleList` such as `blocks`): one node
//     type whatever N is, expanded by the traversal to ids `blocks.0` ... `blocks.N-1`, and
//     costed as N x one child, so compile time does not grow with the layer count;
//   * `optional_node<T>` is a child that only some variants have (the I2V image path).
//
// `cost_of(node)` is the fold: a leaf's cost, or the sum of its children's (x N for repeated
// nodes). `visit(node, f)` calls `f(path, info, metrics)` for every node in pre-order (parent
// before children), with `metrics == cost_of(node)`, so "a parent is the sum of its children"
// holds by construction.

#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/node_path.hpp>

#include <boost/hana/basic_tuple.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/unpack.hpp>

#include <concepts>
#include <string_view>

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

/// The fold: what one call of `n` costs, as the sum over its subtree.
template <class N>
[[nodiscard]] constexpr metrics cost_of(const N& n) {
  if constexpr (detail::is_optional<N>) {
    return n.present ? cost_of(n.node) : metrics{};
  } else if constexpr (detail::is_repeated<N>) {
    return repeated(cost_of(n.node), n.n);
  } else if constexpr (Leaf<N>) {
    return n.cost();
  } else {
    static_assert(Composite<N>, "wanmeter: a tree node must be a Leaf, a Composite, repeated_node or optional_node");
    return boost::hana::unpack(n.children(), [](const auto&... c) { return (metrics{} + ... + cost_of(c.node)); });
  }
}

/// What the traversal tells about a node besides its id and metrics.
struct node_info {
  std::string_view kind;
  category cat = category::module;
  bool leaf = false;
};

/// Calls `f(const node_path&, const node_info&, const metrics&)` for `n` and every descendant,
/// parents first, children in registration order.
template <class N, class F>
constexpr void visit(const N& n, F&& f, const node_path& path = {}) {
  if constexpr (detail::is_optional<N>) {
    if (n.present) visit(n.node, f, path);
  } else if constexpr (detail::is_repeated<N>) {
    const metrics one = cost_of(n.node);
    f(path, node_info{N::kind, category::module, false}, repeated(one, n.n));
    for (count i = 0; i < n.n; ++i) visit(n.node, f, path / i);
  } else if constexpr (Leaf<N>) {
    f(path, node_info{N::kind, n.cat(), true}, n.cost());
  } else {
    f(path, node_info{N::kind, category::module, false}, cost_of(n));
    boost::hana::for_each(n.children(), [&](const auto& c) { visit(c.node, f, path / c.name); });
  }
}

} // namespace wanmeter
