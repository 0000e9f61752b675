#!/usr/bin/env bash
# Every benchmark of bench/RESULTS.md in one go: builds the bench targets and the CLI in
# build/gcc (configuring it with `cmake --preset gcc` if needed), runs them and prints Markdown
# tables to paste into bench/RESULTS.md. Needs hyperfine and jq.
#
# Usage: bench/run_all.sh [--quick]
#   --quick: fewer iterations and runs (a smoke test of the scripts, not figures to publish)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1
if [ $quick = 1 ]; then
  report_iterations=20 forward_iterations=2000000 startup_runs=20 compile_runs=1
else
  report_iterations=500 forward_iterations=20000000 startup_runs=200 compile_runs=5
fi

[ -f build/gcc/build.ninja ] || cmake --preset gcc >/dev/null
cmake --build build/gcc -j2 --target bench_report_json bench_runtime_forward wanmeter_cli >/dev/null

echo "## wanmeter benchmarks ($(date -u +%Y-%m-%d), $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
echo
echo "Machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$(g++ --version | head -n1); $(clang++-16 --version 2>/dev/null | head -n1 || true)"
echo
echo "### Start-up and CLI wall time (bench/startup.sh build/gcc/src/cli/wanmeter $startup_runs)"
echo
bench/startup.sh build/gcc/src/cli/wanmeter "$startup_runs" 2>/dev/null
echo
echo "### Report + JSON (build/gcc/bench/bench_report_json $report_iterations)"
echo
build/gcc/bench/bench_report_json "$report_iterations" | tail -n +3
echo
echo "### Whole-forward cost at run time (build/gcc/bench/bench_runtime_forward $forward_iterations)"
echo
build/gcc/bench/bench_runtime_forward "$forward_iterations" | tail -n +3
echo
echo "### Compile time of examples/profile_720p.cpp (bench/compile_time.sh $compile_runs)"
echo
bench/compile_time.sh "$compile_runs"
