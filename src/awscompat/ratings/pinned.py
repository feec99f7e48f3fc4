"""Pinned case sets (rules 2027.01): the exact cases a profile version rates.

Contract:
- A pinned profile names a lock file beside it (`pinned.lock`) and the digest of that set
  (`pinned.digest`). The lock file holds one line per case, sorted by id:
  `<id>@<revision>\t<severity>\t<provenance kind>`, after `#` comment lines.
- The digest is the suite digest (DESIGN 3.1) of the `id@revision` lines: SHA-256 of the sorted
  lines, each followed by a newline, written `sha256:<hex>`.
- `read_lock` (ratings/lock.py, re-exported here) refuses (ProfileError, one line naming the file) a lock file that is missing,
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

import sys
from pathlib import Path

from awscompat.ratings.lock import AWS_AUTHORED, PinnedCase, digest_of, parse_lock, read_lock
from awscompat.ratings.profiles import Profile
from awscompat.ratings.select import profile_selection

__all__ = ["AWS_AUTHORED", "PinnedCase", "catalog_cases", "differences", "digest_of", "lock_text", "main",
           "parse_lock", "read_lock"]

def catalog_cases(profile: Profile) -> list[PinnedCase]:
    """The cases this installation's catalog selects for the profile (its own selection only)."""
    from awscompat.catalog import build_catalog

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
