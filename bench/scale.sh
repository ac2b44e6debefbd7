#!/usr/bin/env bash
# The pipeline at Google-Speech-Commands scale: generates N (default 100,000) one-second 16 kHz clips of the bundled
# digit classes (bench/ScaleData: DIR/train/<class>/, DIR/test/<class>/, 10 % test, every clip different), then runs
# `./build.sh --target=Evaluate --data=DIR` on a fresh clone with audio.sampleRate 16000 — cold, as a no-op, and after
# one training clip changed — and prints per case: wall time, units ran, peak RSS, disk used by .workflow/ +
# artifacts/ (hard links counted once), the bytes of one copy of artifacts/features + artifacts/models, and their ratio
# (also with apparent sizes, and against the disk blocks one copy takes); when a few units ran, each one's own seconds
# and the wall time outside the Train and Score units (what the goal "3 s plus that class's retraining" measures).
# Usage: bench/scale.sh [--files N] [--keep DIR] [--source DIR]   (runnable from any directory)
#   --keep DIR     reuse the data set in DIR if it is complete for the same N (its stamp), else generate it there;
#                  without it the set goes to a temp folder deleted at exit.
#   --source DIR   recordings DIR/<class>/*.wav to make clips from (default: data/, fetched first if missing).
# On ext4, creating a file costs far more for a few minutes after many files were deleted nearby (the inode allocator
# skips inodes freed in the last 60-360 s, checking each: `recently_deleted` in perf): a cold build right after
# `rm -rf` of an old 100,000-file workspace, or of this script's previous run, measured ExtractFeatures 82 s instead
# of 48 s. Leave a few minutes between runs, or move old workspaces aside instead of deleting them, for figures that
# compare.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=100000 keep="" source=""
usage() { echo "usage: bench/scale.sh [--files N] [--keep DIR] [--source DIR]" >&2; exit 2; }
args="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --files) [ $# -ge 2 ] || usage; files="$2"; shift 2 ;;
    --files=*) files="${1#*=}"; shift ;;
    --keep) [ $# -ge 2 ] || usage; keep="$2"; shift 2 ;;
    --keep=*) keep="${1#*=}"; shift ;;
    --source) [ $# -ge 2 ] || usage; source="$2"; shift 2 ;;
    --source=*) source="${1#*=}"; shift ;;
    *) usage ;;
  esac
done
[[ "$files" =~ ^[0-9]+$ ]] || usage
[ -x /usr/bin/time ] || { echo "bench/scale.sh: needs GNU time (sudo apt-get install -y time)" >&2; exit 1; }

work="$(mktemp -d)"
data="$(realpath -m "${keep:-$work/data}")"
gen=(dotnet "$repo/bench/ScaleData/bin/Release/net10.0/ScaleData.dll")
changed=""  # the clip changed for the third case, while it is changed (restored at exit, even on failure)
cleanup() {
  if [ -n "$changed" ] && "${gen[@]}" rewrite "$source" "$data" "$changed" 0 >/dev/null; then
    [ -f "$work/stamp" ] && mv "$work/stamp" "$data/.scale-complete"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "command: bench/scale.sh $args  ($(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ), load: $(cut -d' ' -f1-3 /proc/loadavg))"

quiet() { # runs "$@" with its output in a log, printed only if it fails
  "$@" >"$work/step.log" 2>&1 || { cat "$work/step.log"; echo "bench/scale.sh: failed: $*" >&2; exit 1; }
}

# 1. The data set.
if [ -z "$source" ]; then
  source="$repo/data"
  compgen -G "$source/*/*.wav" >/dev/null || (cd "$repo" && quiet ./build.sh --target=FetchData)
fi
source="$(realpath "$source")"
quiet dotnet build "$repo/bench/ScaleData" -c Release -v q --nologo
"${gen[@]}" generate "$source" "$data" "$files"

# 2. The workspace: a fresh clone with the working tree's uncommitted sources, at 16 kHz.
clone="$work/clone"
git clone -q "$repo" "$clone"
(cd "$repo" && git ls-files -m -o --exclude-standard -z src build config tests) | while IFS= read -r -d '' f; do
  if [ -e "$repo/$f" ]; then mkdir -p "$clone/$(dirname "$f")" && cp "$repo/$f" "$clone/$f"; else rm -f "$clone/$f"; fi
done
sed -i -E 's/"sampleRate": *[0-9]+/"sampleRate": 16000/' "$clone/config/workflow.json"
grep -q '"sampleRate": 16000' "$clone/config/workflow.json" \
  || { echo "bench/scale.sh: could not set audio.sampleRate in config/workflow.json" >&2; exit 1; }
(cd "$clone" && quiet dotnet tool restore && quiet dotnet build src/Workflow.Core -c Release -v q --nologo)

# 3. The three builds; each row is printed as soon as its case is done.
mb() { echo "$1" | awk '{printf "%.1f", $1 / 1e6}'; }
row() { printf '%-18s %8s %13s %13s %24s %20s %7s %9s %9s\n' "$@"; }
run_case() { # $1: row label
  local start end log="$work/build.log" ran rss disk copy apparent blocks
  # The previous case's 2 GB of written files are still going to disk for a while (iowait): let them settle first,
  # so a no-op measures the no-op and not the cold build's writeback.
  sync
  start=$(date +%s.%N)
  (cd "$clone" && /usr/bin/time -f %M -o "$work/rss" ./build.sh --target=Evaluate --data="$data" >"$log" 2>&1) \
    || { cat "$log"; echo "bench/scale.sh: the build ($1) failed (log above)" >&2; exit 1; }
  end=$(date +%s.%N)
  ran="$(grep -c '"status":"ran"' "$clone/artifacts/run-report.json" || true)/$(grep -c '"status":' "$clone/artifacts/run-report.json")"
  rss=$(tail -n 1 "$work/rss")
  disk=$(cd "$clone" && du -sk .workflow artifacts | awk '{s += $1} END {printf "%.0f", s * 1024}')
  copy=$(cd "$clone" && du -sb artifacts/features artifacts/models | awk '{s += $1} END {printf "%.0f", s}')
  apparent=$(cd "$clone" && du -sb .workflow artifacts | awk '{s += $1} END {printf "%.0f", s}')
  blocks=$(cd "$clone" && du -sk artifacts/features artifacts/models | awk '{s += $1} END {printf "%.0f", s * 1024}')
  row "$1" "$(printf '%.2f' "$(echo "$end - $start" | bc)")" "$ran" "$((rss / 1024))" "$(mb "$disk")" "$(mb "$copy")" \
    "$(printf '%.2f' "$(echo "$disk / $copy" | bc -l)")" "$(printf '%.2f' "$(echo "$apparent / $copy" | bc -l)")" \
    "$(printf '%.2f' "$(echo "$disk / $blocks" | bc -l)")"
  # Where the time went: Cake's task summary of the build (h:mm:ss.fffffff per task).
  echo "                   $(grep -E '^  (ExtractFeatures|Train|Evaluate) ' "$log" \
    | awk '{ split($2, t, ":"); printf "%s%s %.1f s", sep, $1, t[1] * 3600 + t[2] * 60 + t[3]; sep = ", " }')"
  # When a few units ran: each with its own seconds, and the wall time outside the Train and Score units that ran
  # (the issue's goal for one changed recording is 3 s plus that class's retraining and rescoring).
  local count="${ran%%/*}" report="$clone/artifacts/run-report.json" units retrain
  if [ "$count" -gt 0 ] && [ "$count" -le 20 ]; then
    units="$(grep '"status":"ran"' "$report" | sed -E 's/.*"stage":"([^"]*)","unit":"([^"]*)".*"seconds":([0-9.]+).*/\1[\2] \3 s/' \
      | paste -sd ';' | sed 's/;/, /g')"
    retrain="$(grep '"status":"ran"' "$report" | grep -E '"stage":"(Train|Score)"' | sed -E 's/.*"seconds":([0-9.]+).*/\1/' \
      | paste -sd + | bc)"
    echo "                   ran: $units; wall outside the Train and Score units: $(printf '%.2f' "$(echo "$end - $start - ${retrain:-0}" | bc)") s"
  fi
}
row case "wall s" "units ran" "peak RSS MB" ".workflow+artifacts MB" "features+models MB" ratio apparent "of blocks"
run_case cold
run_case no-op
mv "$data/.scale-complete" "$work/stamp"  # while one clip differs, the set is not the stamped one
changed=17                                 # clip 17: a training clip (class 7 of 10)
clip="$("${gen[@]}" rewrite "$source" "$data" "$changed" 1)"
run_case "one file changed"
"${gen[@]}" rewrite "$source" "$data" "$changed" 0 >/dev/null && mv "$work/stamp" "$data/.scale-complete" && changed=""

echo "(second line of a case: the seconds of its ExtractFeatures, Train and Evaluate tasks, from Cake's summary;"
echo " units ran: ran/all units of the build; peak RSS: largest single process of the build, i.e. dotnet; disk: du of"
echo " .workflow and artifacts together, hard-linked files once; features+models: apparent bytes, one copy;"
echo " ratio: disk used / one copy; apparent: the same with apparent sizes (no 4 KB block rounding of small files);"
echo " of blocks: disk used / the disk one copy of features+models takes (du): what a second copy would double;"
echo " data: $files clips in $data$([ -n "$keep" ] && echo ", kept"); the changed clip: $clip, restored after)"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
