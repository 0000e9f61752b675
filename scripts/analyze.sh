#!/usr/bin/env bash
# The main job: install what is missing, build (g++ preset), run the analysis.
# Extra arguments are passed to the analysis, e.g. `scripts/analyze.sh --profile wan2-1-480p`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cmake --preset gcc >/dev/null
cmake --build --preset gcc
if [ -x build/gcc/src/cli/wanmeter ]; then
  exec build/gcc/src/cli/wanmeter analyze "$@"
else
  exec build/gcc/examples/example_profile_720p "$@"
fi
