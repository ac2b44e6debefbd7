#!/usr/bin/env bash
# Melody classes from pitch, through ./build.sh only: generates a melodic set (bench/MelodyData: 5 classes, each a
# scale and its own note-transition probabilities; harmonic tones with vibrato, glides, rests, a random tonic ±4
# semitones around 200 Hz, tempo and noise; 2–6 s each), then trains and evaluates it with the pitch path
# (features.kind "pitch", train.family "discrete-hmm") and, for contrast, the MFCC path of config/workflow.json
# (its features, train.family hmm) on the same data. Prints accuracy and wall time of each.
#   bench/melody.sh [PER_CLASS, default 100]      (recordings _0 … _19 of each class are the test set)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
per_class="${1:-100}"
[[ "$per_class" =~ ^[0-9]+$ && "$per_class" -ge 25 ]] || { echo "bench/melody.sh: PER_CLASS must be a number ≥ 25" >&2; exit 2; }
echo "\$ bench/melody.sh $per_class   ($(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg))"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/workflow-melody.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

started="$(now)"
dotnet build "$root/bench/MelodyData" -c Release -o "$tmp/generator" >"$tmp/generator.log" 2>&1 || { cat "$tmp/generator.log" >&2; exit 1; }
dotnet "$tmp/generator/MelodyData.dll" "$tmp/data" "$per_class"
echo "generated in $(elapsed "$started" "$(now)") s"

# workspace NAME FEATURES TRAIN: a workspace whose config is the repository's with these features and train sections.
workspace() {
  mkdir -p "$tmp/$1/config"
  python3 - "$root/config/workflow.json" "$tmp/$1/config/workflow.json" "$2" "$3" <<'PY'
import json, re, sys
text = re.sub(r'^\s*//.*$', '', open(sys.argv[1]).read(), flags=re.M)
config = json.loads(text)
config["model"] = {"name": "melodies", "attribution": None}
config["split"] = {"testPattern": r"_1?[0-9]\.wav$"}
config.pop("pretrained", None)
if sys.argv[3] != "keep": config["features"] = json.loads(sys.argv[3])
config["train"] = json.loads(sys.argv[4])
json.dump(config, open(sys.argv[2], "w"), indent=2)
PY
}
run() { # run NAME: Evaluate in that workspace; prints accuracy and wall seconds
  local started
  started="$(now)"
  if ! "$root/build.sh" --target=Evaluate "--workspace=$tmp/$1" "--data=$tmp/data" >"$tmp/$1.log" 2>&1; then
    echo "build failed: ./build.sh --target=Evaluate --workspace=$tmp/$1 --data=$tmp/data" >&2
    tail -20 "$tmp/$1.log" >&2
    exit 1
  fi
  local seconds accuracy
  seconds="$(elapsed "$started" "$(now)")"
  accuracy="$(sed -n 's/^ *"accuracy": *\([0-9.eE+-]*\),*$/\1/p' "$tmp/$1/artifacts/evaluation/metrics.json")"
  printf '%-40s accuracy %.3f   %6s s (ExtractFeatures %s s, Train %s s)\n' "$2" "$accuracy" "$seconds" \
    "$(stage_seconds "$tmp/$1" ExtractFeatures)" "$(stage_seconds "$tmp/$1" Train)"
}
stage_seconds() { # the sum of a stage's unit seconds in the run report (units run in parallel: CPU, not wall)
  python3 -c 'import json, sys
print("%.1f" % sum(u["seconds"] for u in json.load(open(sys.argv[1]))["units"] if u["stage"] == sys.argv[2]))' "$1/artifacts/run-report.json" "$2"
}

workspace pitch '{"kind": "pitch"}' '{"family": "discrete-hmm", "seed": 42}'
workspace mfcc keep '{"family": "hmm", "seed": 42, "varianceFloor": 0.7}'
echo "$((5 * per_class)) recordings, $((5 * 20)) of them the test set"
run pitch "pitch + discrete-hmm (defaults)"
run mfcc "MFCC (config/workflow.json) + hmm"
