"""Splitting a run's cases into shards, by service and feature, sized from recorded durations.

A case's cost is, in order: its own duration in a recorded run (results.jsonl of the run
folders given), the median of its (service, family) in those runs, the median of its family in
the table shipped in data/case_costs.json (measured against moto, see docs/scaling.md), or
DEFAULT_MS. Cases are grouped by (service, feature); a group costing more than a shard's share
is cut into consecutive pieces; the pieces are packed into shards, largest first, each into the
shard with the least cost so far (LPT). Within a shard, cases keep their catalog order, so a
worker uses one service's clients in one stretch.
"""

from __future__ import annotations

import json
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from awscompat.results.runfolder import results_path

DEFAULT_MS = 20.0
TARGET_SHARD_S = 30.0  # the size an automatic plan aims at (several shards per worker)
MAX_SHARDS = 4096


@dataclass(frozen=True, slots=True)
class CaseRef:
    id: str
    revision: int
    service: str
    feature: str
    family: str

    @property
    def line(self) -> str:
        return f"{self.id}@{self.revision}"


@dataclass
class CostModel:
    per_case: dict[str, float] = field(default_factory=dict)
    per_service_family: dict[tuple[str, str], float] = field(default_factory=dict)
    per_family: dict[str, float] = field(default_factory=dict)
    source: str = "default"

    def ms(self, ref: CaseRef) -> float:
        top = ref.family.split("/", 1)[0]
        return (self.per_case.get(ref.id) or self.per_service_family.get((ref.service, top))
                or self.per_family.get(top) or DEFAULT_MS)

    @classmethod
    def load(cls, run_dirs: Iterable[Path] = ()) -> CostModel:
        model = cls()
        try:
            shipped = json.loads(resources.files("awscompat.data").joinpath("case_costs.json").read_text("utf-8"))
            model.per_family = {k: float(v) for k, v in shipped.get("family_ms", {}).items()}
            model.source = "shipped table"
        except (FileNotFoundError, ValueError, ModuleNotFoundError):
            pass
        samples: dict[tuple[str, str], list[float]] = defaultdict(list)
        dirs = [Path(d) for d in run_dirs]
        for run_dir in dirs:
            results = results_path(run_dir)
            if not results.is_file():
                continue
            for line in results.read_text(encoding="utf-8").splitlines():
                try:
                    rec = json.loads(line)
                    ms = float(rec["duration_ms"])
                except (ValueError, KeyError, TypeError):
                    continue
                if ms > 0:
                    model.per_case[rec["id"]] = ms
                    samples[(rec.get("service", ""), str(rec.get("family", "")).split("/", 1)[0])].append(ms)
        model.per_service_family = {k: statistics.median(v) for k, v in samples.items()}
        if dirs:
            model.source = f"recorded durations of {len(dirs)} run(s)"
        return model


@dataclass
class Shard:
    refs: list[CaseRef]
    estimate_ms: float

    @property
    def services(self) -> list[str]:
        return sorted({r.service for r in self.refs})


def plan_shards(refs: list[CaseRef], cost: CostModel, count: int = 0, max_shard_s: float = 900.0) -> list[Shard]:
    """count 0: as many shards as it takes for about TARGET_SHARD_S each; never a shard estimated
    above max_shard_s (a quarter of the visibility timeout), never an empty one."""
    if not refs:
        return []
    order = {r.id: i for i, r in enumerate(refs)}
    groups: dict[tuple[str, str], list[CaseRef]] = defaultdict(list)
    for r in refs:
        groups[(r.service, r.feature)].append(r)
    total = sum(cost.ms(r) for r in refs)
    n = count or math.ceil(total / 1000 / TARGET_SHARD_S)
    n = max(n, math.ceil(total / 1000 / max(max_shard_s, 1.0)), 1)
    n = min(n, len(refs), MAX_SHARDS)
    share = total / n
    pieces: list[tuple[float, list[CaseRef]]] = []
    for members in groups.values():
        piece: list[CaseRef] = []
        piece_ms = 0.0
        for r in members:
            ms = cost.ms(r)
            if piece and piece_ms + ms > share:
                pieces.append((piece_ms, piece))
                piece, piece_ms = [], 0.0
            piece.append(r)
            piece_ms += ms
        if piece:
            pieces.append((piece_ms, piece))
    bins = [Shard([], 0.0) for _ in range(n)]
    for ms, piece in sorted(pieces, key=lambda p: -p[0]):
        target = min(bins, key=lambda b: (b.estimate_ms, len(b.refs)))
        target.refs.extend(piece)
        target.estimate_ms += ms
    shards = [b for b in bins if b.refs]
    for s in shards:
        s.refs.sort(key=lambda r: order[r.id])
    return shards
