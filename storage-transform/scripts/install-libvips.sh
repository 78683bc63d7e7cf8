#!/bin/sh
# Installs libvips for the libvips image engine and its tests (idempotent). Debian/Ubuntu: libvips42;
# macOS: Homebrew's vips. Without it the transforms run on the pure-Java engine and the libvips half of the
# engine tests is skipped (it fails under CI=true).
set -eu
if command -v ldconfig >/dev/null 2>&1 && ldconfig -p | grep -q 'libvips\.so\.42'; then
    echo "libvips is installed: $(ldconfig -p | grep -m1 'libvips\.so\.42')"
    exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y --no-install-recommends libvips42
elif command -v brew >/dev/null 2>&1; then
    brew list vips >/dev/null 2>&1 || brew install vips
else
    echo "install libvips 8.12 or later with your package manager (libvips42 on Debian/Ubuntu)" >&2
    exit 1
fi
