"""botocore's event-name aliasing, the same answer found without a scan of every alias.

Every event a botocore client emits (provide-client-params.s3.HeadObject, before-send..., about
nine per call) first passes EventAliaser._alias_event_name, which maps old service names in the
event name to new ones. botocore remembers the answer per event name, but a run of generated
cases calls each operation once, so nearly every name is new: each is then split and scanned
against all 65 aliases, in Python, about a tenth of a millisecond each, or a fifth of the lean
path's CPU for a generated case.

Contract: `fast_aliases(client)` gives the client's aliaser a function that returns exactly what
botocore's returns for every event name (the first alias in botocore's order that matches wins, a
dotless alias matching a whole dot-separated part, a dotted one a run of parts, the name unchanged
otherwise), found by looking the name's parts up in a table built once. Answers are remembered in
botocore's own cache, as botocore does. tests/test_lean_path.py compares both for every event name
of every operation of every service.
"""

from __future__ import annotations

from typing import Any


class _Aliases:
    """The alias table of one EventAliaser, indexed: dotless aliases by their name, dotted ones in
    botocore's order, each with its rank in botocore's scan."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self.dotless: dict[str, int] = {}
        self.dotted: list[tuple[int, str]] = []
        self.items = list(aliases.items())
        for rank, (old, _) in enumerate(self.items):
            if "." in old:
                self.dotted.append((rank, old))
            else:
                self.dotless.setdefault(old, rank)

    def alias(self, aliaser: Any, event_name: str) -> str:
        cache = aliaser._alias_name_cache
        if event_name in cache:
            return cache[event_name]
        parts = event_name.split(".")
        first = min((self.dotless[p] for p in parts if p in self.dotless), default=len(self.items))
        for rank, old in self.dotted:
            if rank < first and old in event_name:
                first = rank
                break
        if first == len(self.items):
            cache[event_name] = event_name
            return event_name
        old, new = self.items[first]
        if "." not in old:
            parts[parts.index(old)] = new
        else:
            aliaser._replace_subsection(parts, old.split("."), new)  # botocore's own (may change nothing)
        name = ".".join(parts)
        cache[event_name] = name
        return name


_tables: dict[int, tuple[dict, _Aliases]] = {}


def fast_aliases(client: Any) -> None:
    """Let client's event aliaser find names by table (a no-op for an emitter without aliases)."""
    aliaser = client.meta.events
    aliases = getattr(aliaser, "_event_aliases", None)
    if not isinstance(aliases, dict) or not hasattr(aliaser, "_alias_name_cache"):
        return
    entry = _tables.get(id(aliases))
    if entry is None or entry[0] is not aliases:
        entry = _tables[id(aliases)] = (aliases, _Aliases(aliases))
    table = entry[1]
    aliaser._alias_event_name = lambda event_name: table.alias(aliaser, event_name)
