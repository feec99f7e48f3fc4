"""The Python API (docs/api.md): what `awscompat run`, `score` and a run folder give, as
functions. `import awscompat` stays cheap: awscompat/__init__.py imports this module on first use.

    import awscompat
    run = awscompat.run(endpoint_url="http://127.0.0.1:4566", services=["s3"], out_dir="runs/ls")
    print(run.exit_code, run.counts)
    rating = awscompat.score(run.run_dir, "s3-core-2026.11")
    print(rating.grade, rating.compliant)
    loaded = awscompat.load_results("runs/ls")
    for failure in loaded.failures()[:10]:
        print(failure["id"], failure["message"])

Contract: `run` never calls sys.exit and prints nothing unless `echo=True`; a usage or
configuration error (exit code 2 on the command line) raises `UsageError` with the message the
command line would print; every other outcome is a `RunResult` with the exit code of DESIGN 7
(0, 1, 3). Credentials, region and endpoints follow boto3 exactly as the command line does.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awscompat.results.runfolder import is_run_folder

if TYPE_CHECKING:
    from awscompat.ratings.score import Score

__all__ = ["LoadedRun", "RunResult", "UsageError", "load_results", "run", "score"]


class UsageError(ValueError):
    """What the command line reports with exit code 2: a bad selection, endpoint, profile..."""


@dataclass
class LoadedRun:
    """A run folder: run.json (`meta`) and every result of results.jsonl, in file order."""

    run_dir: Path
    meta: dict[str, Any]
    results: list[dict[str, Any]]

    @property
    def counts(self) -> dict[str, int]:
        """Results per outcome (pass, fail, unsupported, error, skip), from results.jsonl."""
        c = Counter(r.get("outcome") for r in self.results)
        return {o: c.get(o, 0) for o in ("pass", "fail", "unsupported", "error", "skip")}

    @property
    def status(self) -> str:
        """complete | incomplete | interrupted | killed (run.json never finalised)."""
        from awscompat.reports.leading import run_state

        return run_state(self.meta)

    @property
    def warning(self) -> str | None:
        """The banner the reports open with when the run is not whole, else None."""
        from awscompat.reports.leading import banner

        return banner(self.meta, self.counts)

    def failures(self, outcomes: Sequence[str] = ("fail", "unsupported")) -> list[dict[str, Any]]:
        """The results with these outcomes, most important first (required, then by the weight
        of their feature in the rating profiles), as every report orders them."""
        from awscompat.reports.leading import failure_key

        return sorted((r for r in self.results if r.get("outcome") in outcomes), key=failure_key)


@dataclass
class RunResult(LoadedRun):
    """A finished `run`: the loaded run folder plus the command line's exit code and messages."""

    exit_code: int = 0
    output: str = field(default="", repr=False)


def load_results(run_dir: str | Path) -> LoadedRun:
    """Read a run folder (also one of a killed run). Raises UsageError if it is not one."""
    from awscompat.results.runfolder import RunFolderError, iter_results, load_run

    path = Path(run_dir)
    try:
        return LoadedRun(path, load_run(path), list(iter_results(path)))
    except RunFolderError as exc:
        raise UsageError(str(exc)) from exc


def run(*, endpoint_url: str | None = None, services: Iterable[str] = (), families: Iterable[str] = (),
        features: Iterable[str] = (), select: Iterable[str] = (), rating: str | None = None,
        profile: str | None = None, region: str | None = None, endpoint_for: dict[str, str] | None = None,
        out_dir: str | Path | None = None, concurrency: int = 16, workers: int = 1, read_only: bool = False,
        timeout: float = 30.0, retries: int = 2, disposable_target: bool = False, verify_tls: bool | str = True,
        echo: bool = False) -> RunResult:
    """Run a selection against an endpoint and write a run folder, as `awscompat run` does.

    endpoint_url: every service's endpoint; None follows boto3 (AWS_ENDPOINT_URL_<SERVICE>,
    AWS_ENDPOINT_URL, the config file) and, with nothing configured, starts an embedded moto.
    services/families/features/select: the selection (`-s`, `-f`, `--feature`, `-k`); none at
    all runs the default (the recognised family and the scenarios of the core services).
    rating: run the cases of a rating profile (e.g. "s3-core-2026.11"). profile: the AWS
    credentials profile (boto3's profile_name). out_dir: the run folder (default
    ./awscompat-runs/<time>). echo: print the progress and summary to stderr.
    """
    from rich.console import Console

    from awscompat.catalog import Selection
    from awscompat.cli.runcmd import RunRequest, execute

    selection = Selection(services=list(services), families=list(families), features=list(features),
                          globs=list(select), read_only=read_only)
    if rating:
        from awscompat.ratings import ProfileError, load_profile
        from awscompat.ratings.select import profile_selection

        try:
            selection = profile_selection(load_profile(rating), selection)
        except ProfileError as exc:
            raise UsageError(str(exc)) from exc
    out = Path(out_dir) if out_dir else Path("awscompat-runs") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    buffer = io.StringIO()
    console = Console(stderr=True, soft_wrap=True) if echo else Console(file=buffer, soft_wrap=True, width=120)
    request = RunRequest(
        endpoint=endpoint_url, endpoint_for=[f"{k}={v}" for k, v in (endpoint_for or {}).items()], region=region,
        selection=selection, concurrency=concurrency, workers=workers, timeout=timeout, retries=retries,
        verify_tls=verify_tls, disposable=disposable_target, out_dir=out, quiet=not echo, aws_profile=profile,
        console=console,
    )
    code = execute(request)
    output = buffer.getvalue()
    if code == 2:
        lines = [line for line in output.splitlines() if line.strip()]
        raise UsageError(lines[-1].removeprefix("error: ") if lines else "usage or configuration error")
    if not is_run_folder(out):  # the embedded server did not start, or the like (exit 3)
        raise RuntimeError(output.strip() or f"the run wrote no run folder (exit {code})")
    loaded = load_results(out)
    return RunResult(loaded.run_dir, loaded.meta, loaded.results, exit_code=code, output=output)


def score(run_dir: str | Path, rating: str) -> Score:
    """Score a run folder against a rating profile, as `awscompat score DIR --rating NAME`:
    the Score has .score, .grade, .compliant, .reasons and .to_dict()."""
    from awscompat.ratings import ProfileError, load_profile, score_run

    try:
        profile = load_profile(rating)
    except ProfileError as exc:
        raise UsageError(str(exc)) from exc
    path = Path(run_dir)
    if not is_run_folder(path):
        raise UsageError(f"{path} is not a run folder (no run.json)")
    return score_run(profile, path)
