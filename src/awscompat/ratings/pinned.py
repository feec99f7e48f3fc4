"""Pinned case sets (rules 2027.01): the exact cases a profile version rates.

Contract:
- A pinned profile names a lock file beside it (`pinned.lock`) and the digest of that set
  (`pinned.digest`). The lock file holds one line per case, sorted by id:
  `<id>@<revision>\t<severity>\t<provenance kind>`, after `#` comment lines.
- The digest is the suite digest (DESIGN 3.1) of the `id@revision` lines: SHA-256 of the sorted
  lines, each followed by a newline, written `sha256:<hex>`.
- `read_lock` refuses (ProfileError, one line naming the file) a lock file that is missing,
  malformed, or whose digest is not the one the profile declares: a published profile version never
  measures anything else than what it pinned.
- `catalog_cases` rebuilds the lines from this installation's catalog, building only the profile's
  own selection (globs, not the lock); `differences` compares them with the shipped lock. A pinned
  case that is gone or changed (revision, severity, provenance) fails the tests until a new profile
  version is cut. Cases the catalog GAINED (a newer botocore adds operations; a new scenario) are
  reported as `added` but do not alter the pinned set: the profile selects exactly its lock
  (ratings/select.py), so they are simply not part of that version.

Regenerate a lock when cutting a NEW profile version (never for a published one):
`python -m awscompat.ratings.pinned s3-core-2027.01 --write`.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

from awscompat.ratings.profiles import Profile, ProfileError

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
    from awscompat.catalog.select import digest_of_lines

    items = cases.values() if isinstance(cases, dict) else cases
    return digest_of_lines([f"{c.id}@{c.revision}" for c in items])


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


def catalog_cases(profile: Profile) -> list[PinnedCase]:
    """The cases this installation's catalog selects for the profile (its own selection only)."""
    from awscompat.catalog import build_catalog
    from awscompat.ratings.select import profile_selection

    cases = [PinnedCase(c.id, c.revision, c.severity, c.provenance.kind)
             for c in build_catalog(profile_selection(profile, pinned=False))
             if (cap := profile.capability_for(c.id)) is not None and cap.status != "deprecated"]
    return sorted(cases, key=lambda c: c.id)


def lock_text(profile: Profile, cases: list[PinnedCase]) -> str:
    head = (f"# awscompat pinned case set of {profile.name}: {len(cases)} cases, {digest_of(cases)}\n"
            "# id@revision<TAB>severity<TAB>provenance kind. Generated; never edit a published lock (cut a new"
            " profile version).\n")
    return head + "".join(c.line + "\n" for c in sorted(cases, key=lambda c: c.id))


def differences(profile: Profile, include_added: bool = False) -> list[str]:
    """How this catalog differs from the profile's pinned set in what the set measures (empty: it
    still measures exactly the pinned cases): pinned cases gone or changed. include_added also lists
    cases the globs select that are not pinned (they are outside this version, not a change of it)."""
    pinned = read_lock(profile)
    built = {c.id: c for c in catalog_cases(profile)}
    out = [f"added to the catalog: {i}" for i in sorted(set(built) - set(pinned))] if include_added else []
    out += [f"gone from the catalog: {i}" for i in sorted(set(pinned) - set(built))]
    out += [f"changed: {i} pinned {pinned[i].line!r}, catalog {built[i].line!r}"
            for i in sorted(set(built) & set(pinned)) if built[i] != pinned[i]]
    return out


def main(argv: list[str]) -> int:
    """`python -m awscompat.ratings.pinned NAME... [--write]`: print (or write) each lock and digest."""
    from awscompat.ratings.profiles import load_profile

    write = "--write" in argv
    for name in [a for a in argv if not a.startswith("--")]:
        profile = load_profile(name)
        if not profile.lock:
            print(f"{name}: not a pinned profile", file=sys.stderr)
            return 2
        cases = catalog_cases(profile)
        if write:
            Path(profile.lock).write_text(lock_text(profile, cases), encoding="utf-8")
        print(f"{name}: {len(cases)} cases, digest {digest_of(cases)}" + (f" -> {profile.lock}" if write else ""))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
