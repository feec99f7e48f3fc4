"""The whole catalog (every generated family of every service, and the scenarios) against the
embedded moto, in one run, as a user runs it: `awscompat run -k '*'`. Records the wall time,
the peak RSS of the awscompat process, and the outcome counts per family and per protocol,
with the most frequent `error` messages (harness faults to look at). Not part of CI: it takes
about an hour on 2 cores.

    .venv/bin/python bench/full_catalog.py [--out DIR] [-- extra awscompat run options]
    .venv/bin/python bench/full_catalog.py --summarise RUN_DIR   # an existing run folder
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from _common import loadavg, print_table, write_result

from awscompat.results.runfolder import iter_results, read_meta
from awscompat.spec import get_spec


def summarise(run: Path) -> dict[str, Any]:
    spec = get_spec()
    outcomes: Counter[str] = Counter()
    by_family: dict[str, Counter[str]] = defaultdict(Counter)
    by_protocol: dict[str, Counter[str]] = defaultdict(Counter)
    errors: Counter[str] = Counter()
    services: set[str] = set()
    for r in iter_results(run):  # ends at a last line cut short by a kill
        outcomes[r["outcome"]] += 1
        by_family[r["family"]][r["outcome"]] += 1
        services.add(r["service"])
        try:
            by_protocol[spec.service(r["service"]).protocol][r["outcome"]] += 1
        except KeyError:
            pass
        if r["outcome"] == "error":
            errors[r["message"][:100]] += 1
    meta = read_meta(run)
    return {"cases": sum(outcomes.values()), "services": len(services), "outcomes": dict(outcomes),
            "by_family": {k: dict(v) for k, v in sorted(by_family.items())},
            "by_protocol": {k: dict(v) for k, v in sorted(by_protocol.items())},
            "top_errors": errors.most_common(15), "run": {k: meta.get(k) for k in ("started", "finished", "counts")}}


def show(summary: dict[str, Any]) -> None:
    cols = ["pass", "fail", "unsupported", "error", "skip"]
    for title, table in (("family", summary["by_family"]), ("protocol", summary["by_protocol"])):
        print_table([title, "cases", *cols], [[k, sum(v.values()), *(v.get(c, 0) for c in cols)]
                                              for k, v in table.items()])
        print()
    print("most frequent errors:")
    for message, n in summary["top_errors"]:
        print(f"  {n:6d}  {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--summarise", type=Path, metavar="RUN_DIR")
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()
    if args.summarise:
        summary = summarise(args.summarise)
        show(summary)
        print(json.dumps({k: v for k, v in summary.items() if k != "top_errors"}, indent=1))
        return
    out = args.out or Path(tempfile.mkdtemp(prefix="awscompat-full-")) / "run"
    argv = [sys.executable, "-m", "awscompat.cli", "run", "-k", "*", "--out", str(out), "-q", *args.extra]
    load_before, start = loadavg(), time.monotonic()
    proc = subprocess.Popen(argv)
    peak_kb = 0
    while proc.poll() is None:  # the awscompat process's own high-water mark (moto is another process)
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            peak_kb = max(peak_kb, int(status.split("VmHWM:", 1)[1].split()[0]))
        except (OSError, IndexError, ValueError):
            pass
        time.sleep(5)
    wall = time.monotonic() - start
    summary = summarise(out)
    show(summary)
    path = write_result("full_catalog", {
        "command": " ".join(argv[2:]), "exit_code": proc.returncode, "wall_s": round(wall, 1),
        "peak_rss_mb_awscompat": round(peak_kb / 1024, 1) if peak_kb else None, "load_average_before": load_before,
        "load_average_after": loadavg(), **summary})
    print(f"{summary['cases']} cases in {wall:.0f} s, exit {proc.returncode}; written to {path}")


if __name__ == "__main__":
    main()
