#!/usr/bin/env bash
# Fine-tuning on the bundled recordings, through ./build.sh only.
#   bench/adapt.sh [--keep DIR] [--data DIR] [--k "1 2 5 10"] [--relevance R] [--update U] [--iterations N]
# For each speaker S in turn: a base model is trained on the other two speakers and registered (--target=Register,
# in a registry of its own); then, for each k, k recordings per class of S (takes 0…k-1) are used to fine-tune the base
# (train.base) and, for comparison, to train from scratch. Every model is tested on S's takes 10-49 (40 per class;
# never used for adaptation), so the three columns of a row are measured on the same files. The table averages the
# three held-out speakers. --relevance/--update/--iterations set train.adapt.* (default: config/workflow.json's, or the
# built-in defaults). --keep DIR keeps the workspaces (features, base builds) for the next run. Settings other than
# train.base/train.adapt come from config/workflow.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command="bench/adapt.sh $*"
keep="" data="$root/data" ks="1 2 5 10" adapt=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) keep="$2"; shift 2 ;;
    --data) data="$(cd "$2" && pwd)"; shift 2 ;;
    --k) ks="$2"; shift 2 ;;
    --relevance) adapt+=("\"relevance\": $2"); shift 2 ;;
    --update) adapt+=("\"update\": \"$2\""); shift 2 ;;
    --iterations) adapt+=("\"iterations\": $2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
echo "\$ $command"
echo "k: $ks; train.adapt: ${adapt[*]:-the defaults}"
echo "config: $root/config/workflow.json; data: $data; $(nproc) cores; $(uptime | sed 's/.*load/load/')"

if [[ -n "$keep" ]]; then tmp="$(mkdir -p "$keep" && cd "$keep" && pwd)"
else tmp="$(mktemp -d "${TMPDIR:-/tmp}/workflow-adapt.XXXXXX")"; trap 'rm -rf "$tmp"' EXIT; fi

if [[ "$data" == "$root/data" && $(find "$data" -name '*.wav' 2>/dev/null | wc -l) -lt 1500 ]]; then
  "$root/build.sh" --target=FetchData >/dev/null
fi
speakers=($(find "$data" -name '*.wav' -printf '%f\n' | cut -d_ -f2 | sort -u))

# split DIR SPEAKER MODE: symlinks DIR/{train,test}/<class>/<file>.wav into $data. Files are <class>_<speaker>_<take>.wav.
# MODE base: train = every other speaker's file, test = SPEAKER's takes 10-49; MODE k<N>: train = SPEAKER's takes
# 0..N-1, test = SPEAKER's takes 10-49.
split() {
  [[ -d "$1" ]] || python3 - "$data" "$1" "$2" "$3" <<'PY'
import os, sys
data, target, speaker, mode = sys.argv[1:]
for folder, _, names in os.walk(data):
    for name in sorted(names):
        if not name.endswith(".wav"): continue
        label, who, take = name[:-4].split("_")
        take = int(take)
        if mode == "base": part = "train" if who != speaker else "test" if take >= 10 else None
        else: part = None if who != speaker else "train" if take < int(mode[1:]) else "test" if take >= 10 else None
        if part is None: continue
        os.makedirs(os.path.join(target, part, label), exist_ok=True)
        os.symlink(os.path.join(folder, name), os.path.join(target, part, label, name))
PY
}

# config: the repository's, plus train.base when $2 names one (and train.adapt from the command line).
configure() { # configure WORKSPACE [BASE]
  mkdir -p "$1/config"
  cp "$root/config/ATTRIBUTION.md" "$1/config/"
  local extra=""
  [[ -n "${2:-}" ]] && extra="\"base\": \"$2\", "
  [[ -n "${2:-}" && ${#adapt[@]} -gt 0 ]] && extra+="\"adapt\": { $(IFS=,; echo "${adapt[*]}") }, "
  sed -E "s|(\"train\": *\{)|\1 $extra|" "$root/config/workflow.json" >"$1/config/workflow.json"
}
build() { # build WORKSPACE DATA TARGET [ARGS…]
  local ws="$1" audio="$2" target="$3"; shift 3
  if ! "$root/build.sh" "--target=$target" "--workspace=$ws" "--data=$audio" "$@" >"$ws/build.log" 2>&1; then
    echo "build failed: ./build.sh --target=$target --workspace=$ws --data=$audio $*" >&2
    tail -20 "$ws/build.log" >&2
    exit 1
  fi
}
accuracy() { sed -n 's/^ *"accuracy": *\([0-9.eE+-]*\),*$/\1/p' "$1/artifacts/evaluation/metrics.json"; }

declare -A base_acc adapted_acc scratch_acc
for s in "${speakers[@]}"; do
  dir="$tmp/$s"
  registry="$dir/registry"
  # The base: every recording of the other speakers; tested on S's takes 10-49.
  split "$dir/base-audio" "$s" base
  configure "$dir/base"
  build "$dir/base" "$dir/base-audio" Register "--registry=$registry"
  version="$(sed -n 's/^ *"version": *\([0-9]*\),*$/\1/p' "$dir/base/artifacts/registered.json")"
  reference="spoken-digits/$version"
  base_acc[$s]="$(accuracy "$dir/base")"
  for k in $ks; do
    audio="$dir/k$k-audio"
    split "$audio" "$s" "k$k"
    configure "$dir/k$k"
    build "$dir/k$k" "$audio" Evaluate
    scratch_acc[$s,$k]="$(accuracy "$dir/k$k")"
    configure "$dir/k$k" "$reference"
    build "$dir/k$k" "$audio" Evaluate "--registry=$registry"
    adapted_acc[$s,$k]="$(accuracy "$dir/k$k")"
  done
  echo "held out $s: base $reference (trained on the other speakers) accuracy ${base_acc[$s]}" >&2
done

mean() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.3f", s / NF }' <<<"$*"; }
echo
printf '%-4s %8s %8s %8s' k base adapted scratch
for s in "${speakers[@]}"; do printf ' %14s' "adapted:$s"; done
echo
for k in $ks; do
  b=() a=() c=()
  for s in "${speakers[@]}"; do b+=("${base_acc[$s]}"); a+=("${adapted_acc[$s,$k]}"); c+=("${scratch_acc[$s,$k]}"); done
  printf '%-4s %8s %8s %8s' "$k" "$(mean "${b[@]}")" "$(mean "${a[@]}")" "$(mean "${c[@]}")"
  for s in "${speakers[@]}"; do printf ' %14.3f' "${adapted_acc[$s,$k]}"; done
  echo
done
echo
echo "accuracy on each held-out speaker's takes 10-49 (400 recordings), mean over ${#speakers[@]} speakers;"
echo "base: trained on the other speakers; adapted: that base fine-tuned (train.base) on k recordings per class of the"
echo "held-out speaker (takes 0..k-1); scratch: trained on those k recordings only. $(uptime | sed 's/.*load/load/')"
