#!/usr/bin/env bash
# The whole test suite: install what is missing, then configure, build and test with g++ 12
# and with clang 16, then with clang under AddressSanitizer + UndefinedBehaviorSanitizer with
# short fuzz runs (CMake workflow presets `gcc`, `clang`, `sanitize`), then the web calculator:
# its WebAssembly build and a headless Chromium test against the CLI (test/web/run.sh, about a
# minute on 2 cores from a cold build).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
for preset in gcc clang sanitize; do
  echo "=== workflow preset: $preset"
  cmake --workflow --preset "$preset"
done
echo "=== web calculator (WebAssembly build, headless Chromium against the CLI)"
web_start=$SECONDS
test/web/run.sh
echo "=== web calculator: $((SECONDS - web_start)) s"
