"""`awscompat market`: the smoke version (moto and ministack, S3 core) runs in default CI; the
full market (every installed provider, every applicable profile) is opt-in: AWSCOMPAT_SLOW=1."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from awscompat.providers import PROVIDERS, Provider, ProviderMissing, port_open
from awscompat.providers.base import find_binary
from clirun import awscompat, cli_env

SMOKE = ("market", "--providers", "moto,ministack", "--profiles", "s3-core-2026.11")
FINDING = """
- title: moto creates a bucket with an upper-case name
  case: s3/scenario/buckets/uppercase-name-refused
  providers: [moto]
  explanation: AWS refuses upper-case bucket names with `InvalidBucketName`.
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("market")
    home = base / "home"
    home.mkdir()
    out = base / "market"
    out.mkdir()
    (out / "findings.yaml").write_text(FINDING)
    r = awscompat(*SMOKE, "--out", out, env=cli_env(home), cwd=base, timeout=180)
    assert r.code == 0, r
    assert r.seconds < 90, f"the smoke market took {r.seconds:.0f}s"
    return out, home


def test_smoke_table(smoke: tuple[Path, Path]) -> None:
    out, _ = smoke
    readme = (out / "README.md").read_text()
    for name in ("moto", "ministack"):
        assert re.search(rf"\| \[{name}[^|]*\]\(#{name}\) \| [\d.]+ \| botocore [\d.]+ \| "
                         rf"\*\*(AAA|AA|A|BBB|BB|B|C)\*\* [\d.]+ [✓✗] (cloud|emulator)[^|]* \|", readme), readme
    assert "awscompat market --providers moto,ministack --profiles s3-core-2026.11" in readme
    html = (out / "index.html").read_text()
    assert html.startswith("<!doctype html>") and "<script" not in html and "moto" in html and "ministack" in html
    market = json.loads((out / "market.json").read_text())
    assert [p["name"] for p in market["providers"]] == ["moto", "ministack"]
    for p in market["providers"]:
        assert p["status"] in ("rated", "incomplete") and p["ratings"][0]["profile"] == "s3-core-2026.11"
        assert p["version"] and p["version"] != "?"


def test_smoke_servers_stopped(smoke: tuple[Path, Path]) -> None:
    market = json.loads((smoke[0] / "market.json").read_text())
    for p in market["providers"]:
        assert p["stopped"] and p["pids"] and p["ports"]
        assert not any(port_open(port) for port in p["ports"]), p
        assert not any(_alive(pid) for pid in p["pids"]), p


def test_smoke_run_folders_and_attestations(smoke: tuple[Path, Path]) -> None:
    out, home = smoke
    key = out / ".market-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    for name in ("moto", "ministack"):
        folder = out / "runs" / name
        assert {"run.json", "results.jsonl.gz", "s3-core-2026.11.intoto.json", "s3-core-2026.11.svg",
                "s3-core-2026.11.json"} <= {p.name for p in folder.iterdir()}
        meta = json.loads((folder / "run.json").read_text())
        assert meta["target"]["name"] == name and meta["provider"]["name"] == name
        r = awscompat("verify", folder / "s3-core-2026.11.intoto.json", "--pubkey", out / "market-key.pub",
                      env=cli_env(home), cwd=out)
        assert r.code == 0 and r.stdout.startswith("valid: s3-core-2026.11"), r
        assert f"({name})" in r.stdout
    assert "PRIVATE KEY" not in "".join(p.read_text() for p in out.rglob("*") if p.is_file() and p.suffix != ".gz"
                                        and p.name != ".market-key")


def test_smoke_finding_quotes_evidence_and_reference(smoke: tuple[Path, Path]) -> None:
    out, _ = smoke
    readme = (out / "README.md").read_text()
    section = readme.split("## Notable findings", 1)[1]
    assert "moto creates a bucket with an upper-case name" in section
    assert "HTTP 200" in section and "s3:CreateBucket" in section
    assert "AWS reference: recorded AWS response `s3/test_s3.snapshot.json`" in section
    draft = (out / "findings-draft.md").read_text()
    assert "s3/scenario/buckets/uppercase-name-refused" in draft


def test_render_only_rebuilds_the_pages(smoke: tuple[Path, Path], tmp_path: Path) -> None:
    """--render-only starts nothing: the pages come back from market.json and the run folders."""
    import shutil

    out, home = smoke
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    (copy / "README.md").unlink()
    r = awscompat("market", "--render-only", "--out", copy, env=cli_env(home), cwd=tmp_path)
    assert r.code == 0, r
    again = (copy / "README.md").read_text().replace(str(copy), str(out))
    assert again == (out / "README.md").read_text()


def test_a_provider_that_did_not_start_is_not_rated_on_each_profile() -> None:
    """market.json `ratings` names every profile of a provider that could not be run, `not rated`."""
    from awscompat.market.model import Market, ProviderResult
    from awscompat.market.report import ratings_list

    down = ProviderResult("radosgw", "Ceph radosgw", status="did not start", message="mon timed out",
                          profiles=["s3-core-2027.01", "s3-extended-2027.01"])
    rows = ratings_list(Market("d", "c", "v", "r", "k", [down], {}, {}))
    assert [(r["profile"], r["class"], r["grade"], r["score"], r["compliant"]) for r in rows] == [
        ("s3-core-2027.01", "cloud", "not rated", None, False),
        ("s3-extended-2027.01", "cloud", "not rated", None, False)]
    assert set(rows[0]) == {"provider", "profile", "class", "grade", "score", "axes", "compliant", "pinned_digest"}


def test_the_pages_say_why_a_profile_is_not_rated(tmp_path: Path) -> None:
    """A `not rated` cell shows no score, and the provider's section gives the reason."""
    from awscompat.market.model import Market, ProviderResult, Rating
    from awscompat.market.report import markdown

    why = "not rated: only 87.8% of the profile's weight was judged (needs 95%); not judged: 39 skip"
    rated = Rating("s3-core-2027.01", "S3 Core", 77.41, "BB", False, {"pass": 1}, [], 3, [], "a.intoto.json", "a.svg",
                   klass="emulator", axes={"behaviour": 80.0, "errors": 40.0, "routing": 100.0,
                                           "authentication": 0.0, "confidence": None})
    unrated = Rating("iam-sts-core-2027.01", "IAM", 48.56, "not rated", False, {"skip": 39}, [why], 9, [], "",
                     "b.svg", klass="emulator", rated=False, axes={"behaviour": 59.0})
    prov = ProviderResult("moto", "moto", status="rated", ratings=[rated, unrated], profiles=["s3-core-2027.01"])
    text = markdown(Market("d", "awscompat market", "v", "r", "k", [prov], {}, {}), [], tmp_path)
    row = next(line for line in text.splitlines() if line.startswith("| [moto]"))
    assert "**BB** 77.4 ✗ emulator `▇▄█▁·`" in row and "not rated (emulator)" in row and "48.5" not in row
    assert "- iam-sts-core-2027.01 is not rated: only 87.8% of the profile's weight was judged" in text
    assert "runs/moto/a.intoto.json --pubkey" in text


def test_the_market_rates_under_the_current_rules_by_default(tmp_path: Path) -> None:
    """Each family at its newest version; a family with no 2027.01 version (contract) is left out."""
    from awscompat.market.runner import MarketOptions, choose

    chosen, profiles = choose(MarketOptions(out=tmp_path, with_opt_in=["radosgw"]))
    assert [p.name for p in chosen] == list(PROVIDERS)
    assert profiles and all(p.rules == "2027.01" and n.endswith("-2027.01") for n, p in profiles.items())
    assert {"s3-core-2027.01", "s3-extended-2027.01", "dynamodb-core-2027.01", "kinesis-core-2027.01"} <= set(profiles)
    assert not any("-contract-" in n for n in profiles)
    _, named = choose(MarketOptions(out=tmp_path, providers=["dynalite"], profiles=["dynamodb-contract-2026.11"]))
    assert list(named) == ["dynamodb-contract-2026.11"]  # named explicitly: rated as asked


def test_unknown_provider_is_a_usage_error(tmp_path: Path, home: Path) -> None:
    r = awscompat("market", "--providers", "nosuch", "--out", tmp_path / "m", env=cli_env(home), cwd=tmp_path)
    assert r.code == 2 and "unknown provider 'nosuch'" in r.stderr, r


def test_missing_binary_names_the_install_script() -> None:
    with pytest.raises(ProviderMissing, match=r"install-providers.sh --only nope"):
        find_binary("awscompat-no-such-server", "nope", "bash scripts/install-providers.sh --only nope")
    fake = Provider("nope", "nope", ("s3",), ("s3-core-2026.11",), "x", launch=lambda p: None,  # type: ignore[arg-type,return-value]
                    check=lambda: find_binary("awscompat-no-such-server", "nope", "bash x.sh"))
    assert "bash x.sh" in (fake.missing() or "")


def test_every_provider_names_known_profiles() -> None:
    from awscompat.ratings import load_profile

    for p in PROVIDERS.values():
        for name in p.profiles:
            assert load_profile(name).services[0] in p.services, (p.name, name)


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("AWSCOMPAT_SLOW") != "1", reason="the full market is opt-in: AWSCOMPAT_SLOW=1")
def test_full_market(tmp_path: Path, home: Path) -> None:
    """Every provider installed here (bash scripts/install-providers.sh), every applicable profile."""
    r = awscompat("market", "--out", tmp_path / "m", env=cli_env(home), cwd=tmp_path, timeout=3600)
    assert r.code in (0, 3), r
    market = json.loads((tmp_path / "m" / "market.json").read_text())
    rated = [p for p in market["providers"] if p["ratings"]]
    assert len(rated) >= 5, [(p["name"], p["status"], p["message"]) for p in market["providers"]]
    assert all(p["stopped"] for p in rated)


def test_market_json_ratings_v2(tmp_path: Path, home: Path) -> None:
    """A small real market run (moto, s3-core-2027.01): market.json `ratings` holds provider, profile,
    class, grade, score, axes, compliant and pinned digest; the table shows the class and an axis bar."""
    from awscompat.ratings import load_profile

    out = tmp_path / "m"
    r = awscompat("market", "--providers", "moto", "--profiles", "s3-core-2027.01", "--out", out,
                  env=cli_env(home), cwd=tmp_path, timeout=180)
    assert r.code == 0, r
    ratings = json.loads((out / "market.json").read_text())["ratings"]
    assert len(ratings) == 1
    rating = ratings[0]
    assert set(rating) == {"provider", "profile", "class", "grade", "score", "axes", "compliant", "pinned_digest"}
    assert (rating["provider"], rating["profile"], rating["class"]) == ("moto", "s3-core-2027.01", "emulator")
    assert rating["pinned_digest"] == load_profile("s3-core-2027.01").pinned_digest
    assert set(rating["axes"]) == {"behaviour", "errors", "routing", "authentication", "confidence"}
    assert all(v is None or 0 <= v <= 100 for v in rating["axes"].values())
    assert rating["grade"] in ("AAA", "AA", "A", "BBB", "BB", "B", "C") and 0 <= rating["score"] <= 100
    readme = (out / "README.md").read_text()
    assert re.search(rf"\*\*{rating['grade']}\*\* [\d.]+ [✓✗] emulator `[▁▂▃▄▅▆▇█·]{{5}}`", readme), readme
    assert "class='axes'" in (out / "index.html").read_text()
    v = awscompat("verify", out / "runs/moto/s3-core-2027.01.intoto.json", "--pubkey", out / "market-key.pub",
                  env=cli_env(home), cwd=out)
    assert v.code == 0 and "(emulator)" in v.stdout, v
