#!/usr/bin/env bash
# Renders reports in headless Chromium and checks that each page loaded with every chart present:
#   - the sample report (every chart type and block kind), in English and Japanese;
#   - with GPUPLAN_BINARY: `gpuplan report` on the fixed plan (tests/reports/testdata/plan_small)
#     and on its recommended/ subfolder, a simulate output (the run report), in both languages.
# For each page:
#   - a screenshot (1280 wide) that is a real PNG of the requested size and not blank (a blank
#     page compresses to a few KB; a report with its charts is well over 100 KB);
#   - the DOM after loading (--dump-dom) holds as many <svg> and <figcaption> elements as the
#     HTML file (at least the expected count), with the right lang, and no error page;
#   - a PDF print (--print-to-pdf), the documented way to get a PDF of a report.
# Usage: render_check.sh SAMPLE_PROGRAM OUT_DIR [GPUPLAN_BINARY]
#   (SAMPLE_PROGRAM is the built reports_sample, GPUPLAN_BINARY the built gpuplan)
# Exit 0 = pass, 1 = fail, 77 = skipped (no chromium; ctest reports it as skipped).
# Screenshots, DOM dumps and PDFs stay in OUT_DIR for a human to look at.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 SAMPLE_PROGRAM OUT_DIR [GPUPLAN_BINARY]" >&2
  exit 2
fi
sample=$1
out=$2
gpuplan=${3:-}
fixture=$(cd "$(dirname "$0")" && pwd)/testdata/plan_small
# $CHROMIUM picks the browser binary; by default the first of the usual names on PATH.
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [[ -z $browser || ! -x $browser ]]; then
  echo "SKIP: chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)"
  exit 77
fi

rm -rf "$out"
mkdir -p "$out"
profiles=()
cleanup() { for p in "${profiles[@]}"; do rm -rf "$p"; done; }
trap cleanup EXIT

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# Runs chromium headless, isolated and offline, with a throwaway profile.
run_browser() {
  local profile
  profile=$(mktemp -d)
  profiles+=("$profile")
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" "$@" 2>>"$out/chromium.log"
}

count() { grep -o "$1" "$2" | wc -l; }

# Width and height from the PNG header (IHDR: bytes 16..23, big-endian).
png_size() {
  local hex
  hex=$(od -An -tx1 -j16 -N8 "$1" | tr -d ' \n')
  echo "$((16#${hex:0:8}))x$((16#${hex:8:8}))"
}

# check_page NAME HTML LANG MIN_CHARTS HEIGHT: screenshot, DOM and PDF checks of one page.
check_page() {
  local name=$1 html lang=$3 min=$4 height=$5
  html=$(realpath "$2")
  local url="file://$html"

  local png="$out/$name.png"
  run_browser --screenshot="$png" --window-size=1280,"$height" "$url" >/dev/null
  if [[ ! -s $png ]]; then
    fail "$name: no screenshot"
  else
    [[ $(head -c 4 "$png" | od -An -c | tr -d ' ') == '211PNG' ]] || fail "$name: not a PNG"
    [[ $(png_size "$png") == 1280x$height ]] || fail "$name: screenshot is $(png_size "$png")"
    local bytes
    bytes=$(stat -c %s "$png")
    ((bytes > 100000)) || fail "$name: screenshot only $bytes bytes: blank page?"
  fi

  local dom="$out/$name.dom.html"
  run_browser --dump-dom "$url" >"$dom"
  local expected
  expected=$(count '<svg ' "$html")
  ((expected >= min)) || fail "$name: only $expected charts, expected at least $min"
  [[ $(count '<svg ' "$dom") -eq $expected ]] || fail "$name: $(count '<svg ' "$dom") of $expected charts in the DOM"
  [[ $(count '<figcaption>' "$dom") -eq $expected ]] || fail "$name: figure captions missing in the DOM"
  grep -q "<html lang=\"$lang\">" "$dom" || fail "$name: lang attribute missing in the DOM"
  grep -q 'ERR_\|This site can' "$dom" && fail "$name: the browser shows an error page"

  local pdf="$out/$name.pdf"
  run_browser --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >/dev/null
  if [[ ! -s $pdf ]] || [[ $(head -c 5 "$pdf") != '%PDF-' ]]; then
    fail "$name: no PDF"
  fi

  echo "$name: $expected charts; screenshot $png, DOM $dom, PDF $pdf"
}

"$sample" "$out/report" >/dev/null
for lang in en ja; do
  check_page "$lang" "$out/report/$lang/report.html" "$lang" 8 4000
done

if [[ -n $gpuplan ]]; then
  for lang in en ja; do
    # The plan report: every chart (memory, two load sweeps, Pareto, day, three CDFs, KV, steps).
    "$gpuplan" report "$fixture" --lang "$lang" --out "$out/plan-$lang" -q
    check_page "plan-$lang" "$out/plan-$lang/report.html" "$lang" 10 16000
    # The run report of a simulate folder.
    "$gpuplan" report "$fixture/recommended" --lang "$lang" --out "$out/run-$lang" -q
    check_page "run-$lang" "$out/run-$lang/report.html" "$lang" 5 8000
  done
fi

if ((failures > 0)); then
  echo "render check: $failures failure(s); chromium output in $out/chromium.log"
  exit 1
fi
echo "render check: passed"
