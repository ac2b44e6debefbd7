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
"${cake[@]}" build/build.cake "${extra[@]}" "$@" || status=$?
# Record the library the cache now matches, unless Cake was interrupted before it could recompile.
if [ "$status" -lt 128 ]; then mkdir -p "$stamps" && echo "$library_hash" >"$stamp"; fi
exit "$status"
