"""From a profile to a catalog selection."""

from __future__ import annotations

from awscompat.catalog import Selection
from awscompat.ratings.profiles import Profile


def profile_selection(profile: Profile, base: Selection | None = None) -> Selection:
    """The cases a profile covers (its capabilities' selectors), within base's other filters."""
    base = base or Selection()
    globs = [g for cap in profile.capabilities if cap.status != "deprecated" for g in cap.select]
    return Selection(services=base.services or profile.services, families=base.families, features=base.features,
                     globs=(base.globs or []) + globs if not base.globs else base.globs, read_only=base.read_only)
