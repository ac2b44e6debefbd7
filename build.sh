#!/usr/bin/env bash
# Entry point: ./build.sh --target=Train [--data=DIR] [--plan] [any Cake argument]
# Restores the pinned Cake tool, builds the library the Cake script loads, then runs the script. Both of the first
# two steps are skipped when nothing they depend on changed since they last succeeded (content-hash stamps under
# build/tools/): one sha256sum of ~300 files instead of ~1 s of restore and incremental build.
set -euo pipefail
# Every process started here costs a few milliseconds (tens under load): a no-op build starts two, sha256sum and
# dotnet, and answers everything else with bash builtins and stamp files.
export WORKFLOW_CALLER_DIR="$PWD"  # relative --data/--config/--workspace are relative to where you ran it
case "${BASH_SOURCE[0]}" in */*) cd "${BASH_SOURCE[0]%/*}" ;; esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
stamps="build/tools"
library="src/Workflow.Core/bin/Release/net10.0/Workflow.Core.dll"
aot_project="build/ReadyToRun/ReadyToRun.csproj"
module_files=(build/CakeModule/AliasFinder.cs build/CakeModule/Cake.Workflow.Module.csproj
              build/CakeModule/StartupModule.cs)
[ -d "$stamps" ] || mkdir -p "$stamps"

# Reads a stamp file into the named variable ("" when absent).
read_stamp() { printf -v "$1" '%s' ""; if [ -f "$2" ]; then IFS= read -r -d '' "$1" <"$2" || true; fi; }
# Writes a stamp file when its content changed, atomically (another build may be reading it).
write_stamp() {
  local old; read_stamp old "$1"
  if [ "$old" != "$2" ]; then printf '%s' "$2" >"$1.$$" && mv -f "$1.$$" "$1"; fi
}

# The files whose bytes decide the skippable steps, in a fixed (C-locale) order: the tool manifest; every source and
# project file of Workflow.Core plus the repository-wide build settings; the ReadyToRun project; the Cake module's
# files; then the library. One sha256sum for all of them.
shopt -s globstar nullglob dotglob
LC_COLLATE=C
sources=()
for entry in src/Workflow.Core/*; do
  case "$entry" in
    */bin | */obj) ;;
    *) for f in "$entry" "$entry"/**; do [ -f "$f" ] && sources+=("$f"); done ;;
  esac
done
for f in Directory.*.props Directory.*.targets global.json [Nn][Uu][Gg][Ee][Tt].[Cc][Oo][Nn][Ff][Ii][Gg]; do
  [ -f "$f" ] && sources+=("$f")
done
hashed=(.config/dotnet-tools.json "${sources[@]}" "$aot_project" "${module_files[@]}")
[ -f "$library" ] && hashed+=("$library")
mapfile -t sums < <(sha256sum "${hashed[@]}")
[ "${#sums[@]}" = "${#hashed[@]}" ] || { echo "build.sh: could not hash the build's inputs" >&2; exit 1; }
tools_stamp="${sums[0]}"
printf -v sources_stamp '%s\n' "${sums[@]:1:${#sources[@]}}"
aot_hash="${sums[${#sources[@]}+1]:0:12}"
module_hash=""
for ((i = 0; i < ${#module_files[@]}; i++)); do module_hash+="${sums[${#sources[@]}+2+i]:0:8}"; done
library_hash="${sums[${#sources[@]}+2+${#module_files[@]}]:-}"; library_hash="${library_hash%% *}"

# The pinned Cake version: the manifest's last "version": "X".
read_stamp manifest .config/dotnet-tools.json
cake_version="" rest="$manifest"
while [[ $rest =~ \"version\":\ *\"([0-9][^\"]*)\" ]]; do cake_version="${BASH_REMATCH[1]}"; rest="${rest#*"${BASH_REMATCH[0]}"}"; done
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"

# Tool restore: needed when the manifest changed or the pinned Cake is not in the NuGet cache.
read_stamp old "$stamps/.tools-sha256"
if [ "$old" != "$tools_stamp" ] || [ ! -d "$packages/cake.tool/$cake_version" ]; then
  dotnet tool restore >/dev/null
  write_stamp "$stamps/.tools-sha256" "$tools_stamp"
fi

# Library build: when a source or project file differs from the last successful build, or the library is missing.
read_stamp old "$stamps/.sources-sha256"
if [ "$old" != "$sources_stamp" ] || [ -z "$library_hash" ]; then
  if ! output="$(dotnet build src/Workflow.Core/Workflow.Core.csproj -c Release --nologo -v quiet 2>&1)"; then
    echo "$output" >&2
    echo "build.sh: building src/Workflow.Core failed (errors above)." >&2
    exit 1
  fi
  write_stamp "$stamps/.sources-sha256" "$sources_stamp"
  library_hash="$(sha256sum "$library")"; library_hash="${library_hash%% *}"
fi

# Cake's script cache saves ~2 s a run, but is keyed on the script text only: invalidate it whenever the library
# the script loads has changed, or the cached script would call methods that no longer exist.
export CAKE_SETTINGS_ENABLESCRIPTCACHE=true
stamp="$stamps/.library-sha256"
extra=()
read_stamp old "$stamp"
[ "$old" = "$library_hash" ] || extra+=(--invalidate-script-cache)
# Before the build, Cake reads the script once more in a container of its own, only to install the modules its #module
# lines name (~0.07 s); while build.cake has no such line, that pass is skipped.
read_stamp script build/build.cake
[[ $script == *"#module"* ]] || extra+=(--skip-bootstrap)
status=0

# Which Cake to run, and the module it loads, worked out once per Cake version, dotnet and setting (remembered in a
# stamp with what they were worked out from, and used while the files they name exist).
hash dotnet 2>/dev/null || true
cake_key="$cake_version ${WORKFLOW_CAKE_READYTORUN:-1} $aot_hash ${WORKFLOW_CAKE_MODULE:-1} $module_hash ${DOTNET_ROOT:-} ${BASH_CMDS[dotnet]:-} ${XDG_CACHE_HOME:-$HOME/.cache} $packages"
read_stamp remembered "$stamps/.cake-command"
mapfile -t remembered <<<"$remembered"
cake=() module_dir=""
if [ "${remembered[0]:-}" = "$cake_key" ] && [ -f "${remembered[1]:-}" ] &&
   { [ "${WORKFLOW_CAKE_MODULE:-1}" = 0 ] || [ -f "${remembered[2]:-}/Cake.Workflow.Module.dll" ]; }; then
  cake=(dotnet "${remembered[1]}") module_dir="${remembered[2]:-}"
fi
if [ ${#cake[@]} = 0 ]; then
  # The restored tool's assembly directly: `dotnet cake` would first resolve the local tool manifest (~0.25 s). The
  # package ships one build per .NET version: take the newest this machine has a runtime for, else let dotnet choose.
  dotnet_root="${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
  cake=(dotnet cake)
  for dll in $(ls "$packages/cake.tool/$cake_version"/tools/net*/any/Cake.dll 2>/dev/null | sort -V -r); do
    tfm="${dll%/any/Cake.dll}"; major="${tfm##*/net}"; major="${major%%.*}"
    if compgen -G "$dotnet_root/shared/Microsoft.NETCore.App/$major.*" >/dev/null; then cake=(dotnet "$dll"); break; fi
  done
  tool_dir="${cake[1]%/*}"
  tfm_name="${tool_dir%/any}"; tfm_name="${tfm_name##*/}"
  build_cache="${XDG_CACHE_HOME:-$HOME/.cache}/workflow-build"

  # Makes $2 (a folder in the per-user cache) with the command after $4, run with -o into a temporary folder, unless
  # it exists or failed before; $1 names the file that must be there, $3 what is made and $4 how often (said when it
  # is). It appears whole or not at all, also to another build running at the same time. A failure is logged to
  # $2.failed (delete it to retry) and not tried again.
  make_once() {
    local wanted="$1" dir="$2" what="$3" partial output
    [ ! -f "$dir/$wanted" ] && [ ! -f "$dir.failed" ] || return 0
    echo "build.sh: building $what, $4 ..." >&2
    shift 4
    mkdir -p "${dir%/*}"
    partial="$(mktemp -d "$dir.partial.XXXXXX")"
    if output="$("$@" -o "$partial" --nologo -v quiet 2>&1)" && [ -f "$partial/$wanted" ]; then
      [ ! -d "$dir" ] || rm -rf "$dir"  # what is left of one whose file was deleted
      mv -T "$partial" "$dir" 2>/dev/null || rm -rf "$partial"
    else
      rm -rf "$partial"
      echo "$output" >"$dir.failed"
      echo "build.sh: could not build $what (log: $dir.failed; delete it to retry); Cake runs without it." >&2
    fi
  }

  if [ "${cake[1]}" != cake ]; then
    # The package's assemblies are IL only, so every start JIT-compiles ~3,000 of Cake's methods (Spectre.Console,
    # Newtonsoft.Json, NuGet, dependency injection) and a script recompile all of Roslyn's. A ReadyToRun copy of the
    # tool starts ~0.3 s faster and compiles the script ~1.8 s faster. It is made once per machine and Cake version, by
    # the SDK's crossgen2 (build/ReadyToRun, ~1 min), into a per-user cache beside NuGet's; if that fails, the
    # package's own Cake runs. WORKFLOW_CAKE_READYTORUN=0 always runs the package's.
    if [ "${WORKFLOW_CAKE_READYTORUN:-1}" != 0 ]; then
      aot_dir="$build_cache/cake-readytorun/$cake_version-$tfm_name-$aot_hash"
      make_once Cake.dll "$aot_dir" "a ReadyToRun (ahead-of-time compiled) Cake $cake_version" \
        "once per machine (~1 min)" \
        dotnet publish build/ReadyToRun -p:ReadyToRunInput="$tool_dir" -p:TargetFramework="$tfm_name"
      [ -f "$aot_dir/Cake.dll" ] && cake=(dotnet "$aot_dir/Cake.dll")
    fi
    # Cake searches ~180 assemblies for script aliases before every run, cached script or not; the module
    # (build/CakeModule) searches only the three that can define one: ~0.4 s of a ~0.9 s start. Built once per Cake
    # version and module source (~5 s), against the tool's own Cake.Core. WORKFLOW_CAKE_MODULE=0 runs without it.
    if [ "${WORKFLOW_CAKE_MODULE:-1}" != 0 ]; then
      module_dir="$build_cache/cake-module/$cake_version-$tfm_name-$module_hash"
      make_once Cake.Workflow.Module.dll "$module_dir" "build/CakeModule" \
        "once per Cake version and module source (~5 s)" \
        dotnet build build/CakeModule -c Release -p:CakeToolDirectory="$tool_dir" -p:TargetFramework="$tfm_name"
      [ -f "$module_dir/Cake.Workflow.Module.dll" ] || module_dir=""
    fi
  fi
  # `dotnet cake` (no assembly found) is not remembered: the next build looks again.
  [ "${cake[1]}" = cake ] || write_stamp "$stamps/.cake-command" "$cake_key"$'\n'"${cake[1]}"$'\n'"$module_dir"
fi
# Cake loads the modules in the folder --paths_modules names. Given as an argument, not exported, so that a build.sh run
# by this build (the tests) decides for itself; after yours, so that your --paths_modules or CAKE_PATHS_MODULES wins
# (and ours is not loaded).
modules=()
[ -z "$module_dir" ] || [ -n "${CAKE_PATHS_MODULES:-}" ] || modules=(--paths_modules="$module_dir")
# Runtime settings for a process that starts, walks 100,000 units once and exits; yours win if set.
# - Tiered PGO first runs a hot method in an instrumented build, then optimises it with the profile: a no-op at 100,000
#   units spent ~10 % of its CPU on that (3.5-3.8 s user instead of 4.0-5.2 s). The kernels that matter in a cold build
#   are compiled fully optimised from their first call anyway (AggressiveOptimization).
# - A method called 30 times is compiled again, optimised, on a background thread. Cake's start-up (it reflects over
#   every framework assembly) makes ~800 such methods, and their recompiling took one of the two cores while the build
#   walked its 100,000 units; at 16,384 calls only methods that are really hot are. 100,000-file no-op, 6 alternated
#   runs: median 3.01 -> 2.87 s, CPU 4.7 -> 4.2 s; bundled no-op unchanged (1.38 -> 1.33 s). Measured again once the
#   Cake module (below) took most of that reflection away: no-op equal (2.75 against 2.70 s for the default, 6
#   alternated runs), one recording changed slightly better (outside retraining 4.24-4.92 against 4.44-5.00 s).
# - Gen0 of 64 MiB instead of ~16 MiB: a no-op allocates ~450 MB, nearly all of it kept (the units' bookkeeping), and
#   with the default each of ~18 collections copied what was kept since the last; 5 now (GC pause 0.45 -> 0.17 s).
#   100,000-file no-op median 3.61 -> 3.36 s (6 alternated runs); cold peak RSS 785-821 -> 873 MB (goal <= 1 GB).
# - .NET emulates FileShare on Unix with an flock and an unlock around every file it opens: a cold 100,000-file build
#   opens ~300,000 files. The workspace and registry locks take their flock themselves (Cache/FileLock.cs), and no
#   other file's sharing matters, so the emulation is off.
export DOTNET_SYSTEM_IO_DISABLEFILELOCKING="${DOTNET_SYSTEM_IO_DISABLEFILELOCKING:-1}"
export DOTNET_TieredPGO="${DOTNET_TieredPGO:-0}"
export DOTNET_TC_CallCountThreshold="${DOTNET_TC_CallCountThreshold:-0x4000}"
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
"${cake[@]}" build/build.cake "${extra[@]}" "$@" "${modules[@]}" || status=$?
# Record the library the cache now matches, unless Cake was interrupted before it could recompile.
if [ "$status" -lt 128 ]; then write_stamp "$stamp" "$library_hash"; fi
exit "$status"
