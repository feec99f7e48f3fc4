"""contract-2027.01: the <service>-contract template under methodology v2. A rules-2027.01 profile
pins its case set, so the template exists for the services whose lock is shipped beside it
(dynamodb and kinesis, the contract profiles the market's providers name); any other service's
contract-2027.01 is refused by name, while contract-2026.11 still serves every service."""

from __future__ import annotations

import pytest

from awscompat.ratings import list_profiles, load_profile
from awscompat.ratings.pinned import differences, read_lock
from awscompat.ratings.profiles import ProfileError, family_versions


@pytest.mark.parametrize("name", ["dynamodb-contract-2027.01", "kinesis-contract-2027.01"])
def test_the_pinned_contract_profiles_match_the_catalog(name: str) -> None:
    profile = load_profile(name)
    assert profile.rules == "2027.01" and profile.pinned_digest.startswith("sha256:")
    assert differences(profile) == []  # a catalog change to the pinned set fails here: cut a new version
    lock = read_lock(profile)
    service = name.split("-")[0]
    assert lock and all(i.startswith(f"{service}/") for i in lock)
    covered = {profile.capability_for(i).id for i in lock}
    assert covered == {c.id for c in profile.capabilities}
    axes = {c.id: (c.axis, c.weight) for c in profile.capabilities}
    assert axes["auth"] == ("authentication", 2.0) and axes["recognised"][0] == "routing"


def test_a_service_without_a_shipped_lock_is_refused_and_2026_11_still_serves_it() -> None:
    with pytest.raises(ProfileError, match="ships none for sqs .*shipped: dynamodb, kinesis"):
        load_profile("sqs-contract-2027.01")
    assert load_profile("sqs-contract-2026.11").rules == "2026.11"
    names = list_profiles(include_contract=True)
    assert "dynamodb-contract-2027.01" in names and "sqs-contract-2026.11" in names
    assert "sqs-contract-2027.01" not in names
    assert family_versions("dynamodb-contract") == ["2027.01", "2026.11"]
