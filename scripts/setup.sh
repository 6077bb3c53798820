#!/usr/bin/env bash
# Installs what a fresh Debian machine needs to build and test bmfeed. Idempotent: it installs
# only what is missing, so it is cheap to run before every build.
set -euo pipefail

packages=(libxml2-dev zlib1g-dev libzstd-dev libsqlite3-dev libcurl4-openssl-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v swift >/dev/null || { echo "setup: swift is not on PATH (expected Swift 6.2 or later)" >&2; exit 1; }
pkg-config --exists libxml-2.0 || { echo "setup: pkg-config cannot find libxml-2.0" >&2; exit 1; }

# The Atom digest is read by a real feed client in the tests (feedparser, from PyPI). Without
# network the test skips; nothing else needs it.
if ! python3 -c 'import feedparser' 2>/dev/null; then
  python3 -m pip install --quiet --user feedparser >/dev/null 2>&1 \
    || python3 -m pip install --quiet feedparser >/dev/null 2>&1 \
    || echo "setup: could not install feedparser from PyPI; the Atom feed-client test will be skipped" >&2
fi
