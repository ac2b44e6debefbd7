#!/usr/bin/env bash
# Feature extraction per file, as the ExtractFeatures stage does it (read the WAV, MFCC with the config's features,
# write the feature file atomically), on Speech-Commands-shaped clips: one second at 16 kHz, cut from the bundled
# recordings resampled to 16 kHz. Prints files/s on one core and on all cores, and a per-phase split.
# With --baseline=REV the same benchmark is also built against REV's Workflow.Core (public API only) and the two are
# run alternately, so before/after come from one run on this shared, noisy machine.
# Usage: bench/features.sh [--baseline=REV] [--count=N] [--rounds=R] [--rate=HZ]   (defaults: none, 2000, 3, 16000)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
baseline="" count=2000 rounds=3 rate=16000
for arg in "$@"; do
  case "$arg" in
    --baseline=*) baseline="${arg#*=}" ;;
    --count=*) count="${arg#*=}" ;;
    --rounds=*) rounds="${arg#*=}" ;;
    --rate=*) rate="${arg#*=}" ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
echo "command: bench/features.sh $*  ($(nproc) cores, $(uname -m), load: $(cut -d' ' -f1-3 /proc/loadavg))"
[ -d data ] || ./build.sh --target=FetchData >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
build() { out="$(dotnet build "$1/bench/FeatureBench" -c Release -v q --nologo "${@:2}" 2>&1)" || { echo "$out"; exit 1; }; }
build "$repo"
new="dotnet $repo/bench/FeatureBench/bin/Release/net10.0/FeatureBench.dll"
if [ -n "$baseline" ]; then
  mkdir "$work/base"
  git archive "$baseline" | tar -x -C "$work/base"
  rm -rf "$work/base/bench/FeatureBench" && cp -r bench/FeatureBench "$work/base/bench/"
  rm -rf "$work/base/bench/FeatureBench/bin" "$work/base/bench/FeatureBench/obj"
  build "$work/base" -p:Baseline=true
  old="dotnet $work/base/bench/FeatureBench/bin/Release/net10.0/FeatureBench.dll"
fi
$new make-clips data "$work/clips" "$count"
config="$repo/config/workflow.json"
for round in $(seq "$rounds"); do
  echo "round $round (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ -n "$baseline" ]; then echo -n "  before ($baseline): "; $old files "$work/clips" "$config" "$work/out" 3 --rate="$rate"; fi
  echo -n "  after (working tree): "; $new files "$work/clips" "$config" "$work/out" 3 --rate="$rate"
done
if [ -n "$baseline" ]; then echo "before ($baseline):"; $old phases "$work/clips" "$config" "$work/out" --rate="$rate"; fi
echo "after (working tree):"
$new phases "$work/clips" "$config" "$work/out" --rate="$rate"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
