#pragma once
// Helpers shared by the static tests (as mp-units keeps test/static/test_tools.h): questions about
// one node of a module tree, answered from `visit` alone, so that a test states its expectation
// as a hand-derived number at an official module path.
//
//   kind_at(tree, path)     the `kind` of the node at `path`, or "" when there is none
//   metrics_at(tree, path)  the metrics of one call of that node (all zero when there is none)
//   node_counts(tree)       how many nodes and leaves the tree has
#include <wanmeter/core/metrics.hpp>
#include <wanmeter/core/node_path.hpp>
#include <wanmeter/core/tree.hpp>

#include <string_view>

namespace wanmeter::test {

template <class N>
constexpr std::string_view kind_at(const N& n, const node_path& p) {
  std::string_view k{};
  visit(n, [&](const node_path& q, const node_info& i, const metrics&) {
    if (q == p) k = i.kind;
  });
  return k;
}

template <class N>
constexpr metrics metrics_at(const N& n, const node_path& p) {
  metrics m{};
  visit(n, [&](const node_path& q, const node_info&, const metrics& x) {
    if (q == p) m = x;
  });
  return m;
}

struct tree_counts {
  count nodes = 0;
  count leaves = 0;
};

template <class N>
constexpr tree_counts node_counts(const N& n) {
  tree_counts c{};
  visit(n, [&](const node_path&, const node_info& i, const metrics&) {
    ++c.nodes;
    if (i.leaf) ++c.leaves;
  });
  return c;
}

} // namespace wanmeter::test
