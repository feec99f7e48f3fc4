"""The cleanup ledger: written before every create, so an interrupted run can be swept later.

Each line is JSON. The first line names the run and its namespace; an entry line describes a
resource the run created or may have created, with the calls that delete it; a `done` line
records that an entry was removed (or found absent). Nothing outside the run's namespace is
ever deleted: each entry's name is checked against the namespace before any delete.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    def __init__(self, path: Path, namespace: Namespace, *, resume: bool = False) -> None:
        self.path = path
        self.namespace = namespace
        self._lock = threading.Lock()
        self._seq = 0
        if resume:
            _, entries = read_ledger(path)
            self._seq = max((e.seq for e in entries), default=0)
        self._fh = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the run
        if not resume:
            self._write({"ledger": 1, "run_id": namespace.run_id, "namespace": namespace.prefix, "at": time.time()})

    def _write(self, obj: dict) -> None:
        self._fh.write(json.dumps(obj, default=str) + "\n")
        self._fh.flush()  # in the OS's hands: survives SIGKILL of this process

    def record(self, case: str, service: str, kind: str, name: str, create: dict,
               delete: list[dict]) -> Entry:
        """Write the entry before the create call is sent."""
        if not self.namespace.owns(name):
            raise ValueError(f"refusing to ledger {name!r}: not in namespace {self.namespace.prefix}")
        with self._lock:
            self._seq += 1
            entry = Entry(self._seq, case, service, kind, name, _jsonable(create), _jsonable(delete))
            self._write(entry.to_dict())
        return entry

    def done(self, entry: Entry, how: str = "deleted") -> None:
        with self._lock:
            self._write({"done": entry.seq, "how": how})

    def set_delete(self, entry: Entry, delete: list[dict]) -> None:
        """Record how to delete a resource once its server-assigned id is known (for example a
        KMS key id): the entry was written before the create, this completes it."""
        entry.delete = _jsonable(delete)
        with self._lock:
            self._write({"update": entry.seq, "delete": entry.delete})

    def annotate(self, entry: Entry, response: dict) -> None:
        """Keep what the create answered (ids the undo call needs)."""
        data = {k: v for k, v in response.items() if k != "ResponseMetadata"}
        entry.create["response"] = _jsonable(data)
        with self._lock:
            self._write({"response": entry.seq, "data": entry.create["response"]})

    def pending(self) -> list[Entry]:
        _, entries = read_ledger(self.path)
        return entries

    def close(self) -> None:
        with self._lock:
            self._fh.close()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)))


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
