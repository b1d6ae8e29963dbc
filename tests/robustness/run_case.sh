#!/usr/bin/env bash
# Runs one case of the robustness corpus (cases.txt): gpuplan with the case's arguments, inside
# the inputs folder, under a time limit and an address-space limit, and checks its exit code and
# that its standard error contains the expected fragment.
#   run_case.sh GPUPLAN EXPECTED_EXIT FRAGMENT ARG...
# An argument @TMP is replaced by a fresh temporary folder (removed afterwards); @FIFO by a named
# pipe and @LINK by a symbolic link to a file, both inside it. Cases never name a real device:
# a writer that regressed would replace it (as root, /dev/null itself).
set -uo pipefail
gpuplan="$1" expected="$2" fragment="$3"
shift 3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/fifo"
echo kept >"$tmp/target"
ln -s "$tmp/target" "$tmp/link"
args=()
for a in "$@"; do
  a="${a//@FIFO/$tmp/fifo}"
  a="${a//@LINK/$tmp/link}"
  args+=("${a//@TMP/$tmp}")
done
# 4 GiB of address space and 60 s: a case that needs more has a resource bug.
err="$( (ulimit -v 4194304; timeout 60 "$gpuplan" "${args[@]}") 2>&1 >/dev/null)"
code=$?
if [[ $code -ne $expected ]]; then
  echo "exit code $code, expected $expected; stderr:"
  echo "$err"
  exit 1
fi
if [[ ! -p $tmp/fifo || ! -L $tmp/link || $(cat "$tmp/target") != kept ]]; then
  echo "the FIFO, the link or its target was replaced or changed"
  exit 1
fi
if [[ $err != *"$fragment"* ]]; then
  echo "stderr does not contain: $fragment"
  echo "stderr was:"
  echo "$err"
  exit 1
fi
