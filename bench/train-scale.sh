#!/usr/bin/env bash
# The Train stage at Speech-Commands scale: CLASSES classes of UTTERANCES synthetic one-second feature files each
# (98 frames × 39 columns), trained at once through TrainStage.Run as a build does (one class per core), with
# config/workflow.json's train settings. Prints wall seconds, peak managed heap and peak RSS (also /usr/bin/time's).
# Usage: bench/train-scale.sh [UTTERANCES=9000] [CLASSES=1]
# The generated files are kept in ${TRAIN_SCALE_DATA:-$TMPDIR/workflow-train-scale-UTTERANCES} for the next run;
# delete that folder to regenerate. Compare two checkouts by running each one's script on the same data.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
utterances="${1:-9000}"
classes="${2:-1}"
data="${TRAIN_SCALE_DATA:-${TMPDIR:-/tmp}/workflow-train-scale-$utterances}"
echo "command: bench/train-scale.sh $utterances $classes  ($(nproc) cores, $(uname -m), load: $(cut -d' ' -f1-3 /proc/loadavg))"
out="$(dotnet build "$repo/bench/Workflow.Bench" -c Release -v q --nologo 2>&1)" || { echo "$out"; exit 1; }
bench="$repo/bench/Workflow.Bench/bin/Release/net10.0/Workflow.Bench.dll"
# A data set has at least two classes (the data layer refuses fewer), even when one is trained.
generate=$(( classes > 2 ? classes : 2 ))
have=$(find "$data/artifacts/features/train" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l || true)
if [ "$have" -lt "$generate" ]; then
  rm -rf "$data"
  dotnet "$bench" train-scale generate "$data" "$utterances" "$generate"
fi
rm -rf "$data/artifacts/models"
/usr/bin/time -f "/usr/bin/time: %e s wall, %M KiB max RSS, %P cpu" dotnet "$bench" train-scale train "$data" "$repo" "$classes"
