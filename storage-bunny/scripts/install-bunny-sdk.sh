#!/usr/bin/env sh
# Installs bunny.net's official storage SDK (npm) into storage-bunny/interop, where BunnyInteropTest finds it.
# The folder has its own package.json (and lock file) so that npm does not install into a parent folder.
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
npm ci --no-audit --no-fund --prefix "$here/interop"
node -e "require('$here/interop/node_modules/@bunny.net/storage-sdk/package.json')" >/dev/null
echo "installed @bunny.net/storage-sdk into $here/interop"
