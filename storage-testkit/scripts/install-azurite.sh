#!/usr/bin/env sh
# Installs Azurite (npm) into storage-testkit/emulators/azurite, where AzuriteEmulator finds it.
# The folder has its own package.json so that npm does not install into a parent folder.
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
npm install --no-audit --no-fund --prefix "$here/emulators/azurite"
"$here/emulators/azurite/node_modules/.bin/azurite-blob" --version
