"""From a profile to a catalog selection.

A pinned profile (rules 2027.01) selects exactly the ids of its lock file: cases the catalog gained
since (a newer botocore model, a new scenario) are not part of that profile version, so a published
version always measures the same set. Its globs still bound the selection (services, families).
"""

from __future__ import annotations

from awscompat.catalog import Selection
from awscompat.ratings.lock import read_lock
from awscompat.ratings.profiles import Profile


def profile_selection(profile: Profile, base: Selection | None = None, pinned: bool = True) -> Selection:
    """The cases a profile covers (its capabilities' selectors), within base's other filters.
    pinned=False ignores the lock (used to build a new lock from the catalog)."""
    base = base or Selection()
    globs = [g for cap in profile.capabilities if cap.status != "deprecated" for g in cap.select]
    ids = None
    if pinned and profile.pinned:
        ids = frozenset(read_lock(profile))
    return Selection(services=base.services or profile.services, families=base.families, features=base.features,
                     globs=(base.globs or []) + globs if not base.globs else base.globs, read_only=base.read_only,
                     ids=ids)
