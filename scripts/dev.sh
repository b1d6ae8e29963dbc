#!/usr/bin/env bash
# gpuplan's two entry points for a fresh Debian 12 machine (run as root, or with sudo available):
#   scripts/dev.sh demo   install what is missing, build, then: simulate the shipped default
#                         scenario, plan the shipped example (a Japanese-enterprise chatbot) and
#                         render its provisioning spec report (out/japan_chatbot/report.html)
#   scripts/dev.sh test   install what is missing, build, run the whole test suite
# `test` also checks that every C++ source is formatted as .clang-format says (a few seconds).
# And, for developers (not part of CI's time budget; docs/performance.md has its timings):
#   scripts/dev.sh sanitize   the whole suite under AddressSanitizer + UBSan, then the plan tests
#                             (the only multi-threaded code) under ThreadSanitizer
#   scripts/dev.sh lint [BASE]  clang-format and clang-tidy (.clang-tidy, warnings as errors) on
#                             the C++ files changed since BASE (default HEAD~1); about 10 s a file;
#                             its own build in build-lint (no precompiled headers: clang-tidy)
#   scripts/dev.sh fuzz [SECONDS]  each libFuzzer harness of fuzz/ for SECONDS (default 60), one
#                             after another, built with clang, ASan + UBSan in build-fuzz;
#                             crashes go to build-fuzz/crashes/ (docs/fuzzing.md)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${GPUPLAN_BUILD_DIR:-$here/build}"
mode="${1:-}"
shift || true

packages=(build-essential cmake ninja-build pkg-config libboost-program-options-dev
          libssl-dev libyaml-cpp-dev libfmt-dev nlohmann-json3-dev libgtest-dev
          libgmock-dev libbenchmark-dev)
# The report tests render HTML in headless Chromium (with CJK fonts for Japanese reports); the
# format check needs clang-format, the lint mode clang-tidy.
test_packages=(chromium fonts-noto-cjk clang-format)
lint_packages=(clang-format clang-tidy)

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

# Every tracked C++ source against .clang-format; lists the files that differ.
check_format() {
  echo "== checking the format of the C++ sources (clang-format, .clang-format)"
  local bad
  bad="$(cd "$here" && git ls-files '*.cc' '*.h' '*.cu' '*.cuh' |
    xargs clang-format --dry-run --Werror 2>&1 | grep -o '^[^:]*:[0-9]*:[0-9]*: error' |
    cut -d: -f1 | sort -u || true)"
  if [[ -n $bad ]]; then
    echo "not formatted (run clang-format -i on them):"
    echo "$bad"
    return 1
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
    if git -C "$here" rev-parse --git-dir >/dev/null 2>&1; then check_format; fi
    configure_and_build
    echo "== running the test suite"
    cd "$build"
    ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 600
    ;;
  lint)
    install_missing "${packages[@]}" "${lint_packages[@]}"
    base="${1:-HEAD~1}"
    # compile_commands.json for clang-tidy, from a build of its own without precompiled headers:
    # the test programs' GoogleTest header is precompiled by g++, which clang cannot read.
    # Configuring writes it; nothing needs building (gpuplan generates no sources).
    build="${GPUPLAN_LINT_BUILD_DIR:-$here/build-lint}"
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON -DGPUPLAN_CUDA=OFF >/dev/null
    mapfile -t changed < <(cd "$here" && git diff --name-only --diff-filter=d "$base" -- \
      '*.cc' '*.h' | grep -v '^calibrate/kernels/' || true)
    if ((${#changed[@]} == 0)); then echo "== no C++ file changed since $base"; exit 0; fi
    echo "== clang-format on ${#changed[@]} files changed since $base"
    (cd "$here" && clang-format --dry-run --Werror "${changed[@]}")
    sources=()
    for f in "${changed[@]}"; do [[ $f == *.cc ]] && sources+=("$here/$f"); done
    if ((${#sources[@]})); then
      echo "== clang-tidy on ${#sources[@]} sources"
      clang-tidy -p "$build" --quiet --warnings-as-errors='*' "${sources[@]}"
    fi
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
        # Left out: the browser render check (slow, and Chromium is not instrumented) and the
        # robustness corpus, whose cases run under an address-space limit that ASan's shadow
        # memory (terabytes of reserved address space) can never fit.
        echo "== the test suite under ASan + UBSan (browser and robustness cases left out)"
        (cd "$sbuild" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
          UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
          ctest --output-on-failure -j "$jobs" --timeout 1200 -LE 'browser|robustness')
      else
        cmake --build "$sbuild" -j "$jobs" --target plan_test
        echo "== the plan tests under TSan"
        (cd "$sbuild" && TSAN_OPTIONS=halt_on_error=1 tests/plan_test)
      fi
    done
    ;;
  fuzz)
    install_missing "${packages[@]}" clang libclang-rt-dev
    seconds="${1:-60}"
    fbuild="${GPUPLAN_FUZZ_BUILD_DIR:-$here/build-fuzz}"
    harnesses=(scenario_yaml plan_yaml trace calibration_bundle summary_json plan_json batch_dump)
    echo "== configuring and building the libFuzzer harnesses in $fbuild (clang, ASan + UBSan)"
    # fuzzer-no-link: coverage feedback from the readers' libraries, not only from the harness.
    CC=clang CXX=clang++ cmake -S "$here" -B "$fbuild" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DGPUPLAN_FUZZ=ON -DGPUPLAN_SANITIZE=address -DGPUPLAN_TESTS=OFF -DGPUPLAN_BENCH=OFF \
      -DGPUPLAN_CUDA=OFF -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" >/dev/null
    cmake --build "$fbuild" -j "$(nproc 2>/dev/null || echo 2)" \
      --target "${harnesses[@]/#/fuzz_}"
    mkdir -p "$fbuild/crashes" "$fbuild/logs"
    for h in "${harnesses[@]}"; do
      # Inputs the fuzzer finds go to build-fuzz/corpus/<h>; the seeds in fuzz/corpus stay as
      # they are. -max_len: 64 KiB covers every seed (real files are larger, but not different).
      mkdir -p "$fbuild/corpus/$h"
      dict=()
      [[ -f $here/fuzz/dict/$h.dict ]] && dict=(-dict="$here/fuzz/dict/$h.dict")
      echo "== fuzz_$h for $seconds s (log: $fbuild/logs/$h.log)"
      status=0
      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
        "$fbuild/fuzz/fuzz_$h" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 -artifact_prefix="$fbuild/crashes/$h-" \
        "${dict[@]}" "$fbuild/corpus/$h" "$here/fuzz/corpus/$h" >"$fbuild/logs/$h.log" 2>&1 ||
        status=$?
      grep -E '^#[0-9]+: cov' "$fbuild/logs/$h.log" | tail -1 || true
      ((status == 0)) || echo "   fuzz_$h found a problem (exit $status): see the log"
    done
    ls "$fbuild/crashes"
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test|lint [BASE]|sanitize|fuzz [SECONDS]" >&2
    exit 2
    ;;
esac
