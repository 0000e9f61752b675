#!/usr/bin/env bash
# The whole test suite: install what is missing, then configure, build and test with g++ 12
# and with clang 16, then with clang under AddressSanitizer + UndefinedBehaviorSanitizer with
# short fuzz runs (CMake workflow presets `gcc`, `clang`, `sanitize`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
for preset in gcc clang sanitize; do
  echo "=== workflow preset: $preset"
  cmake --workflow --preset "$preset"
done
