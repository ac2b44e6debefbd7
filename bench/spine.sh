#!/usr/bin/env bash
# Benchmark of the spine: wall time of `./build.sh --target=Train` on a fresh clone of this repository, cold, as a
# no-op, and after one recording changed, with the number of units that ran each time.
# Usage: bench/spine.sh [runs per case, default 3]   (prints the median of each case)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "command: bench/spine.sh $runs  ($(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ), load: $(cut -d' ' -f1-3 /proc/loadavg))"

ran_units() { grep -c '"status":"ran"' "$1/artifacts/run-report.json" || true; }

timed() { # prints seconds of one ./build.sh --target=Train in $1
  local start end
  start=$(date +%s.%N)
  (cd "$1" && ./build.sh --target=Train >"$work/last.log" 2>&1) || { cat "$work/last.log"; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A times units
for i in $(seq "$runs"); do
  clone="$work/clone$i"
  git clone -q "$repo" "$clone"
  # Same sources as the working tree, including uncommitted changes, so the figures describe this code.
  (cd "$repo" && git ls-files -m -o --exclude-standard -z src build config tests | xargs -0 -r -I{} cp --parents {} "$clone")
  (cd "$clone" && dotnet tool restore >/dev/null && dotnet build src/Workflow.Core -c Release -v q >/dev/null 2>&1)
  times[cold]+="$(timed "$clone") "; units[cold]=$(ran_units "$clone")
  times[noop]+="$(timed "$clone") "; units[noop]=$(ran_units "$clone")
  cp "$clone/data/7/7_theo_31.wav" "$clone/data/7/7_theo_30.wav"  # a training file of class 7
  times[one]+="$(timed "$clone") "; units[one]=$(ran_units "$clone")
  rm -rf "$clone"
done

printf '%-22s %10s %12s\n' case "median s" "units ran"
for case in cold noop one; do
  label=$([ "$case" = one ] && echo "one file changed" || echo "$case")
  printf '%-22s %10.2f %12s\n' "$label" "$(tr ' ' '\n' <<<"${times[$case]}" | grep . | median)" "${units[$case]}"
done
echo "(each includes ~2 s of fixed start-up: tool restore, an incremental dotnet build, Cake; cold also compiles the Cake script)"
