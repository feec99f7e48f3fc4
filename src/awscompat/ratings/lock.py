"""Reading a pinned case set's lock file (rules 2027.01; the contract is in ratings/pinned.py).

`read_lock` returns the pinned cases of a profile, refusing a lock file that is missing, malformed or
whose digest (results/digest.py) is not the one the profile declares."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from awscompat.ratings.profiles import Profile, ProfileError
from awscompat.results.digest import digest_line, digest_of_lines

# Provenance kinds whose expectation comes from AWS itself: recorded AWS behaviour or a test AWS wrote.
AWS_AUTHORED = frozenset({"recorded-aws", "aws-smoke-test", "smithy-protocol-test"})


@dataclass(frozen=True)
class PinnedCase:
    id: str
    revision: int
    severity: str
    provenance: str

    @property
    def line(self) -> str:
        return f"{self.id}@{self.revision}\t{self.severity}\t{self.provenance}"


def digest_of(cases: dict[str, PinnedCase] | list[PinnedCase]) -> str:
    items = cases.values() if isinstance(cases, dict) else cases
    return digest_of_lines([digest_line(c.id, c.revision) for c in items])


def parse_lock(text: str, source: str) -> dict[str, PinnedCase]:
    out: dict[str, PinnedCase] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        head, _, rev = parts[0].rpartition("@")
        if len(parts) != 3 or not head or not rev.isdigit():
            raise ProfileError(f"{source}:{n}: a lock line is `<id>@<revision>\\t<severity>\\t<provenance kind>`")
        if head in out:
            raise ProfileError(f"{source}:{n}: {head} is pinned twice")
        out[head] = PinnedCase(head, int(rev), parts[1], parts[2])
    return out


@functools.lru_cache(maxsize=64)
def _read(path: str, digest: str) -> dict[str, PinnedCase]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read the pinned case set: {getattr(exc, 'strerror', None) or exc}"
                           ) from None
    cases = parse_lock(text, path)
    got = digest_of(cases)
    if got != digest:
        raise ProfileError(f"{path}: the pinned set's digest is {got}, the profile declares {digest}"
                           " (a published lock file was changed)")
    return cases


def read_lock(profile: Profile) -> dict[str, PinnedCase]:
    """The pinned cases of a pinned profile: id -> PinnedCase."""
    if not profile.pinned:
        raise ProfileError(f"{profile.source}: profile {profile.name} pins no case set")
    return dict(_read(profile.lock, profile.pinned_digest))
