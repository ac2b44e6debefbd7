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
exec dotnet cake build/build.cake "$@"
