"""The --fault grammar (documented in awscompat.faults.proxy): parsing a list of specs into a FaultPlan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FAULTS = ("hang", "reset", "503", "500", "truncate", "garbage")  # order of precedence


class FaultSpecError(ValueError):
    """A --fault value that does not follow the grammar."""


@dataclass
class Fault:
    name: str
    rate: float
    burst: int = 1


@dataclass
class FaultPlan:
    faults: list[Fault] = field(default_factory=list)
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    seed: int = 0
    specs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"specs": self.specs, "seed": self.seed, "latency_ms": self.latency_ms, "jitter_ms": self.jitter_ms,
                "faults": {f.name: {"rate": f.rate, "burst": f.burst} for f in self.faults}}


def _duration_ms(text: str, spec: str) -> float:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)?", text.strip())
    if not m:
        raise FaultSpecError(f"--fault {spec!r}: {text!r} is not a duration such as 50ms or 0.2s")
    return float(m.group(1)) * (1000.0 if m.group(2) == "s" else 1.0)


def _rate(text: str, spec: str) -> float:
    text = text.strip()
    try:
        rate = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise FaultSpecError(f"--fault {spec!r}: {text!r} is not a rate in 0..1 (or a percentage)")
    return rate


def parse_faults(specs: list[str] | tuple[str, ...]) -> FaultPlan:
    """The plan for these --fault values; FaultSpecError says what is wrong with one."""
    plan = FaultPlan(specs=list(specs))
    seen: set[str] = set()
    for spec in specs:
        name, sep, rest = spec.strip().partition("=")
        name = name.strip().lower()
        value, *opts = rest.split(":")
        if not sep or not value.strip():
            raise FaultSpecError(f"--fault expects NAME=VALUE, got {spec!r} (names: latency, seed, {', '.join(FAULTS)})")
        if name in seen:
            raise FaultSpecError(f"--fault gives {name!r} twice")
        seen.add(name)
        options: dict[str, str] = {}
        for opt in opts:
            key, eq, val = opt.partition("=")
            if not eq or key.strip() not in ({"jitter"} if name == "latency" else {"burst"}):
                raise FaultSpecError(f"--fault {spec!r}: unknown option {opt!r}")
            options[key.strip()] = val
        if name == "latency":
            plan.latency_ms = _duration_ms(value, spec)
            plan.jitter_ms = _duration_ms(options.get("jitter", "0"), spec)
        elif name == "seed":
            if not re.fullmatch(r"\d+", value.strip()):
                raise FaultSpecError(f"--fault {spec!r}: the seed is a non-negative integer")
            plan.seed = int(value)
        elif name in FAULTS:
            burst = options.get("burst", "1").strip()
            if not burst.isdigit() or int(burst) < 1:
                raise FaultSpecError(f"--fault {spec!r}: burst is a count of requests (1 or more)")
            plan.faults.append(Fault(name, _rate(value, spec), int(burst)))
        else:
            raise FaultSpecError(f"--fault {spec!r}: unknown fault {name!r} (known: latency, seed, {', '.join(FAULTS)})")
    plan.faults.sort(key=lambda f: FAULTS.index(f.name))
    return plan
