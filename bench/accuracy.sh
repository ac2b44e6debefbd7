#!/usr/bin/env bash
# Accuracy of every model family on the bundled recordings, through ./build.sh only.
#   bench/accuracy.sh [--vad] [--record FILE] [family …]        (default: gaussian gmm hmm kmeans)
# --vad sets audio.vad to "silero": leading/trailing non-speech is trimmed with Silero VAD before features.
# --record FILE also writes the figures as JSON (per family: convention, heldOut per speaker, heldOutMean; the git
# commit): the release's model card quotes it as the accuracy on unseen speakers when model.heldOutAccuracy names it.
# For each family: accuracy on the convention split (takes 0-4 of every speaker are the test set), then with each
# speaker held out in turn (train on the other two, test on that one) and the mean of those, plus wall times.
# Settings other than train.family come from config/workflow.json. Everything is built in a temporary folder
# (--workspace, --data); the repository is only touched if data/ must first be fetched with FetchData.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vad=""
record=""
while [[ "${1:-}" == --* ]]; do
  case "$1" in
    --vad) vad=silero; shift ;;
    --record) record="$(realpath -m "${2:?--record needs a FILE}")"; shift 2 ;;
    *) echo "bench/accuracy.sh: unknown option $1 (use --vad, --record FILE)" >&2; exit 2 ;;
  esac
done
families=("$@")
[[ ${#families[@]} -gt 0 ]] || families=(gaussian gmm hmm kmeans)
echo "\$ $root/bench/accuracy.sh ${vad:+--vad }${families[*]}"
echo "config: $root/config/workflow.json (train.family set per row); $(nproc) cores"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/workflow-accuracy.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# data/ is materialised by FetchData when missing (1500 WAVs: <class>/<class>_<speaker>_<take>.wav).
data="$root/data"
if [[ $(find "$data" -name '*.wav' 2>/dev/null | wc -l) -lt 1500 ]]; then
  "$root/build.sh" --target=FetchData >/dev/null
fi
speakers=($(find "$data" -name '*.wav' -printf '%f\n' | cut -d_ -f2 | sort -u))

# One workspace per split; the families share its extracted features through the build cache.
workspace() {
  mkdir -p "$1/config"
  cp "$root/config/workflow.json" "$root/config/ATTRIBUTION.md" "$1/config/"
  if [[ -n "$vad" ]]; then
    sed -i -E "s/(\"sampleRate\": *[0-9]+)/\1, \"vad\": \"$vad\"/" "$1/config/workflow.json"
    mkdir -p "$1/models" && cp "$root/models/silero_vad.onnx" "$1/models/"
  fi
}
build() { # build WORKSPACE DATA TARGET → the build's wall seconds; its log is kept in WORKSPACE/build.log
  local ws="$1" started
  started="$(now)"
  if ! "$root/build.sh" "--target=$3" "--workspace=$ws" "--data=$2" >"$ws/build.log" 2>&1; then
    echo "build failed: ./build.sh --target=$3 --workspace=$ws --data=$2" >&2
    tail -20 "$ws/build.log" >&2
    exit 1
  fi
  elapsed "$started" "$(now)"
}
accuracy() { sed -n 's/^ *"accuracy": *\([0-9.eE+-]*\),*$/\1/p' "$1/artifacts/evaluation/metrics.json"; }
per_class_training() { # mean and max of the Train units' seconds in the build's run report
  python3 -c 'import json, sys
s = [u["seconds"] for u in json.load(open(sys.argv[1]))["units"] if u["stage"] == "Train"]
print("%.2f/%.2f" % (sum(s) / len(s), max(s)))' "$1/artifacts/run-report.json"
}
set_family() {
  sed -i -E "s/(\"family\": *)\"[a-z]+\"/\1\"$2\"/" "$1/config/workflow.json"
}

splits=(convention "${speakers[@]}")
results=""
workspace "$tmp/convention"
for speaker in "${speakers[@]}"; do
  split="$tmp/$speaker"
  workspace "$split"
  for file in $(cd "$data" && find . -name '*.wav' | sort); do
    name="$(basename "$file")"
    part=train
    [[ "$(echo "$name" | cut -d_ -f2)" == "$speaker" ]] && part=test
    mkdir -p "$split/audio/$part/$(dirname "$file")"
    ln -s "$data/$file" "$split/audio/$part/$file"
  done
done
data_of() { [[ "$1" == convention ]] && echo "$data" || echo "$tmp/$1/audio"; }

features_started="$(now)"
for split in "${splits[@]}"; do build "$tmp/$split" "$(data_of "$split")" ExtractFeatures >/dev/null; done
echo "features for ${#splits[@]} splits: $(elapsed "$features_started" "$(now)") s"
echo
printf '%-9s %10s' family convention
for speaker in "${speakers[@]}"; do printf ' %9s' "-$speaker"; done
printf ' %9s %11s %15s\n' held-mean "wall s" "train s/class"
for family in "${families[@]}"; do
  started="$(now)"
  printf '%-9s' "$family"
  sum=0
  held=""
  for split in "${splits[@]}"; do
    set_family "$tmp/$split" "$family"
    build "$tmp/$split" "$(data_of "$split")" Evaluate >/dev/null
    value="$(accuracy "$tmp/$split")"
    if [[ "$split" == convention ]]; then
      printf ' %10.3f' "$value"
      convention="$value"
      timing="$(per_class_training "$tmp/$split")"
    else
      printf ' %9.3f' "$value"
      sum="$(awk -v s="$sum" -v v="$value" 'BEGIN { print s + v }')"
      held="$held${held:+, }\"$split\": $value"
    fi
  done
  mean="$(awk -v s="$sum" -v n="${#speakers[@]}" 'BEGIN { printf "%.6f", s / n }')"
  printf ' %9.3f %11s %15s\n' "$mean" "$(elapsed "$started" "$(now)")" "$timing"
  results="$results${results:+,
}    \"$family\": { \"convention\": $convention, \"heldOut\": { $held }, \"heldOutMean\": $mean }"
done
echo
echo "wall s: Train + Evaluate builds of the family on all ${#splits[@]} splits (features reused)."
echo "train s/class: mean/max over classes of the Train units' seconds (run-report.json), convention split (classes train in parallel)."
if [[ -n "$record" ]]; then
  commit="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  dirty=false
  [[ -z "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]] || dirty=true
  mkdir -p "$(dirname "$record")"
  printf '{\n  "commit": "%s",\n  "dirty": %s,\n  "vad": %s,\n  "families": {\n%s\n  }\n}\n' \
    "$commit" "$dirty" "$([[ -n "$vad" ]] && echo true || echo false)" "$results" >"$record.partial"
  mv "$record.partial" "$record"
  echo "recorded: $record"
fi
