#!/usr/bin/env bash
# Entry point: ./build.sh --target=Train [--data=DIR] [--plan] [any Cake argument]
# Restores the pinned Cake tool, builds the library the Cake script loads, then runs the script.
set -euo pipefail
export WORKFLOW_CALLER_DIR="$PWD"  # relative --data/--config/--workspace are relative to where you ran it
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
if ! output="$(dotnet build src/Workflow.Core/Workflow.Core.csproj -c Release --nologo -v quiet 2>&1)"; then
  echo "$output" >&2
  echo "build.sh: building src/Workflow.Core failed (errors above)." >&2
  exit 1
fi
# Cake's script cache saves ~2 s a run, but is keyed on the script text only: invalidate it whenever the library
# the script loads has changed, or the cached script would call methods that no longer exist.
export CAKE_SETTINGS_ENABLESCRIPTCACHE=true
library_hash="$(sha256sum src/Workflow.Core/bin/Release/net10.0/Workflow.Core.dll | cut -d' ' -f1)"
stamp="build/tools/.library-sha256"
extra=()
[ "$(cat "$stamp" 2>/dev/null)" = "$library_hash" ] || extra+=(--invalidate-script-cache)
status=0
dotnet cake build/build.cake "${extra[@]}" "$@" || status=$?
# Record the library the cache now matches, unless Cake was interrupted before it could recompile.
if [ "$status" -lt 128 ]; then mkdir -p build/tools && echo "$library_hash" >"$stamp"; fi
exit "$status"
