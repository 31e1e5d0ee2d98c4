#!/usr/bin/env bash
# Headless Chromium for the review-page browser test (tests/browser/). Idempotent: does
# nothing when a Chromium is already on PATH. Debian's package only: the test drives it over
# the DevTools protocol from Python, so no browser download and no npm package is needed.
set -euo pipefail

for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then
    echo "install-chromium: $("$name" --version 2>/dev/null || echo "$name") already installed"
    exit 0
  fi
done

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-chromium: need root (or sudo) to run apt-get install chromium" >&2
    exit 1
  fi
else
  SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "install-chromium: $(chromium --version)"
