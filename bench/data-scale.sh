#!/usr/bin/env bash
# Data layer at scale: generates FILES (default 100,000) small files in a temp workspace and prints the first
# TrackData, a no-op DataStatus (state cache: one stat per file, no reads), a DataStatus after 10 files changed,
# and the no-op / first ratio. Usage: bench/data-scale.sh [FILES]   (runnable from any directory)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "command: bench/data-scale.sh $*  ($(nproc) cores, $(uname -m), $(df -T "$work" | awk 'NR==2{print $2}') temp fs, load: $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet build "$repo/bench/DataScale" -c Release -v q --nologo >/dev/null
dotnet "$repo/bench/DataScale/bin/Release/net10.0/DataScale.dll" bench "$work" "${1:-100000}"
