#!/usr/bin/env bash
# The remote build cache on the bundled data, against a real nginx WebDAV server on 127.0.0.1: wall time and bytes
# moved of `./build.sh --target=Default` in fresh clones, as ratios to a cold build without a remote:
#   cold local      no remote (the reference)
#   cold + push     a cold build pushing every result (--cache-push)
#   fresh pull      another fresh clone: every unit from the remote
#   2 shards        --target=Train --shard=0/2 and 1/2 at the same time, each pushing (wall of the pair)
#   assemble        a fresh clone after the shards: Score, Evaluate, Package, WriteManifest only
# Each clone's library build and data fetch happen before its timed build (./build.sh --target=FetchData).
# Usage: bench/remote-cache.sh   (needs nginx: sudo apt-get install -y nginx-light)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/bench/webdav.sh"
work="$(mktemp -d)"
cleanup() { [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "command: bench/remote-cache.sh  ($(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ), load: $(cut -d' ' -f1-3 /proc/loadavg))"

# 1. A WebDAV server: nginx with PUT, its root in the temp folder.
start_webdav "$work"

# 2. Fresh clones with the working tree's sources, each with the remote 'bench' (a path per experiment).
clone() { # $1: name, $2: remote path on the server
  local dir="$work/$1"
  git clone -q "$repo" "$dir"
  (cd "$repo" && git ls-files -m -o --exclude-standard -z src build config tests | xargs -0 -r -I{} cp --parents {} "$dir")
  printf "['remote \"bench\"']\n    url = http://127.0.0.1:%s/%s\n    method = PUT\n" "$port" "$2" >"$dir/.dvc/config.local"
  (cd "$dir" && ./build.sh --target=FetchData >"$work/$1.prepare.log" 2>&1) || { cat "$work/$1.prepare.log"; exit 1; }
}
timed() { # $1: clone, rest: build arguments; prints seconds
  local start end
  start=$(date +%s.%N)
  (cd "$work/$1" && ./build.sh "${@:2}" >"$work/$1.log" 2>&1) || { cat "$work/$1.log"; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
ran() { echo "$(grep -c '"status":"ran"' "$work/$1/artifacts/run-report.json" || true)/$(grep -c '"status":' "$work/$1/artifacts/run-report.json")"; }
bytes() { du -sb "$1" 2>/dev/null | cut -f1; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1e6}'; }

for name in local push pull shard0 shard1 assemble; do clone "$name" "$([ "${name:0:5}" = shard ] || [ "$name" = assemble ] && echo sharded || echo cache)"; done

local_s=$(timed local --target=Default)
export WORKFLOW_CACHE_REMOTE=bench
push_s=$(timed push --target=Default --cache-push)
pushed=$(bytes "$work/www/cache")
pull_s=$(timed pull --target=Default)
pulled=$(bytes "$work/pull/.workflow/cache/objects")
start=$(date +%s.%N)
(cd "$work/shard0" && ./build.sh --target=Train --shard=0/2 >"$work/shard0.log" 2>&1) & a=$!
(cd "$work/shard1" && ./build.sh --target=Train --shard=1/2 >"$work/shard1.log" 2>&1) & b=$!
wait $a || { cat "$work/shard0.log"; exit 1; }
wait $b || { cat "$work/shard1.log"; exit 1; }
shards_s=$(echo "$(date +%s.%N) - $start" | bc)
sharded=$(bytes "$work/www/sharded")
assemble_s=$(timed assemble --target=Default)
assembled=$(bytes "$work/assemble/.workflow/cache/objects")
same=$(cmp -s "$work/local/artifacts/package/spoken-digits.zip" "$work/assemble/artifacts/package/spoken-digits.zip" \
  && cmp -s "$work/local/artifacts/package/spoken-digits.zip" "$work/pull/artifacts/package/spoken-digits.zip" && echo yes || echo NO)

row() { printf '%-14s %8s %7s %16s %14s\n' "$1" "$(awk -v s="$2" 'BEGIN {printf (s ~ /^[0-9.]+$/ ? "%.2f" : "%s"), s}')" "${@:3}"; }
ratio() { awk -v a="$1" -v b="$local_s" 'BEGIN {printf "%.2f", a / b}'; }
row case "wall s" ratio "units ran" "MB moved"
row "cold local" "$local_s" 1.00 "$(ran local)" 0
row "cold + push" "$push_s" "$(ratio "$push_s")" "$(ran push)" "$(mb "$pushed") up"
row "fresh pull" "$pull_s" "$(ratio "$pull_s")" "$(ran pull)" "$(mb "$pulled") down"
row "2 shards" "$shards_s" "$(ratio "$shards_s")" "$(ran shard0)+$(ran shard1)" "$(mb "$sharded") up"
row "assemble" "$assemble_s" "$(ratio "$assemble_s")" "$(ran assemble)" "$(mb "$assembled") down"
echo "packages byte-identical (local, fresh pull, assemble): $same"
echo "(units ran: ran/all of that build; MB moved: bytes on the server after pushing, or blobs downloaded into the clone's store)"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
