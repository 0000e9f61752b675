#!/usr/bin/env bash
# Manual check: build the CLI (g++ preset), run `wanmeter analyze` under a run id of your choice
# and show where the artifacts are, so you can open report.json and summary.md yourself.
#
#   scripts/manual-check.sh [run-id] [extra analyze flags...]
#   scripts/manual-check.sh my-check --profile wan2-1-480p --model wan2.1-t2v-1.3b
#
# Defaults: run id `manual-check`, profile wan2-1-ci-tiny. Artifacts go to
# tmp/profile-output/<run-id>/static_analysis/wan2_1/ under the repository (override with
# --output-root). WANMETER_BIN=<path> uses an already built executable instead of building the
# g++ preset.
set -euo pipefail
cd "$(dirname "$0")/.."
run_id="${1:-manual-check}"
shift || true
has_profile=0
for a in "$@"; do [[ "$a" == --profile || "$a" == --profile=* ]] && has_profile=1; done
profile_args=()
((has_profile)) || profile_args=(--profile wan2-1-ci-tiny)

wanmeter="${WANMETER_BIN:-}"
if [ -z "$wanmeter" ]; then
  cmake --preset gcc >/dev/null
  cmake --build --preset gcc --target wanmeter_cli >/dev/null
  wanmeter=build/gcc/src/cli/wanmeter
fi
output=$("$wanmeter" analyze --run-id "$run_id" "${profile_args[@]}" "$@")
echo "$output"
report=$(sed -n 's/^report: *//p' <<<"$output")
summary="${report%/report.json}/summary.md"
echo
echo "Artifacts of run '$run_id':"
ls -l "$report" "$summary"
echo
echo "Open them with:"
echo "  less $summary"
echo "  python3 -m json.tool $report | less"
echo "Check them against the schema and the invariants with:"
echo "  python3 test/cli/check_report.py --schema schema/report.schema.json $report"
