"""Shared helpers for the benchmarks: servers on loopback, versions, machine, results."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import sys
import urllib.request
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from awscompat.engine.embedded import start_moto

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
SERVERS = ("moto", "ministack")
_RESET = {"moto": "/moto-api/reset", "ministack": "/_ministack/reset"}


def start_server(kind: str) -> Any:
    """moto, or another provider of awscompat.providers (ministack from .providers/ministack-venv),
    on a free loopback port; stop it with .stop() (by PID, with escalation). Has .proc and .url."""
    if kind == "moto":
        return start_moto()
    import tempfile

    from awscompat.providers import get_provider

    return _Started(get_provider(kind).start(Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))))


class _Started:
    """A provider's Running seen as the ServerProcess the benchmarks use (.proc, .url, .stop())."""

    def __init__(self, running: Any) -> None:
        self.running, self.proc, self.url = running, running.process.proc, running.url

    def stop(self) -> None:
        self.running.stop()


def reset(kind: str, url: str) -> None:
    """Empty the server between passes where it has a reset endpoint (moto, ministack); elsewhere
    (SeaweedFS) each pass's names are new and its probes create nothing that outlives the sweep."""
    if kind not in _RESET:
        return
    req = urllib.request.Request(url + _RESET[kind], data=b"", method="POST")
    urllib.request.urlopen(req, timeout=30).close()


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process pid, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def system_busy() -> float:
    """CPU seconds all processes on the machine have used (all cores), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def loadavg() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("awscompat", "botocore", "boto3", "moto", "ministack"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu_model": model, "platform": platform.platform()}


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def write_result(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    doc = {"benchmark": name, "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
           "command": f".venv/bin/python bench/{name}.py " + " ".join(sys.argv[1:]),
           "machine": machine(), "versions": versions(), **data}
    path.write_text(json.dumps(doc, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[str(h) for h in headers]] + [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        print("  ".join(c.rjust(w) if n and i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)
