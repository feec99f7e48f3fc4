"""Comparing two run folders: regressions, fixes, added and removed cases, other changes.

Results are streamed: the base run is read into one id -> outcome mapping, the new run is read
line by line against it, and what is left of the mapping is what the new run removed. Each
category keeps its count and the first `keep` IDs in sorted order, so 250k results stay cheap.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from awscompat.results.runfolder import iter_results

GOOD = "pass"
BAD = ("fail", "unsupported", "error")
_OUTCOMES = {o: o for o in ("pass", "fail", "unsupported", "error", "skip")}
MESSAGE_CHARS = 160


@dataclass(frozen=True, order=True)
class Change:
    id: str
    old: str | None
    new: str | None
    message: str = ""


@dataclass
class Bucket:
    """A category of changes: its count and its `keep` smallest entries by case ID."""

    keep: int
    count: int = 0
    _items: list[Change] = field(default_factory=list)

    def add(self, change: Change) -> None:
        self.count += 1
        self._items.append(change)
        if len(self._items) >= 2 * self.keep + 64:
            self._items.sort()
            del self._items[self.keep:]

    @property
    def items(self) -> list[Change]:
        self._items.sort()
        del self._items[self.keep:]
        return self._items

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class Comparison:
    base: dict
    new: dict
    keep: int
    regressions: Bucket = field(init=False)
    fixes: Bucket = field(init=False)
    added: Bucket = field(init=False)
    removed: Bucket = field(init=False)
    changed: Bucket = field(init=False)
    unchanged: int = 0
    base_cases: int = 0
    new_cases: int = 0

    def __post_init__(self) -> None:
        for name in ("regressions", "fixes", "added", "removed", "changed"):
            setattr(self, name, Bucket(self.keep))

    @property
    def categories(self) -> list[tuple[str, Bucket]]:
        return [("regressions", self.regressions), ("fixes", self.fixes), ("added", self.added),
                ("removed", self.removed), ("other changes", self.changed)]

    def summary(self) -> str:
        parts = ", ".join(f"{b.count} {name}" for name, b in self.categories)
        return (f"base {self.base.get('run_id', '?')} ({self.base_cases} cases) -> new {self.new.get('run_id', '?')}"
                f" ({self.new_cases} cases): {parts}, {self.unchanged} unchanged")


def _message(result: dict) -> str:
    text = " ".join(str(result.get("message") or "").split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


def compare_results(base_results: Iterable[dict], new_results: Iterable[dict], base_meta: dict | None = None,
                    new_meta: dict | None = None, keep: int = 1000) -> Comparison:
    comp = Comparison(base_meta or {}, new_meta or {}, keep)
    before: dict[str, str] = {}
    for r in base_results:
        outcome = r["outcome"]
        before[sys.intern(r["id"])] = _OUTCOMES.get(outcome) or sys.intern(outcome)
    comp.base_cases = len(before)
    for r in new_results:
        comp.new_cases += 1
        cid, new = r["id"], r["outcome"]
        old = before.pop(cid, None)
        if old is None:
            comp.added.add(Change(cid, None, new, _message(r) if new != GOOD else ""))
        elif old == new:
            comp.unchanged += 1
        elif old == GOOD and new in BAD:
            comp.regressions.add(Change(cid, old, new, _message(r)))
        elif old in BAD and new == GOOD:
            comp.fixes.add(Change(cid, old, new))
        else:
            comp.changed.add(Change(cid, old, new, _message(r)))
    for cid, old in before.items():
        comp.removed.add(Change(cid, old, None))
    return comp


def compare_runs(base_dir: Path, new_dir: Path, base_meta: dict, new_meta: dict, keep: int = 1000) -> Comparison:
    return compare_results(iter_results(base_dir), iter_results(new_dir), base_meta, new_meta, keep)


def _banners(comp: Comparison) -> list[str]:
    """The warning of a run that is not whole (reports/leading.py), for each side that has one."""
    from awscompat.reports.leading import banner

    out = []
    for side, meta in (("new", comp.new), ("base", comp.base)):
        warn = banner(meta) if isinstance(meta, dict) and "status" in meta else None
        if warn:
            out += ["> [!WARNING]", f"> **{side} run: {warn}**", ""]
    return out


def _describe(meta: dict) -> str:
    target = meta.get("target") or {}
    where = target.get("endpoint") or target.get("name") or "?"
    tool = (meta.get("tool") or {}).get("version", "?")
    return f"`{meta.get('run_id', '?')}` ({where}, {meta.get('started', '?')}, awscompat {tool})"


def _line(change: Change) -> str:
    if change.old is None:
        what = f"new, {change.new}"
    elif change.new is None:
        what = f"gone, was {change.old}"
    else:
        what = f"{change.old} → {change.new}"
    text = f"- `{change.id}`: {what}"
    if change.message:
        text += " — " + change.message.replace("<", "&lt;")
    return text


def markdown(comp: Comparison, limit: int = 50, max_chars: int = 60000) -> str:
    """A Markdown report sized for a pull-request comment (GitHub allows 65536 characters)."""
    verdict = (f"**{comp.regressions.count} regression(s)**" if comp.regressions.count
               else "**no regressions**")
    out = ["## awscompat compare", "",
           f"Base {_describe(comp.base)} → new {_describe(comp.new)}: {verdict}.", ""]
    out += _banners(comp)
    out += ["| change | cases |", "|---|---:|"]
    out += [f"| {name} | {b.count} |" for name, b in comp.categories]
    out.append(f"| unchanged | {comp.unchanged} |")
    for name, bucket in comp.categories:
        if not bucket.count:
            continue
        out += ["", f"### {name.capitalize()} ({bucket.count})", ""]
        shown = bucket.items[:limit]
        out += [_line(c) for c in shown]
        if bucket.count > len(shown):
            out.append(f"- … and {bucket.count - len(shown)} more (`awscompat compare BASE NEW --limit {bucket.count}` "
                       "lists them all)")
    text = "\n".join(out) + "\n"
    if len(text) > max_chars:
        cut = text.rfind("\n", 0, max_chars - 80)
        text = text[:cut] + "\n\n… (truncated to fit a comment; run `awscompat compare` for the rest)\n"
    return text
