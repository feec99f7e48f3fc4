#!/usr/bin/env bash
# System packages the test suite needs besides Python ones: headless Chromium (and a font for it),
# which the HTML report test and the service's browser tests use, and PostgreSQL, which the
# service tests start on loopback in a temporary data directory (initdb + pg_ctl; no cluster is
# created or started by this script), and redis-server, which the distributed-run tests start on
# loopback as the Celery broker (the package's own service is not started). Idempotent: installs only what is missing (nothing when
# /usr/bin/chromium and PostgreSQL's initdb exist). Needs apt-get; runs it as root, or through
# sudo when available.
set -euo pipefail
packages=()
if [ ! -x /usr/bin/chromium ]; then
  packages+=(chromium fonts-dejavu-core)
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  packages+=(postgresql)
fi
if ! command -v redis-server >/dev/null 2>&1; then
  packages+=(redis-server)
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)  # the JS SDK client (`awscompat run --client js-v3`) and the npm test servers
fi
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system: no apt-get here; install ${packages[*]} (so that /usr/bin/chromium and PostgreSQL's initdb exist)" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "install-system: not root and no sudo; as root run: apt-get install ${packages[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
# policy-rc.d 101: the package's own cluster is not started (the tests start theirs on a free port)
if [[ " ${packages[*]} " == *" postgresql "* || " ${packages[*]} " == *" redis-server "* ]] && [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
  trap '"${SUDO[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
if [ -x /usr/bin/chromium ]; then
  echo "installed: $(/usr/bin/chromium --version 2>/dev/null)" >&2
fi
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installed: $(ls -d /usr/lib/postgresql/*/bin | tail -1)/postgres" >&2
fi
if command -v redis-server >/dev/null 2>&1; then
  echo "installed: $(redis-server --version)" >&2
fi
