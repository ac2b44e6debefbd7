#!/usr/bin/env bash
# Start-up cost of a no-op `./build.sh --target=Train`, per variant, with the variants alternated in every round so
# that the machine's load (shared, noisy) falls on all of them alike.
# Usage: bench/startup.sh [-n RUNS] [-C DIR] [LABEL='VAR=value ...' ...]
#   -n RUNS  rounds (default 10); -C DIR  repository to run in (default this one; must have run Train once).
#   Each LABEL='...' adds a variant run with those environment variables (e.g. pgo0='DOTNET_TieredPGO=0'); the
#   variant `base` (the environment as is) always runs first. A variable REPO=DIR runs that variant in another
#   checkout instead, e.g. to compare two builds of the library.
# Prints the median and minimum wall seconds of each variant, and the median CPU seconds (user + system: less
# disturbed by other processes than wall time is, so it separates close variants on a loaded machine).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=10
while getopts n:C: opt; do case $opt in n) runs=$OPTARG ;; C) repo="$(cd "$OPTARG" && pwd)" ;; *) exit 2 ;; esac; done
shift $((OPTIND - 1))
labels=(base); declare -A envs=([base]="")
for arg in "$@"; do labels+=("${arg%%=*}"); envs[${arg%%=*}]="${arg#*=}"; done

echo "command: bench/startup.sh -n $runs $*  ($(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg))"
log="$(mktemp)"; trap 'rm -f "$log" "$log.time"' EXIT
run() { # prints "wall cpu" seconds of one no-op Train with the variables of variant $1
  local dir="$repo" assignments=()
  for kv in ${envs[$1]}; do
    if [ "${kv%%=*}" = REPO ]; then dir="${kv#REPO=}"; else assignments+=("$kv"); fi
  done
  (cd "$dir" && /usr/bin/time -f '%e %U %S' -o "$log.time" env "${assignments[@]}" ./build.sh --target=Train >"$log" 2>&1) \
    || { cat "$log"; exit 1; }
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$log.time"
}

for label in "${labels[@]}"; do run "$label" >/dev/null; done  # warm the page cache and the script cache
declare -A walls cpus
for _ in $(seq "$runs"); do
  for label in "${labels[@]}"; do read -r wall cpu < <(run "$label"); walls[$label]+="$wall "; cpus[$label]+="$cpu "; done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '%-12s %9s %7s %9s  %s\n' variant "median s" "min s" "cpu s" environment
for label in "${labels[@]}"; do
  wall="$(tr ' ' '\n' <<<"${walls[$label]}" | grep .)"; cpu="$(tr ' ' '\n' <<<"${cpus[$label]}" | grep .)"
  printf '%-12s %9.2f %7.2f %9.2f  %s\n' "$label" "$(median <<<"$wall")" "$(sort -n <<<"$wall" | head -1)" \
    "$(median <<<"$cpu")" "${envs[$label]}"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
