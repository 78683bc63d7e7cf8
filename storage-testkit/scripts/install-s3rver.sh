#!/usr/bin/env sh
# Installs s3rver (npm) into storage-testkit/emulators/s3rver, where S3rverEmulator finds it.
# The folder has its own package.json so that npm does not install into a parent folder.
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
npm install --no-audit --no-fund --prefix "$here/emulators/s3rver"
node "$here/emulators/s3rver/node_modules/s3rver/bin/s3rver.js" --version
