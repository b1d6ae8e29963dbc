#!/usr/bin/env bash
# gpuplan's two entry points for a fresh Debian 12 machine (run as root, or with sudo available):
#   scripts/dev.sh demo   install what is missing, build, then: simulate the shipped default
#                         scenario, plan the shipped example (a Japanese-enterprise chatbot) and
#                         render its provisioning spec report (out/japan_chatbot/report.html)
#   scripts/dev.sh test   install what is missing, build, run the whole test suite
# and, for developers (not part of CI's time budget; docs/performance.md has its timings):
#   scripts/dev.sh sanitize   the whole suite under AddressSanitizer + UBSan, then the plan tests
#                             (the only multi-threaded code) under ThreadSanitizer
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GPUPLAN_BUILD_DIR:-$here/build}"
mode="${1:-}"
shift || true

packages=(build-essential cmake ninja-build pkg-config libboost-program-options-dev
          libboost-graph-dev libssl-dev libyaml-cpp-dev libfmt-dev libgtest-dev libgmock-dev
          libbenchmark-dev)
# The report tests render HTML in headless Chromium (with CJK fonts for Japanese reports).
test_packages=(chromium fonts-noto-cjk)

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "== installing: ${missing[*]}"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
}

# configure_and_build [TARGET...]: everything when no target is named.
configure_and_build() {
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  echo "== configuring and building in $build"
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  if (($#)); then
    cmake --build "$build" -j "$jobs" --target "$@"
  else
    cmake --build "$build" -j "$jobs"
  fi
}

case "$mode" in
  demo)
    install_missing "${packages[@]}"
    configure_and_build gpuplan
    gpuplan="$build/sim/gpuplan"
    echo "== gpuplan simulate configs/scenarios/default.yaml --out out/default"
    "$gpuplan" simulate "$here/configs/scenarios/default.yaml" --out "$here/out/default"
    echo "== gpuplan plan configs/plans/japan_chatbot.yaml --out out/japan_chatbot --report"
    "$gpuplan" plan "$here/configs/plans/japan_chatbot.yaml" --out "$here/out/japan_chatbot" --report
    echo "== gpuplan report out/japan_chatbot --lang ja --out out/japan_chatbot/ja"
    "$gpuplan" report "$here/out/japan_chatbot" --lang ja --out "$here/out/japan_chatbot/ja"
    ;;
  test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    configure_and_build
    echo "== running the test suite"
    cd "$build"
    ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 600
    ;;
  sanitize)
    install_missing "${packages[@]}"
    jobs="$(nproc 2>/dev/null || echo 2)"
    for kind in address thread; do
      sbuild="$build-$kind"
      echo "== configuring and building with -fsanitize=$kind in $sbuild"
      cmake -S "$here" -B "$sbuild" -G Ninja -DGPUPLAN_SANITIZE="$kind" -DGPUPLAN_BENCH=OFF \
        -DGPUPLAN_CUDA=OFF -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS="-O1 -g1" >/dev/null
      if [[ $kind == address ]]; then
        cmake --build "$sbuild" -j "$jobs"
        echo "== the test suite under ASan + UBSan (the browser render check is left out)"
        (cd "$sbuild" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
          ctest --output-on-failure -j "$jobs" --timeout 1200 -LE browser)
      else
        cmake --build "$sbuild" -j "$jobs" --target plan_test
        echo "== the plan tests under TSan"
        (cd "$sbuild" && TSAN_OPTIONS=halt_on_error=1 tests/plan_test)
      fi
    done
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test|sanitize" >&2
    exit 2
    ;;
esac
