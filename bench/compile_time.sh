#!/usr/bin/env bash
# Compile-time benchmark of the report computed by the compiler (examples/profile_720p.cpp: the
# whole Wan2.1 T2V-14B 720p pipeline, 1,896 module rows, evaluated and static_asserted), as a
# ratio to baselines compiled with the same compiler and flags in the same hyperfine run:
#   include-only  bench/compile_time_include_only.cpp: the same headers, an empty main
# and, for reference, with the same flags:
#   report_example.cpp  examples/report_example.cpp, the examples' runtime part (the summary.md and
#                       report.json writers), compiled once for all profile examples
#   compile_time_720p   bench/compile_time_720p.cpp (one DiT forward static_asserted; fewer headers)
#
# Usage: bench/compile_time.sh [runs] [compiler...]
#   runs: hyperfine runs per translation unit (default 5); compilers: default `g++ clang++-16`.
# The flags are the example's own, read from build/gcc or build/clang compile_commands.json when
# that build exists (configure with `cmake --preset gcc`), else the presets' Release flags.
# Prints a Markdown table: mean wall time ± standard deviation, mean CPU (user + system), and the
# ratios of wall and CPU time to include-only. CPU time is the steadier figure on a busy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shift || true
compilers=("$@")
[ ${#compilers[@]} -gt 0 ] || compilers=(g++ clang++-16)
command -v hyperfine >/dev/null || { echo "bench/compile_time.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
command -v jq >/dev/null || { echo "bench/compile_time.sh needs jq" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The flags CMake compiles examples/profile_720p.cpp with (without -o/-c/-M* and the file).
flags_of() { # compiler
  local cxx=$1 dir db
  case "$cxx" in clang*) dir=build/clang ;; *) dir=build/gcc ;; esac
  db="$dir/compile_commands.json"
  if [ -f "$db" ]; then
    jq -r '.[] | select(.file | endswith("examples/profile_720p.cpp")) | .command' "$db" |
      head -n1 | tr ' ' '\n' | tail -n +2 |
      awk 'skip { skip = 0; next } /^-(o|MT|MF)$/ { skip = 1; next } /^-(c|MD)$/ || /profile_720p\.cpp$/ { next } { print }' |
      tr '\n' ' '
  else
    local extra=""
    case "$cxx" in clang*) extra="-fconstexpr-steps=200000000" ;; esac
    echo "-Iinclude -O3 -DNDEBUG -std=c++20 $extra"
  fi
}

echo '| compiler | translation unit | wall (mean ± sd) | CPU (user + sys) | wall / include-only | CPU / include-only |'
echo '|---|---|---:|---:|---:|---:|'
for cxx in "${compilers[@]}"; do
  command -v "$cxx" >/dev/null || { echo "skipping $cxx (not installed)" >&2; continue; }
  flags=$(flags_of "$cxx")
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$tmp/$cxx.json" \
    -n include-only "$cxx $flags -c bench/compile_time_include_only.cpp -o $tmp/a.o" \
    -n profile_720p "$cxx $flags -c examples/profile_720p.cpp -o $tmp/c.o" \
    -n report_example.cpp "$cxx $flags -c examples/report_example.cpp -o $tmp/b.o" \
    -n compile_time_720p "$cxx $flags -c bench/compile_time_720p.cpp -o $tmp/d.o" \
    >/dev/null 2>&1
  jq -r --arg cxx "$cxx" '
    (.results[0]) as $b
    | .results[]
    | [$cxx, .command, .mean, .stddev, (.user + .system), (.mean / $b.mean), ((.user + .system) / ($b.user + $b.system))]
    | @tsv' "$tmp/$cxx.json" |
    awk -F'\t' '{ printf "| %s | %s | %.2f s ± %.2f | %.2f s | %.2fx | %.2fx |\n", $1, $2, $3, $4, $5, $6, $7 }'
done
