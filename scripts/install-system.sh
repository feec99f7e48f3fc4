#!/usr/bin/env bash
# System packages the test suite needs besides Python ones: headless Chromium (and a font for it),
# which the HTML report test uses to render and screenshot the report. Idempotent: does nothing
# when /usr/bin/chromium exists. Needs apt-get; runs it as root, or through sudo when available.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system: no apt-get here; install Chromium so that /usr/bin/chromium exists" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "install-system: not root and no sudo; as root run: apt-get install chromium fonts-dejavu-core" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
echo "installed: $(/usr/bin/chromium --version 2>/dev/null)" >&2
