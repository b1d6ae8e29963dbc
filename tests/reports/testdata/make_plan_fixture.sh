#!/usr/bin/env bash
# Regenerates tests/reports/testdata/plan_small/ (the fixed plan the report tests read) from
# small_plan.yaml. The fixture is committed and stays fixed: run this only on purpose (the plan's
# schema changed, the numbers need refreshing) and review the diff; tests compare the report with
# whatever plan.json holds, so they need no edit for new numbers.
#   plan_small/               gpuplan plan output: plan.json, candidates.csv, pareto.csv
#   plan_small/recommended/   the recommended fleet simulated at the peak rate (the per-request
#                             charts), as gpuplan plan writes it
#   plan_small/deployment/    the recommended fleet's Kubernetes manifests (the report lists them)
# Absolute paths of this checkout are replaced by <source> so the files do not depend on it.
# Usage: make_plan_fixture.sh [GPUPLAN_BINARY]   (default: build/sim/gpuplan)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../../.." && pwd)
gpuplan=${1:-$source_dir/build/sim/gpuplan}
out=$here/plan_small
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$gpuplan" plan "$here/small_plan.yaml" --threads 1 --out "$work/plan" -q

rm -rf "$out"
mkdir -p "$out/recommended" "$out/deployment"
manifests=$(cd "$work/plan" && ls deployment/*.yaml)
for f in plan.json candidates.csv pareto.csv recommended/summary.json recommended/requests.csv \
  recommended/timeseries.csv recommended/resolved_scenario.yaml $manifests; do
  sed -e "s#$source_dir#<source>#g" -e "s#$work#<work>#g" "$work/plan/$f" >"$out/$f"
done
echo "wrote $out"
