#!/usr/bin/env bash
# Compares report.json of two wanmeter binaries, byte for byte, for every model id with and
# without `--device h100-sxm` and a few execution variants. Used to show that a refactoring
# changes no figure (or exactly the ones a CHANGELOG entry names).
#
#   scripts/compare-reports.sh OLD_WANMETER NEW_WANMETER
# Exit status 0 when every report is identical, 1 otherwise (the differing cases are listed).
set -euo pipefail
old=${1:?usage: compare-reports.sh OLD_WANMETER NEW_WANMETER}
new=${2:?usage: compare-reports.sh OLD_WANMETER NEW_WANMETER}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
models=$("$new" list | awk '/^models:/{f=1;next} /^[a-z]+:/{f=0} f{print $1}')
cases=()
for m in $models; do
  cases+=("--model $m" "--model $m --device h100-sxm")
done
cases+=("--model wan2.1-t2v-14b --device h100-sxm --exec fused"
        "--model wan2.2-t2v-a14b --device rtx-4090 --t5-cpu"
        "--model wan2.2-ti2v-5b --image-input --device a100-80gb-sxm --no-offload"
        "--model wan2.1-i2v-14b-720p --image-size 1024x1024 --device h20 --allow-tf32 --host-memory pinned")
same=0
differ=0
for c in "${cases[@]}"; do
  # shellcheck disable=SC2086
  "$old" analyze $c --stdout >"$scratch/old.json" 2>&1 || true
  # shellcheck disable=SC2086
  "$new" analyze $c --stdout >"$scratch/new.json" 2>&1 || true
  if cmp -s "$scratch/old.json" "$scratch/new.json"; then
    same=$((same + 1))
  else
    differ=$((differ + 1))
    echo "differs: analyze $c"
  fi
done
echo "$same identical, $differ different"
((differ == 0))
