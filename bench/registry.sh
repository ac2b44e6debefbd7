#!/usr/bin/env bash
# The model registry on each storage it supports — a folder, WebDAV (nginx) and S3 (s3rver), both on 127.0.0.1 — with
# 100 versions of a model: latency of the CLI's list, show and outdated (median of 5 processes each, start-up
# included), and pull throughput of 10 versions at once (4 transfers at a time), cold and warm.
#   packages          bench/RegistryData generate: 100 distinct packages (ten tone classes, the config's hmm settings,
#                     train.seed 1…100), made as the Package stage makes them, each with a manifest listing it
#   register          setup: versions 1–95 registered in one process (ModelRegistry, no start-up per version), then
#                     96–100 with the CLI, one process each
#   outdated          tones@prod: this machine pulled it at tones/90, the alias now points at tones/100 (exit 10)
#   pull, cold        tones/1 … tones/10 with .workflow/registry-cache/ deleted first (median of 3); a folder registry
#                     is read in place, so it has nothing to fetch
#   pull, warm        the same versions again, all in the cache (median of 3)
# The CLI runs from a copy of its build output (hard links) in a temp folder outside any repository, so its registry
# cache is that folder's .workflow/registry-cache/, not the repository's.
# Usage: bench/registry.sh [--versions N]   (needs nginx: sudo apt-get install -y nginx-light; node and s3rver:
#        npm ci --prefix tests/servers)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
versions=100
usage() { echo "usage: bench/registry.sh [--versions N]   (N at least 11)" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --versions) [ $# -ge 2 ] || usage; versions="$2"; shift 2 ;;
    --versions=*) versions="${1#*=}"; shift ;;
    *) usage ;;
  esac
done
[[ "$versions" =~ ^[0-9]+$ ]] && [ "$versions" -ge 11 ] || usage
source "$repo/bench/webdav.sh"
s3rver="$repo/tests/servers/node_modules/s3rver/bin/s3rver.js"
command -v node >/dev/null && [ -f "$s3rver" ] || { echo "bench/registry.sh: needs node and s3rver (npm ci --prefix tests/servers)" >&2; exit 1; }

work="$(mktemp -d)"
s3pid=""
cleanup() {
  set +e
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  [ -n "$s3pid" ] && kill "$s3pid" 2>/dev/null && wait "$s3pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# Outside a repository the CLI caches registries per user (XDG_CACHE_HOME, else ~/.cache): keep this run's cache in
# $work, so "cold" is cold and the user's own cache is neither used nor filled.
export XDG_CACHE_HOME="$work/xdg-cache"
quiet() { "$@" >"$work/step.log" 2>&1 || { cat "$work/step.log" >&2; exit 1; }; }

echo "command: bench/registry.sh --versions $versions  ($(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ), load: $(cut -d' ' -f1-3 /proc/loadavg))"

# 1. The CLI (copied out of the repository) and the packages.
quiet dotnet build "$repo/src/Workflow.Cli" -c Release -v q --nologo
quiet dotnet build "$repo/bench/RegistryData" -c Release -v q --nologo
cp -al "$repo/src/Workflow.Cli/bin/Release/net10.0" "$work/cli" 2>/dev/null || cp -r "$repo/src/Workflow.Cli/bin/Release/net10.0" "$work/cli" # 400 MB of runtimes: hard links where possible
data=(dotnet "$repo/bench/RegistryData/bin/Release/net10.0/RegistryData.dll")
"${data[@]}" generate "$repo/config/workflow.json" "$work/packages" "$versions"
run="$work/run" && mkdir -p "$run"
cli() { (cd "$run" && dotnet "$work/cli/Workflow.Cli.dll" "$@"); }

# 2. The servers: nginx with WebDAV, s3rver with the bucket 'bench'.
start_webdav "$work"
s3port=$(free_port)
mkdir -p "$work/buckets"
node "$s3rver" --address 127.0.0.1 --port "$s3port" --directory "$work/buckets" --configure-bucket bench --silent >"$work/s3rver.log" 2>&1 &
s3pid=$!
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $s3port), 1)" 2>/dev/null && break
  kill -0 "$s3pid" 2>/dev/null || { cat "$work/s3rver.log" >&2; exit 1; }
  sleep 0.1
done
export AWS_ENDPOINT_URL="http://127.0.0.1:$s3port" AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER

# 3. Measuring: each run is one CLI process, timed from outside; its output goes to $work/out.
seconds() { # rest: CLI arguments; exit codes 0 and 10 (update available) are success; prints the wall seconds, keeps the code
  local start rc=0
  start=$(date +%s.%N)
  cli "$@" >"$work/out" 2>"$work/err" || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 10 ] || { echo "failed ($rc): ${*}" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
  echo "$rc" >"$work/rc"
  echo "$(date +%s.%N) - $start" | bc
}
median() { sort -g | awk '{v[NR] = $1} END {printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
median_of() { # $1: runs, rest: CLI arguments
  local runs=$1; shift
  for _ in $(seq "$runs"); do seconds "$@"; done | median
}
row() { printf '%-24s %9s %5s  %s\n' "$@"; }

startup=$(median_of 5 --help)
echo "CLI start-up (--help): $startup s median of 5"

refs=()
for i in $(seq 1 10); do refs+=("tones/$i"); done
bench_storage() { # $1: name, $2: registry, $3: what serves it
  local name=$1 reg=$2 seeded cli_register list show outdated_s outdated_rc cold warm bytes fetched each
  local last=$((versions - 5)) have=$((versions - 10))
  seeded=$(cd "$run" && "${data[@]}" register "$reg" "$work/packages" 1 "$last")
  cli_register=$(for i in $(seq $((last + 1)) "$versions"); do
    seconds register "$work/packages/$(printf %03d "$i")/tones.zip" --manifest "$work/packages/$(printf %03d "$i")/manifest.json" --registry "$reg"
  done | median)
  seconds alias set "tones/$have" prod --registry "$reg" >/dev/null
  seconds pull tones@prod --registry "$reg" >/dev/null
  seconds alias set "tones/$versions" prod --registry "$reg" >/dev/null
  list=$(median_of 5 list --registry "$reg")
  grep -q "tones/$versions " "$work/out" || { echo "list on $name lacks tones/$versions" >&2; cat "$work/out" >&2; exit 1; }
  show=$(median_of 5 show "tones/$((versions / 2))" --registry "$reg")
  outdated_s=$(median_of 5 outdated tones@prod --registry "$reg")
  outdated_rc=$(cat "$work/rc")
  cold=$(for _ in 1 2 3; do
    rm -rf "$run/.workflow/registry-cache" "$XDG_CACHE_HOME/workflow/registry-cache"
    seconds pull "${refs[@]}" --json --registry "$reg"
  done | median)
  read -r bytes fetched each < <(python3 -c 'import json, statistics, sys; r = json.load(open(sys.argv[1]))
print(sum(x["bytes"] for x in r), sum(not x["cached"] for x in r), "%.3f" % statistics.median(x["seconds"] for x in r))' "$work/out")
  [ "$name" = folder ] || [ "$fetched" = 10 ] || { echo "cold pull on $name fetched $fetched of 10" >&2; cat "$work/out" >&2; exit 1; }
  warm=$(median_of 3 pull "${refs[@]}" --json --registry "$reg")
  grep -q '"cached": false' "$work/out" && { echo "warm pull on $name fetched again" >&2; cat "$work/out" >&2; exit 1; }

  echo
  echo "$name ($3)  $versions versions of tones, packages $((bytes / 10 / 1024)) KB  (load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"
  row operation "median s" runs detail
  row "register, in-process" "$(sed -E 's/.*median ([0-9.]+) s.*/\1/' <<<"$seeded")" "$last" "per version, one process for all (mean $(sed -E 's/.*mean ([0-9.]+) s.*/\1/' <<<"$seeded") s)"
  row "register, CLI" "$cli_register" 5 "per version, one process each"
  row list "$list" 5 "$versions versions"
  row "show tones/$((versions / 2))" "$show" 5 ""
  row "outdated tones@prod" "$outdated_s" 5 "exit $outdated_rc: have tones/$have, now tones/$versions"
  row "pull 10, cold" "$cold" 3 "$(awk -v b="$bytes" -v s="$cold" 'BEGIN {printf "%.2f MB, %.2f MB/s", b / 1e6, b / 1e6 / s}'), $fetched/10 fetched, ${each} s per version inside"
  row "pull 10, warm" "$warm" 3 "all cached"
}

bench_storage folder "$work/folder-registry" "a local folder"
bench_storage webdav "http://127.0.0.1:$port/registry" "nginx $("$nginx" -v 2>&1 | sed 's/.*nginx\///'), http://127.0.0.1:$port/registry"
bench_storage s3 "s3://bench/registry" "s3rver $(node -p "require('$repo/tests/servers/node_modules/s3rver/package.json').version"), s3://bench/registry"
echo
echo "(wall seconds of one CLI process, start-up included: compare with the start-up above; MB/s = package bytes / wall;"
echo " per version inside: the median of pull --json's seconds, from the check of the cache to the verified file)"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
