"""The versions of awscompat's dependencies (the whole closure of its declared requirements, not
its extras) in the running environment: `write FILE` records them after the user install,
`check FILE` exits 1, naming each difference, when they changed since (scripts/install.sh --test
runs it after installing what the tests need; tests/test_install_env.py checks it again).

Only the standard library: it runs in a fresh virtual environment."""

from __future__ import annotations

import json
import re
import sys
from importlib import metadata
from pathlib import Path

TOOL = "awscompat"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(dist: metadata.Distribution, extras: set[str]) -> list[tuple[str, set[str]]]:
    """(name, its extras) of each requirement of `dist` that applies with these extras."""
    out = []
    for req in dist.requires or []:
        spec, _, marker = req.partition(";")
        marker = marker.strip()
        if "extra" in marker:
            wanted = re.findall(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
            if not any(_norm(e) in extras for e in wanted):
                continue
        m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[([^\]]*)\])?", spec)
        if m:
            sub = {_norm(e) for e in (m.group(3) or "").split(",") if e.strip()}
            out.append((m.group(1), sub))
    return out


def closure(root: str = TOOL) -> dict[str, str]:
    """name -> version of every installed distribution the tool needs, the tool excluded."""
    seen: dict[str, str] = {}
    todo: list[tuple[str, set[str]]] = [(root, set())]
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        key = (_norm(name), frozenset(extras))
        if key in done:
            continue
        done.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            seen.setdefault(_norm(name), "absent")  # missing: a later install must not differ silently
            continue
        if _norm(name) != TOOL:
            seen[_norm(name)] = dist.version
        todo.extend(_requirement_names(dist, extras))
    return dict(sorted(seen.items()))


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("write", "check"):
        print("usage: install_record.py write|check FILE", file=sys.stderr)
        return 2
    path = Path(argv[1])
    now = closure()
    if argv[0] == "write":
        path.write_text(json.dumps({"python": sys.version.split()[0], "versions": now}, indent=1) + "\n")
        return 0
    if not path.is_file():
        print(f"install_record: no {path}: run `bash scripts/install.sh` first", file=sys.stderr)
        return 1
    before = json.loads(path.read_text())["versions"]
    changed = [f"{n}: {before.get(n, 'absent')} -> {now.get(n, 'absent')}"
               for n in sorted(set(before) | set(now)) if before.get(n) != now.get(n)]
    for line in changed:
        print(f"install_record: the test install changed the tool's dependency {line}", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
