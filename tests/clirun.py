"""Running `awscompat` as a user does (a subprocess) and reading the run folder it writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

RUN_FILES = ("run.json", "results.jsonl", "ledger.jsonl", "junit.xml")
OUTCOMES = ("pass", "fail", "unsupported", "error", "skip")


@dataclass
class CliResult:
    argv: list[str]
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:  # what an assertion message shows
        return (f"$ awscompat {' '.join(self.argv)}\nexit {self.code} after {self.seconds:.1f}s\n"
                f"--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}")


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment without any AWS setting of the machine, and a HOME with no ~/.aws."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(HOME=str(home), AWS_CONFIG_FILE=str(home / "no-such-config"),
               AWS_SHARED_CREDENTIALS_FILE=str(home / "no-such-credentials"), AWS_EC2_METADATA_DISABLED="true",
               PYTHONWARNINGS="ignore", NO_COLOR="1")
    env.update(extra)
    return env


def cli_env(home: Path, key: str = "testing", secret: str = "testing", **extra: str) -> dict[str, str]:
    return clean_env(home, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION="us-east-1",
                     **extra)


def awscompat(*args: str, env: dict[str, str], cwd: Path, timeout: float = 120) -> CliResult:
    argv = [str(a) for a in args]
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "awscompat.cli", *argv], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
    return CliResult(argv, proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)


def read_results(run_dir: Path) -> list[dict]:
    lines = (run_dir / "results.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def check_run_folder(run_dir: Path) -> tuple[dict, list[dict]]:
    """The run folder's contract (DESIGN 7): its files exist, and run.json's counts are those of
    results.jsonl. Returns (run.json, results)."""
    missing = [name for name in RUN_FILES if not (run_dir / name).is_file()]
    assert not missing, f"{run_dir} lacks {missing}: has {sorted(p.name for p in run_dir.iterdir())}"
    meta = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    results = read_results(run_dir)
    assert results, "results.jsonl is empty"
    ids = [r["id"] for r in results]
    assert len(ids) == len(set(ids)), "a case appears twice in results.jsonl"
    assert meta["cases"] == len(results), f"run.json says {meta['cases']} cases, results.jsonl has {len(results)}"
    counted = Counter(r["outcome"] for r in results)
    assert set(counted) <= set(OUTCOMES), f"unknown outcomes: {set(counted) - set(OUTCOMES)}"
    assert meta["counts"] == {o: counted.get(o, 0) for o in OUTCOMES}, (meta["counts"], dict(counted))
    assert meta["finished"], "run.json was not finalised"
    junit = (run_dir / "junit.xml").read_text(encoding="utf-8")
    assert junit.count("<testcase") == len(results), "junit.xml does not have one <testcase> per case"
    return meta, results


def exit_code_for(counts: dict[str, int]) -> int:
    """DESIGN 7: the exit code a run with these counts must end with."""
    if counts.get("error"):
        return 3
    if counts.get("fail") or counts.get("unsupported"):
        return 1
    return 0
