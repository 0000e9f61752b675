#!/usr/bin/env bash
# Compile-time benchmark: times the translation unit that static_asserts the full 720p forward of
# the 14B model (bench/compile_time_720p.cpp), and one that only includes <wanmeter.hpp> as a
# baseline, with g++ and clang++-16 at -O0 (full object file) and -fsyntax-only.
# Usage: bench/compile_time.sh [runs]   (prints the best of `runs`, default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <wanmeter.hpp>\nint main() { return 0; }\n' > "$tmp/include_only.cpp"
best() { # best wall time of $runs runs of "$@"
  local b=999 t
  for _ in $(seq "$runs"); do
    /usr/bin/time -f %e -o "$tmp/time" "$@" >/dev/null 2>&1
    t=$(tail -n1 "$tmp/time")
    b=$(awk -v a="$b" -v c="$t" 'BEGIN { print (c < a ? c : a) }')
  done
  echo "$b"
}
for cxx in g++ clang++-16; do
  command -v "$cxx" >/dev/null || continue
  for tu in bench/compile_time_720p.cpp "$tmp/include_only.cpp"; do
    full=$(best "$cxx" -std=c++20 -O0 -Iinclude -c "$tu" -o "$tmp/out.o")
    syn=$(best "$cxx" -std=c++20 -O0 -Iinclude -fsyntax-only "$tu")
    printf '%-11s %-32s -O0 -c: %5.2f s   -fsyntax-only: %5.2f s\n' "$cxx" "$(basename "$tu")" "$full" "$syn"
  done
done
