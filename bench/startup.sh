#!/usr/bin/env bash
# Start-up and wall time of the `wanmeter` executable as a ratio to `/bin/true`, measured in the
# same hyperfine run (so machine load and process-creation cost cancel out of the ratio).
#
# Usage: bench/startup.sh [path/to/wanmeter] [runs]
#   default binary build/gcc/src/cli/wanmeter, default 200 runs per command (10 warm-up runs).
# Prints a Markdown table: mean ± standard deviation, median, median / median of /bin/true, and the
# mean CPU time (user + system) and its ratio to /bin/true's, the steadier figure on a busy
# machine (waiting for a core counts in wall time, not in CPU time).
# `analyze` writes into a scratch output root that is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/gcc/src/cli/wanmeter}")
runs=${2:-200}
command -v hyperfine >/dev/null || { echo "bench/startup.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
command -v jq >/dev/null || { echo "bench/startup.sh needs jq" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out="$tmp/out"

hyperfine -N --style none --warmup 10 --runs "$runs" --export-json "$tmp/startup.json" \
  -n '/bin/true' '/bin/true' \
  -n 'wanmeter --version' "$bin --version" \
  -n 'wanmeter analyze --stdout' "$bin analyze --stdout" \
  -n 'wanmeter analyze' "$bin analyze --output-root $out --run-id bench" \
  -n 'wanmeter analyze --device h100-sxm' "$bin analyze --output-root $out --run-id bench --device h100-sxm" \
  >/dev/null

echo '| command | mean | median | median / `/bin/true` | CPU (user + sys) | CPU / `/bin/true` |'
echo '|---|---:|---:|---:|---:|---:|'
jq -r '.results[0] as $b | .results[]
       | [.command, .mean, .stddev, .median, (.median / $b.median), (.user + .system),
          ((.user + .system) / ($b.user + $b.system))] | @tsv' "$tmp/startup.json" |
  awk -F'\t' '{ printf "| `%s` | %.2f ms ± %.2f | %.2f ms | %.2fx | %.2f ms | %.2fx |\n",
                 $1, $2 * 1000, $3 * 1000, $4 * 1000, $5, $6 * 1000, $7 }'
