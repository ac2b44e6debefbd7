#!/usr/bin/env bash
# Our RealFft against FftSharp 2.2.0 and MathNet.Numerics 5.0.0 at the FFT sizes feature extraction uses (256 points
# at 8 kHz, 512 at 16 kHz, 25 ms frames), and our WavReader against NAudio 3.3.0's WaveFileReader on one-second
# 16-bit 16 kHz files, plus which WAV layouts and damages (those tests/Workflow.Core.Tests/Audio covers) each reads.
# The libraries are referenced by bench/FeatureBench only, never by src/.
# Usage: bench/fft.sh [--count=N]   (clips for the WAV part; default 2000)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
count=2000
for arg in "$@"; do
  case "$arg" in
    --count=*) count="${arg#*=}" ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
echo "command: bench/fft.sh $*  ($(nproc) cores, $(uname -m), load: $(cut -d' ' -f1-3 /proc/loadavg))"
[ -d data ] || ./build.sh --target=FetchData >/dev/null
out="$(dotnet build bench/FeatureBench -c Release -v q --nologo 2>&1)" || { echo "$out"; exit 1; }
bench="dotnet $repo/bench/FeatureBench/bin/Release/net10.0/FeatureBench.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
$bench fft
echo
$bench make-clips data "$work/clips" "$count" >/dev/null
$bench wav "$work/clips"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
