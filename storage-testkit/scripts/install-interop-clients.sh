#!/usr/bin/env sh
# Installs the independent clients of the interop tests (the Azure Storage and AWS S3 SDKs for JavaScript, versions
# pinned in storage-testkit/interop/package.json) into storage-testkit/interop, where InteropClient finds them.
# The folder has its own package.json so that npm does not install into a parent folder. Safe to run again.
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
npm install --no-audit --no-fund --prefix "$here/interop"
node -e "require('$here/interop/node_modules/@azure/storage-blob/package.json'); require('$here/interop/node_modules/@aws-sdk/client-s3/package.json'); console.log('interop clients installed')"
