#!/usr/bin/env bash
# Install everything and run the whole test suite (what CI runs). Extra arguments go to pytest.
# Long runs are opt-in: AWSCOMPAT_SLOW=1 bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh  # first: it brings node and npm, which install.sh --test needs for the JS SDK
bash scripts/install.sh --test
.venv/bin/ruff check src tests bench
.venv/bin/python -m pytest -q "$@"
