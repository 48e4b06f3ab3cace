#!/usr/bin/env bash
# Fetches the UCI 8x8 digits (1797 images, digits.csv.gz) from Debian's python3-sklearn package into
# the folder given (default: target/digits), without installing anything; prints the file's path.
set -euo pipefail
dir="${1:-target/digits}"
file="$dir/digits.csv.gz"
if [[ -s "$file" ]]; then
    echo "$file"
    exit 0
fi
mkdir -p "$dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# a fresh machine may have no package lists yet: refresh them once and retry
if ! (cd "$work" && apt-get download python3-sklearn >&2); then
    apt-get update -qq >&2 || true
    (cd "$work" && apt-get download python3-sklearn >&2)
fi
dpkg-deb -x "$work"/python3-sklearn_*.deb "$work/x"
found="$(find "$work/x" -name digits.csv.gz | head -n 1)"
if [[ -z "$found" ]]; then
    echo "error: python3-sklearn has no digits.csv.gz" >&2
    exit 1
fi
cp "$found" "$file.tmp" && mv "$file.tmp" "$file"
echo "$file"
