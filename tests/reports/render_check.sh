#!/usr/bin/env bash
# Renders the sample report in headless Chromium, in English and Japanese, and checks that the page
# loaded with every chart present:
#   - a screenshot (1280x4000) that is a real PNG of that size and not blank (a blank page
#     compresses to a few KB; the report with its charts is well over 100 KB);
#   - the DOM after loading (--dump-dom) holds as many <svg> and <figcaption> elements as the
#     HTML file (at least 8), and the page did not turn into an error page;
#   - a PDF print (--print-to-pdf), the documented way to get a PDF of a report.
# Usage: render_check.sh SAMPLE_PROGRAM OUT_DIR   (SAMPLE_PROGRAM is the built reports_sample)
# Exit 0 = pass, 1 = fail, 77 = skipped (no chromium; ctest reports it as skipped).
# Screenshots, DOM dumps and PDFs stay in OUT_DIR for a human to look at.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 SAMPLE_PROGRAM OUT_DIR" >&2
  exit 2
fi
sample=$1
out=$2
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

"$sample" "$out/report" >/dev/null

for lang in en ja; do
  html=$(realpath "$out/report/$lang/report.html")
  url="file://$html"

  png="$out/$lang.png"
  run_browser --screenshot="$png" --window-size=1280,4000 "$url" >/dev/null
  if [[ ! -s $png ]]; then
    fail "$lang: no screenshot"
  else
    [[ $(head -c 4 "$png" | od -An -c | tr -d ' ') == '211PNG' ]] || fail "$lang: not a PNG"
    [[ $(png_size "$png") == 1280x4000 ]] || fail "$lang: screenshot is $(png_size "$png")"
    bytes=$(stat -c %s "$png")
    ((bytes > 100000)) || fail "$lang: screenshot only $bytes bytes: blank page?"
  fi

  dom="$out/$lang.dom.html"
  run_browser --dump-dom "$url" >"$dom"
  expected=$(count '<svg ' "$html")
  ((expected >= 8)) || fail "$lang: the sample has only $expected charts"
  [[ $(count '<svg ' "$dom") -eq $expected ]] || fail "$lang: $(count '<svg ' "$dom") of $expected charts in the DOM"
  [[ $(count '<figcaption>' "$dom") -eq $expected ]] || fail "$lang: figure captions missing in the DOM"
  grep -q "<html lang=\"$lang\">" "$dom" || fail "$lang: lang attribute missing in the DOM"
  grep -q 'ERR_\|This site can' "$dom" && fail "$lang: the browser shows an error page"

  pdf="$out/$lang.pdf"
  run_browser --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >/dev/null
  if [[ ! -s $pdf ]] || [[ $(head -c 5 "$pdf") != '%PDF-' ]]; then
    fail "$lang: no PDF"
  fi

  echo "$lang: $expected charts; screenshot $png, DOM $dom, PDF $pdf"
done

if ((failures > 0)); then
  echo "render check: $failures failure(s); chromium output in $out/chromium.log"
  exit 1
fi
echo "render check: passed"
