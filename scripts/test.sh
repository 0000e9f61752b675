#!/usr/bin/env bash
# The whole test suite: install what is missing, then configure, build and test with g++ 12
# and with clang 16 (CMake workflow presets `gcc` and `clang`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
for preset in gcc clang; do
  echo "=== workflow preset: $preset"
  cmake --workflow --preset "$preset"
done
