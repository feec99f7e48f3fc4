"""Run-folder I/O (DESIGN 7): the one place that reads and writes run.json and results.jsonl.

Contract:
- `run.json` is written whole and atomically (`write_meta`: a temporary file renamed over it),
  indented by 2, with a final newline; readers never see half a file.
- `results.jsonl` holds one JSON object per line, appended as each case finishes
  (`ResultsFile.append`, flushed per line) or rewritten whole (`write_results`).
- `load_run` raises `RunFolderError` when run.json is missing or not JSON; `read_meta` is the
  lenient form (an empty dict) for callers that only peek at a field.
- `iter_results` yields the records in file order; a last line cut short (a killed run) ends the
  stream, a damaged line elsewhere raises `RunFolderError`. A published folder that keeps its
  results compressed (`results.jsonl.gz`, `awscompat market`) is read the same way.
- This module imports nothing of awscompat.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

RUN_JSON = "run.json"
RESULTS = "results.jsonl"
RESULTS_GZ = "results.jsonl.gz"


class RunFolderError(Exception):
    pass


def is_run_folder(path: Path) -> bool:
    return (Path(path) / RUN_JSON).is_file()


def has_output(path: Path) -> bool:
    """Whether a run already wrote into the folder (run.json or results.jsonl)."""
    return (Path(path) / RUN_JSON).exists() or (Path(path) / RESULTS).exists()


def load_run(path: Path) -> dict:
    meta_path = Path(path) / RUN_JSON
    if not meta_path.is_file():
        raise RunFolderError(f"{path} is not a run folder (no run.json)")
    try:
        return json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RunFolderError(f"{meta_path}: not valid JSON ({exc})") from exc


def read_meta(path: Path) -> dict:
    """run.json, or {} when it is missing, unreadable or not a JSON object."""
    try:
        meta = json.loads((Path(path) / RUN_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def write_meta(path: Path, meta: dict) -> None:
    tmp = Path(path) / (RUN_JSON + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2, default=str) + "\n", encoding="utf-8")
    tmp.replace(Path(path) / RUN_JSON)


def results_path(path: Path) -> Path:
    return Path(path) / RESULTS


def _line(record: dict) -> str:
    return json.dumps(record, default=str) + "\n"


class ResultsFile:
    """results.jsonl opened for appending, one flushed line per record."""

    def __init__(self, path: Path) -> None:
        self._fh: IO[str] | None = open(Path(path) / RESULTS, "a", encoding="utf-8")  # noqa: SIM115

    def append(self, record: dict) -> None:
        if self._fh is not None:
            self._fh.write(_line(record))
            self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def write_results(path: Path, records: Iterable[dict]) -> None:
    """Rewrite results.jsonl whole."""
    (Path(path) / RESULTS).write_text("".join(_line(r) for r in records), encoding="utf-8")


def compress_results(path: Path, dest: Path) -> None:
    """Copy results.jsonl of the run folder path into dest as results.jsonl.gz."""
    with open(Path(path) / RESULTS, "rb") as src, gzip.open(Path(dest) / RESULTS_GZ, "wb", 9) as out:
        shutil.copyfileobj(src, out)


def iter_results(path: Path) -> Iterator[dict]:
    results = Path(path) / RESULTS
    if results.is_file():
        fh: IO[str] = open(results, encoding="utf-8")  # noqa: SIM115
    elif (Path(path) / RESULTS_GZ).is_file():
        results = Path(path) / RESULTS_GZ
        fh = gzip.open(results, "rt", encoding="utf-8")
    else:
        return
    with fh:
        yield from _records(fh, results)


def _records(fh: IO[str], where: Path) -> Iterator[dict[str, Any]]:
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            if fh.read(1) == "":
                return  # the last line of a killed run may be cut short
            raise RunFolderError(f"{where}:{n}: not valid JSON ({exc})") from exc
