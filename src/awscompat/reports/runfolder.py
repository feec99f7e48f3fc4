"""The run folder (DESIGN 7) written from the engine's events: run.json, and results.jsonl appended
as each case finishes. The file formats and their readers are awscompat.results.runfolder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from awscompat.engine.events import CaseFinished, Event, Notice, RunFinished, RunStarted
from awscompat.results.runfolder import ResultsFile, write_meta
from awscompat.version import __version__


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class RunFolderWriter:
    def __init__(self, out_dir: Path, selection: dict, extra: dict | None = None) -> None:
        self.out_dir = out_dir
        self.selection = selection
        self.extra = extra or {}
        self.meta: dict = {}
        self._results: ResultsFile | None = None
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
            self._results = ResultsFile(self.out_dir)
        elif isinstance(event, CaseFinished) and self._results is not None:
            record = event.result.to_dict()
            if "client" in self.extra:  # which client sent the case's requests (engine/clients.py)
                record["client"] = {k: self.extra["client"].get(k) for k in ("name", "version")}
            self._results.append(record)
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
        write_meta(self.out_dir, self.meta)
