#!/usr/bin/env bash
# Installs what wanmeter needs on Debian 12, only what is missing (quick when all is there):
# g++ 12, clang 16, CMake, Ninja, the Boost 1.81 -dev packages (never the 1.74 ones), and python3 with
# python3-jsonschema for the report schema test (test/cli/check_report.py); emscripten (3.1.6, with its
# prebuilt system libraries) and chromium for the web calculator and its headless browser test
# (scripts/web.sh, test/web/run.sh).
set -euo pipefail

packages=(g++ clang-16 libclang-rt-16-dev cmake ninja-build
          libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev libboost-test1.81-dev
          python3 python3-jsonschema
          emscripten chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "wanmeter setup: installing ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
