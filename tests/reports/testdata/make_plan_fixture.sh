#!/usr/bin/env bash
# Regenerates tests/reports/testdata/plan_small/ (the fixed plan the report tests read) from
# small_plan.yaml. The fixture is committed and stays fixed: run this only on purpose (the plan's
# schema changed, the numbers need refreshing) and review the diff; tests compare the report with
# whatever plan.json holds, so they need no edit for new numbers.
#   plan_small/               gpuplan plan output: plan.json, candidates.csv, pareto.csv
#   plan_small/recommended/   gpuplan simulate of the recommended fleet at the peak rate (the
#                             per-request charts), built here from the plan's resolved base scenario
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
# The recommended fleet, its peak rate and SLO, read back from plan.json.
read -r gpu tp replicas rate ttft tpot < <(python3 - "$work/plan/plan.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
r = p["recommendation"]
c = next(c for c in p["candidates"] if c["id"] == r["candidate"])
slo = p["steps"]["slo"]
print(c["gpu"], c["tensor_parallel"], r["replicas"], r["probe"]["rate_per_s"], slo["ttft_ms"],
      slo["tpot_ms"])
PY
)
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["provenance"]["base_scenario_resolved_yaml"], end="")' \
  "$work/plan/plan.json" >"$work/base.yaml"
"$gpuplan" simulate "$work/base.yaml" --set "gpu=$gpu" --set "deployment.tensor_parallel=$tp" \
  --set "deployment.replicas=$replicas" --set "workload.arrival.rate_per_s=$rate" \
  --set simulation.num_requests=600 --set simulation.warmup_s=8 --set "slo={ttft_ms: $ttft, tpot_ms: $tpot}" \
  --seed 1 --out "$work/plan/recommended" -q

rm -rf "$out"
mkdir -p "$out/recommended"
for f in plan.json candidates.csv pareto.csv recommended/summary.json recommended/requests.csv \
  recommended/timeseries.csv recommended/resolved_scenario.yaml; do
  sed -e "s#$source_dir#<source>#g" -e "s#$work#<work>#g" "$work/plan/$f" >"$out/$f"
done
echo "wrote $out"
