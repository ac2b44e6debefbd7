#!/usr/bin/env bash
# Entry point: ./build.sh --target=Train [--data=DIR] [--plan] [any Cake argument]
# Restores the pinned Cake tool, builds the library the Cake script loads, then runs the script. Both of the first
# two steps are skipped when nothing they depend on changed since they last succeeded (content-hash stamps under
# build/tools/): ~0.05 s of hashing instead of ~1 s of restore and incremental build.
set -euo pipefail
export WORKFLOW_CALLER_DIR="$PWD"  # relative --data/--config/--workspace are relative to where you ran it
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
stamps="build/tools"
library="src/Workflow.Core/bin/Release/net10.0/Workflow.Core.dll"

# The sha256 of the named files' paths and bytes, in a fixed order.
content_hash() { sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1; }

# Tool restore: needed when the manifest changed or the pinned Cake is not in the NuGet cache.
tools_hash="$(printf '%s\0' .config/dotnet-tools.json | content_hash)"
cake_version="$(sed -n 's/.*"version": *"\([0-9][^"]*\)".*/\1/p' .config/dotnet-tools.json | tail -1)"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
if [ "$(cat "$stamps/.tools-sha256" 2>/dev/null)" != "$tools_hash" ] || [ ! -d "$packages/cake.tool/$cake_version" ]; then
  dotnet tool restore >/dev/null
  mkdir -p "$stamps" && echo "$tools_hash" >"$stamps/.tools-sha256"
fi

# Library build: every source and project file of Workflow.Core plus the repository-wide build settings.
sources_hash="$( { find src/Workflow.Core \( -name bin -o -name obj \) -prune -o -type f -print0
                   find . -maxdepth 1 \( -name 'Directory.*.props' -o -name 'Directory.*.targets' -o -name global.json \
                     -o -iname nuget.config \) -print0; } | content_hash)"
if [ "$(cat "$stamps/.sources-sha256" 2>/dev/null)" != "$sources_hash" ] || [ ! -f "$library" ]; then
  if ! output="$(dotnet build src/Workflow.Core/Workflow.Core.csproj -c Release --nologo -v quiet 2>&1)"; then
    echo "$output" >&2
    echo "build.sh: building src/Workflow.Core failed (errors above)." >&2
    exit 1
  fi
  mkdir -p "$stamps" && echo "$sources_hash" >"$stamps/.sources-sha256"
fi

# Cake's script cache saves ~2 s a run, but is keyed on the script text only: invalidate it whenever the library
# the script loads has changed, or the cached script would call methods that no longer exist.
export CAKE_SETTINGS_ENABLESCRIPTCACHE=true
library_hash="$(sha256sum "$library" | cut -d' ' -f1)"
stamp="$stamps/.library-sha256"
extra=()
[ "$(cat "$stamp" 2>/dev/null)" = "$library_hash" ] || extra+=(--invalidate-script-cache)
status=0
# The restored tool's assembly directly: `dotnet cake` would first resolve the local tool manifest (~0.25 s). The
# package ships one build per .NET version: take the newest this machine has a runtime for, else let dotnet choose.
dotnet_root="${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
cake=(dotnet cake)
for dll in $(ls "$packages/cake.tool/$cake_version"/tools/net*/any/Cake.dll 2>/dev/null | sort -V -r); do
  tfm="${dll%/any/Cake.dll}"; major="${tfm##*/net}"; major="${major%%.*}"
  if compgen -G "$dotnet_root/shared/Microsoft.NETCore.App/$major.*" >/dev/null; then cake=(dotnet "$dll"); break; fi
done

# The package's assemblies are IL only, so every start JIT-compiles ~3,000 of Cake's methods (Spectre.Console,
# Newtonsoft.Json, NuGet, dependency injection) and a script recompile all of Roslyn's. A ReadyToRun copy of the tool
# starts ~0.3 s faster and compiles the script ~1.8 s faster. It is made once per machine and Cake version, by the
# SDK's crossgen2 (build/ReadyToRun, ~1 min), into a per-user cache beside NuGet's; if that fails, the package's own
# Cake runs. WORKFLOW_CAKE_READYTORUN=0 always runs the package's.
if [ "${cake[1]:-}" != cake ] && [ "${WORKFLOW_CAKE_READYTORUN:-1}" != 0 ]; then
  tool_dir="$(dirname "${cake[1]}")"
  tfm_name="$(basename "$(dirname "$tool_dir")")"
  aot_cache="${XDG_CACHE_HOME:-$HOME/.cache}/workflow-build/cake-readytorun"
  aot_key="$cake_version-$tfm_name-$(sha256sum build/ReadyToRun/ReadyToRun.csproj | cut -c1-12)"
  aot_dir="$aot_cache/$aot_key"
  if [ ! -f "$aot_dir/Cake.dll" ] && [ ! -f "$aot_dir.failed" ]; then
    echo "build.sh: compiling Cake $cake_version ahead of time, once per machine (~1 min) ..." >&2
    mkdir -p "$aot_cache"
    partial="$(mktemp -d "$aot_dir.partial.XXXXXX")"
    if output="$(dotnet publish build/ReadyToRun -p:ReadyToRunInput="$tool_dir" -p:TargetFramework="$tfm_name" \
                   -o "$partial" --nologo -v quiet 2>&1)" && [ -f "$partial/Cake.dll" ]; then
      # Appears whole or not at all, also to another build running at the same time.
      mv -T "$partial" "$aot_dir" 2>/dev/null || rm -rf "$partial"
    else
      rm -rf "$partial"
      echo "$output" >"$aot_dir.failed"
      echo "build.sh: could not compile Cake ahead of time (log: $aot_dir.failed; delete it to retry); running the package's." >&2
    fi
  fi
  [ -f "$aot_dir/Cake.dll" ] && cake=(dotnet "$aot_dir/Cake.dll")
fi
"${cake[@]}" build/build.cake "${extra[@]}" "$@" || status=$?
# Record the library the cache now matches, unless Cake was interrupted before it could recompile.
if [ "$status" -lt 128 ]; then mkdir -p "$stamps" && echo "$library_hash" >"$stamp"; fi
exit "$status"
