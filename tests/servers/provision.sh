#!/usr/bin/env bash
# Installs the servers the tests start on 127.0.0.1, where this machine allows it; run by `./build.sh --target=Test`
# before the suite (and so by .ci/run):
#   nginx  (the http/WebDAV remote tests): apt-get install nginx-light, as root or with passwordless sudo;
#   s3rver (the s3 remote tests): npm ci here, the version pinned by package-lock.json, into node_modules/
#          (git-ignored); skipped while the lock file is unchanged since the last install.
# What cannot be installed is named in one line and its tests skip; under CI=true that fails instead, since CI
# must run every test.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
missing=()

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n)
  else sudo=(none)
  fi
  if [ "${sudo[0]:-}" = none ]; then
    missing+=("nginx (needs root or passwordless sudo; install it with: sudo apt-get install -y nginx-light)")
  elif ! command -v apt-get >/dev/null; then
    missing+=("nginx (no apt-get here; install nginx with your package manager)")
  else
    echo "provision: installing nginx-light with apt-get ..." >&2
    if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq nginx-light; } >/tmp/workflow-provision-apt.log 2>&1; then
      missing+=("nginx (apt-get failed; see /tmp/workflow-provision-apt.log)")
    fi
  fi
fi

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  missing+=("s3rver (needs Node.js and npm)")
else
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  stamp="node_modules/.package-lock.sha256"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -f node_modules/s3rver/bin/s3rver.js ]; then
    echo "provision: installing s3rver with npm ci (tests/servers/node_modules) ..." >&2
    if output="$(npm ci --no-audit --no-fund --loglevel=error 2>&1)"; then
      echo "$want" >"$stamp"
    else
      missing+=("s3rver (npm ci in tests/servers failed: $(printf '%s\n' "$output" | tail -1))")
    fi
  fi
fi

for item in "${missing[@]}"; do
  echo "provision: could not install $item; the tests that need it will skip." >&2
done
ci="${CI:-}"
if [ "${#missing[@]}" -gt 0 ] && [ "${ci,,}" = true ]; then
  echo "provision: CI=true, where every test must run: failing." >&2
  exit 1
fi
exit 0
