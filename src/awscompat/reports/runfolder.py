"""The run folder (DESIGN 7): run.json and results.jsonl, appended as each case finishes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from awscompat import __version__
from awscompat.engine.events import CaseFinished, Event, Notice, RunFinished, RunStarted


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class RunFolderWriter:
    def __init__(self, out_dir: Path, selection: dict, extra: dict | None = None) -> None:
        self.out_dir = out_dir
        self.selection = selection
        self.extra = extra or {}
        self.meta: dict = {}
        self._results = None
        self.notices: list[dict] = []
        self.flaky: list[str] = []  # --rerun-failures: cases whose outcome changed between attempts

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.meta = {
                "run_id": event.run_id,
                "tool": {"name": "awscompat", "version": __version__},
                "target": event.target,
                "suite_digest": event.digest,
                "selection": self.selection,
                "cases": event.total,
                "started": _now(),
                "finished": None,
                "status": "running",
                **self.extra,
            }
            self._write_meta()
            self._results = open(self.out_dir / "results.jsonl", "a", encoding="utf-8")  # noqa: SIM115
        elif isinstance(event, CaseFinished) and self._results is not None:
            record = event.result.to_dict()
            if "client" in self.extra:  # which client sent the case's requests (engine/clients.py)
                record["client"] = {k: self.extra["client"].get(k) for k in ("name", "version")}
            self._results.write(json.dumps(record, default=str) + "\n")
            self._results.flush()
            if event.result.flaky:
                self.flaky.append(event.result.id)
        elif isinstance(event, Notice):
            self.notices.append({"level": event.level, "message": event.message})
        elif isinstance(event, RunFinished):
            if self._results is not None:
                self._results.close()
            self.meta.update(
                finished=_now(),
                duration_s=round(event.duration_s, 3),
                counts=event.counts,
                status="interrupted" if event.interrupted else ("incomplete" if event.incomplete else "complete"),
                notices=self.notices,
                leftovers=event.leftovers,
                **({"flaky": sorted(self.flaky)} if self.flaky else {}),
            )
            self._write_meta()

    def _write_meta(self) -> None:
        tmp = self.out_dir / "run.json.tmp"
        tmp.write_text(json.dumps(self.meta, indent=2, default=str) + "\n", encoding="utf-8")
        tmp.replace(self.out_dir / "run.json")


class RunFolderError(Exception):
    pass


def load_run(path: Path) -> dict:
    meta_path = path / "run.json"
    if not meta_path.is_file():
        raise RunFolderError(f"{path} is not a run folder (no run.json)")
    try:
        return json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RunFolderError(f"{meta_path}: not valid JSON ({exc})") from exc


def iter_results(path: Path) -> Iterator[dict]:
    results = path / "results.jsonl"
    if not results.is_file():
        return
    with open(results, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                if fh.read(1) == "":
                    return  # the last line of a killed run may be cut short
                raise RunFolderError(f"{results}:{n}: not valid JSON ({exc})") from exc
