#!/bin/sh
# What EngineBenchmark compares against (idempotent): vipsthumbnail (Debian libvips-tools), sharp from npm
# (it ships its own libvips) in target/bench-fixtures/node, and the Debian wallpaper photographs (FIXTURES.md)
# unpacked in target/bench-fixtures/wallpapers. Run from storage-bench/.
set -eu
DIR="${BENCH_DIR:-target/bench-fixtures}"
mkdir -p "$DIR/node" "$DIR/wallpapers"
if ! command -v vipsthumbnail >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y --no-install-recommends libvips-tools
fi
if [ ! -d "$DIR/node/node_modules/sharp" ] && command -v npm >/dev/null 2>&1; then
    # its own package.json, or npm installs into the nearest parent folder that has one
    [ -f "$DIR/node/package.json" ] || echo '{"name":"stowage-bench-sharp","private":true}' > "$DIR/node/package.json"
    (cd "$DIR/node" && npm install --no-audit --no-fund sharp@0.34)
fi
if [ ! -d "$DIR/wallpapers/usr/share/wallpapers" ]; then
    (cd "$DIR/wallpapers" && apt-get download plasma-workspace-wallpapers && dpkg -x plasma-workspace-wallpapers_*.deb .)
fi
