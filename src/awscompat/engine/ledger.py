"""The cleanup ledger: written before every create, so an interrupted run can be swept later.

Each line is JSON. The first line names the run and its namespace; an entry line describes a
resource the run created or may have created, with the calls that delete it; a `done` line
records that an entry was removed (or found absent). Nothing outside the run's namespace is
ever deleted: each entry's name is checked against the namespace before any delete.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awscompat.engine.evidence import redact
from awscompat.engine.namespace import Namespace


@dataclass
class Entry:
    seq: int
    case: str
    service: str
    kind: str
    name: str
    create: dict = field(default_factory=dict)
    delete: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "case": self.case, "service": self.service, "kind": self.kind,
                "name": self.name, "create": self.create, "delete": self.delete}


class Ledger:
    """Append-only, one JSON line per event. Several processes may append to one ledger (the
    worker processes of one run, see engine/workers.py): each write() is whole lines on an
    O_APPEND descriptor, and each writer numbers its entries seq_start, seq_start + seq_step, ...
    """

    def __init__(self, path: Path, namespace: Namespace, *, resume: bool = False, header: bool = True,
                 seq_start: int = 1, seq_step: int = 1) -> None:
        self.path = path
        self.namespace = namespace
        self._lock = threading.Lock()
        self._later: list[str] = []  # `done` lines not yet written
        first = seq_start
        if resume:  # after every number in the file, those of entries already done included
            first = _last_seq(path) + 1
        self._seqs = itertools.count(first, seq_step)
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if header and not resume:
            self._write({"ledger": 1, "run_id": namespace.run_id, "namespace": namespace.prefix, "at": time.time()})

    def _write(self, obj: dict, *, flush: bool = True) -> None:
        """One line, serialised before the lock is taken. A line a later cleanup needs (the
        header, an entry, what completes it) is written at once: in the OS's hands, it survives
        SIGKILL of this process. A `done` line waits for the next write: lost, it only makes a
        later sweep find the resource already gone."""
        line = json.dumps(redact(obj, keep_ids=True), default=_plain) + "\n"  # no secret on disk (DESIGN 4)
        with self._lock:
            self._later.append(line)
            if flush:
                self._flush()

    def _flush(self) -> None:
        if self._later and self._fd is not None:
            os.write(self._fd, "".join(self._later).encode("utf-8"))
            self._later.clear()

    def record(self, case: str, service: str, kind: str, name: str, create: dict,
               delete: list[dict]) -> Entry:
        """Write the entry before the create call is sent."""
        if not self.namespace.owns(name):
            raise ValueError(f"refusing to ledger {name!r}: not in namespace {self.namespace.prefix}")
        with self._lock:
            seq = next(self._seqs)
        entry = Entry(seq, case, service, kind, name, dict(create), list(delete))
        self._write(entry.to_dict())
        return entry

    def done(self, entry: Entry, how: str = "deleted") -> None:
        self._write({"done": entry.seq, "how": how}, flush=False)

    def set_delete(self, entry: Entry, delete: list[dict]) -> None:
        """Record how to delete a resource once its server-assigned id is known (for example a
        KMS key id): the entry was written before the create, this completes it."""
        entry.delete = list(delete)
        self._write({"update": entry.seq, "delete": entry.delete})

    def annotate(self, entry: Entry, response: dict) -> None:
        """Keep what the create answered (ids the undo call needs)."""
        data = {k: v for k, v in response.items() if k != "ResponseMetadata"}
        entry.create["response"] = data
        self._write({"response": entry.seq, "data": data})

    def pending(self) -> list[Entry]:
        with self._lock:
            self._flush()
        _, entries = read_ledger(self.path)
        return entries

    def close(self) -> None:
        with self._lock:
            self._flush()
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def _plain(value: Any) -> str:
    """How json.dumps writes what JSON has no type for: bytes as text, anything else as str()."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _last_seq(path: Path) -> int:
    """The highest entry number written to the ledger file (0 for none)."""
    last = 0
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("seq"), int):
            last = max(last, obj["seq"])
    return last


def read_ledger(path: Path) -> tuple[dict, list[Entry]]:
    """The header and the entries not yet marked done, in creation order."""
    header: dict = {}
    entries: dict[int, Entry] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a kill
        if "ledger" in obj:
            header = obj
        elif "done" in obj:
            entries.pop(obj["done"], None)
        elif "update" in obj:
            if obj["update"] in entries:
                entries[obj["update"]].delete = obj.get("delete") or []
        elif "response" in obj:
            if obj["response"] in entries:
                entries[obj["response"]].create["response"] = obj.get("data")
        elif "seq" in obj:
            entries[obj["seq"]] = Entry(**{k: obj[k] for k in ("seq", "case", "service", "kind", "name", "create", "delete")})
    return header, [entries[k] for k in sorted(entries)]
