#!/usr/bin/env bash
# The web calculator's tests (docs/web.md), run by scripts/test.sh after the CMake presets:
#   1. web/wasm/charconv_fp.hpp (the wasm build's floating to_chars/from_chars) against libstdc++;
#   2. scripts/web.sh --build-only (the page and its WebAssembly model, into build/web/site);
#   3. test/web/browser_test.py: headless Chromium loads the page for 17 permalinks and 9 bad inputs
#      and compares every figure, the report.json download and every message with the CLI's; then
#      5 plan questions and 7 bad ones (`#plan&...`) against `wanmeter plan --stdout`.
# The CLI is build/gcc/src/cli/wanmeter (the gcc preset builds it), or $WANMETER_CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
cli=${WANMETER_CLI:-build/gcc/src/cli/wanmeter}
if [ ! -x "$cli" ]; then
  echo "test/web/run.sh: the CLI $cli is not built (cmake --preset gcc && cmake --build build/gcc --target wanmeter_cli)" >&2
  exit 1
fi
for tool in chromium emcc g++; do
  if ! command -v "$tool" >/dev/null; then
    echo "test/web/run.sh: '$tool' not found; scripts/setup-debian.sh installs it" >&2
    exit 1
  fi
done
mkdir -p build/web
echo "--- web: charconv_fp_test (the wasm build's number text against libstdc++)"
g++ -std=c++20 -O2 -Wall -Wextra -Werror -I. test/web/charconv_fp_test.cpp -o build/web/charconv_fp_test -lboost_json
build/web/charconv_fp_test
echo "--- web: build (scripts/web.sh --build-only)"
scripts/web.sh --build-only
echo "--- web: headless Chromium against $cli"
if ! python3 test/web/browser_test.py --site build/web/site --cli "$cli"; then
  echo "test/web/run.sh: the web calculator differs from the CLI or fails a check (see FAIL lines above)" >&2
  exit 1
fi
