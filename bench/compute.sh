#!/usr/bin/env bash
# Feature-extraction throughput, training time per class per model family, and files per second classified by the
# native pipeline and by the exported ONNX model, on the bundled data.
# Usage: bench/compute.sh [DATA_DIR]   (default: the repo's data/, fetched first if missing)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
echo "command: bench/compute.sh $*  ($(nproc) cores, $(uname -m), load: $(cut -d' ' -f1-3 /proc/loadavg))"
[ $# -gt 0 ] || [ -d data ] || ./build.sh --target=FetchData >/dev/null
out="$(dotnet build bench/Workflow.Bench -c Release -v q --nologo 2>&1)" || { echo "$out"; exit 1; }
dotnet bench/Workflow.Bench/bin/Release/net10.0/Workflow.Bench.dll "$repo" "${1:-$repo/data}"
