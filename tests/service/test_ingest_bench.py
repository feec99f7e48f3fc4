"""The ingest budget: a 250,000-result run is stored in at most 15 s on SQLite (the benchmark,
bench/service_ingest.py, as a test). Opt-in: AWSCOMPAT_SLOW=1. A 20,000-result run always runs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCH))
    try:
        import service_ingest

        yield service_ingest
    finally:
        sys.path.remove(str(BENCH))


def test_small_ingest_through_the_benchmark(bench) -> None:
    assert bench.main(["--results", "20000", "--rounds", "1", "--no-save"]) == 0


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("AWSCOMPAT_SLOW") != "1", reason="250k results: opt-in with AWSCOMPAT_SLOW=1")
def test_250k_results_ingest_within_15_seconds_on_sqlite(bench) -> None:
    assert bench.main(["--results", "250000", "--rounds", "1", "--no-save"]) == 0
