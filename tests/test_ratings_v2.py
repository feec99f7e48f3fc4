"""Rating methodology v2 (rules 2027.01, docs/methodology.md): servers that would game a rating
come out `not rated` and cannot be attested, a profile never run is `not rated` (grey badge, exit 3),
the pinned sets match the catalog, errors never raise a score, bad profiles fail in one line, and an
attestation issued under 2026.11 by the code before v2 still verifies."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from awscompat.ratings import list_profiles, load_profile, score_results
from awscompat.ratings.pinned import differences, read_lock
from clirun import awscompat, cli_env

V2 = "s3-core-2027.01"
FIXTURES = Path(__file__).parent / "fixtures"


@contextmanager
def answering(status: int, headers: dict[str, str]) -> Iterator[str]:
    """A tiny real HTTP server on loopback answering every request with one status."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("v2")
    (base / "home").mkdir()
    env = cli_env(base / "home")
    r = awscompat("keygen", "--out", base / "k", env=env, cwd=base)
    assert r.code == 0, r
    return base / "k", env


@pytest.mark.parametrize("status,headers", [(307, {"Location": "http://127.0.0.1:9/elsewhere"}),
                                            (503, {"Retry-After": "0"})], ids=["redirect-307", "unavailable-503"])
def test_gaming_servers_are_not_rated_and_not_attested(status: int, headers: dict, tmp_path: Path,
                                                       key: tuple[Path, dict]) -> None:
    keyfile, env = key
    with answering(status, headers) as url:
        run = tmp_path / "run"
        r = awscompat("run", "--endpoint-url", url, "--rating", V2, "--class", "cloud",
                      "--retries", "0", "--timeout", "5", "--out", run, "-q", env=env, cwd=tmp_path, timeout=300)
        assert r.code in (1, 3), r
    assert "not rated" in r.stderr, r
    s = awscompat("score", run, "--rating", V2, "--json", env=env, cwd=tmp_path)
    assert s.code == 3, s
    doc = json.loads(s.stdout)
    assert doc["grade"] == "not rated" and doc["rated"] is False and doc["score"] is None, doc
    assert doc["completeness"] < 0.95 and doc["reasons"][0].startswith("not rated"), doc
    a = awscompat("attest", run, "--rating", V2, "--key", keyfile, "--out", tmp_path / "a.json", env=env,
                  cwd=tmp_path)
    assert a.code == 2 and "not rated" in a.stderr and "Traceback" not in a.output, a
    assert not (tmp_path / "a.json").exists()


def test_a_profile_with_no_case_run_is_not_rated_grey_badge_exit_3(tmp_path: Path, key: tuple[Path, dict]) -> None:
    _, env = key
    run = tmp_path / "run"
    r = awscompat("run", "-s", "sqs", "-k", "sqs/scenario/*", "--out", run, "-q", env=env, cwd=tmp_path, timeout=300)
    assert r.code in (0, 1), r
    s = awscompat("score", run, "--rating", V2, env=env, cwd=tmp_path)
    assert s.code == 3 and "not rated" in s.stdout and "Traceback" not in s.output, s
    b = awscompat("badge", run, "--rating", V2, "--json", "-", env=env, cwd=tmp_path)
    assert b.code == 3, b
    badge = json.loads(b.stdout)
    assert badge["message"] == "not rated" and badge["color"] == "lightgrey", badge


def test_every_pinned_profile_matches_the_catalog() -> None:
    """A catalog change that alters a pinned set fails here: cut a new profile version instead."""
    pinned = [load_profile(n) for n in list_profiles() if n.endswith("-2027.01")]
    assert len(pinned) >= 20  # 10 of 2026 families + lambda, route53, ecr, acm, apigateway, ssm, logs, events,
    # cloudwatch, stepfunctions (issue 16)
    for profile in pinned:
        diff = differences(profile)
        assert not diff, (f"{profile.name}: the catalog no longer selects the pinned set ({len(diff)} difference(s),"
                          f" e.g. {diff[:3]}). A published profile version never changes: cut a new version"
                          " (docs/profiles.md) and pin it with `python -m awscompat.ratings.pinned NAME --write`.")
        caps = {c.id for c in profile.capabilities}
        covered = {profile.capability_for(i).id for i in read_lock(profile)}
        assert caps == covered, (profile.name, caps - covered)


def test_a_changed_catalog_is_detected(tmp_path: Path) -> None:
    """The same check on a copy whose lock lacks one case and has one at another revision."""
    profile = load_profile(V2)
    src = Path(profile.lock).read_text().splitlines()
    lines = [ln for ln in src if not ln.startswith("s3/scenario/ranges/")][:]
    lines = [ln.replace("@1\t", "@2\t", 1) if ln.startswith("s3/scenario/objects/") else ln for ln in lines]
    from awscompat.ratings.pinned import digest_of, parse_lock

    text = "\n".join(lines) + "\n"
    digest = digest_of(parse_lock(text, "x"))
    (tmp_path / "p.lock").write_text(text)
    yaml_text = Path(profile.lock).with_suffix(".yaml").read_text()
    yaml_text = yaml_text.replace(f"lock: {V2}.lock", "lock: p.lock").replace(profile.pinned_digest, digest)
    (tmp_path / "p.yaml").write_text(yaml_text)
    copy = load_profile(str(tmp_path / "p.yaml"))
    diff = differences(copy)
    assert any(d.startswith("changed: s3/scenario/objects/") for d in diff), diff
    # cases the catalog has beyond the lock are outside this version: listed on request, never selected
    assert not any(d.startswith("added") for d in diff), diff
    assert any(d.startswith("added to the catalog: s3/scenario/ranges/") for d in differences(copy, True))
    from awscompat.catalog import build_catalog
    from awscompat.ratings.select import profile_selection

    selected = {c.id for c in build_catalog(profile_selection(copy))}
    assert selected and not any(i.startswith("s3/scenario/ranges/") for i in selected)
    assert selected <= set(read_lock(copy))


def test_errors_never_raise_the_score() -> None:
    """Turning any fails into errors gives `not rated` or a score that is no better."""
    profile = load_profile(V2)
    rng = random.Random(7)
    pins = list(read_lock(profile).values())
    for klass in ("cloud", "emulator"):
        for _ in range(20):
            results = [{"id": p.id, "revision": p.revision, "outcome": rng.choice(["pass"] * 4 + ["fail"])}
                       for p in pins]
            base = score_results(profile, results, klass=klass)
            assert base.rated
            fails = [r for r in results if r["outcome"] == "fail"]
            for r in rng.sample(fails, k=max(1, len(fails) // rng.choice([1, 3, 20]))):
                r["outcome"] = "error"
            worse = score_results(profile, results, klass=klass)
            assert not worse.rated or worse.score <= base.score, (klass, base.score, worse.score)
            assert worse.completeness <= base.completeness


def test_capability_weights_not_case_counts() -> None:
    """Four auth cases of an operation are one unit; an emulator's grade leaves authentication out."""
    profile = load_profile(V2)
    pins = read_lock(profile).values()
    all_pass = [{"id": p.id, "revision": p.revision, "outcome": "pass"} for p in pins]
    no_auth = [{**r, "outcome": "fail"} if "/auth/" in r["id"] else r for r in all_pass]
    cloud, emulator = score_results(profile, no_auth, klass="cloud"), score_results(profile, no_auth, klass="emulator")
    weights = {c.id: c.weight for c in profile.capabilities}
    assert cloud.score == pytest.approx(100 * (sum(weights.values()) - weights["authentication"])
                                        / sum(weights.values()), abs=0.01)
    assert emulator.score == 100.0 and emulator.axes["authentication"] == 0.0 and emulator.rated
    assert emulator.compliant and emulator.mark == "AWS-compatible emulator" and not cloud.compliant
    auth = next(c for c in cloud.capabilities if c.id == "authentication")
    assert auth.units == 4  # 16 cases, 4 operations
    one_fail = [{**r, "outcome": "fail"} if r["id"] == "s3/PutObject/auth/unsigned" else r for r in all_pass]
    assert next(c for c in score_results(profile, one_fail).capabilities if c.id == "authentication").score == 75.0


@pytest.mark.parametrize("content,phrase", [
    (b"name: x\nversion: '2027.01'\ncapabilities: \xff\n", "not UTF-8"),
    (b"a: &a [1, 2]\nb: *a\n", "anchors"),
    (b"name: x\nversion: '2026.11'\ncapabilities:\n  - id: c\n    status: mandatory\n    select: ['s3/*']\n",
     "status"),
    (b"name: x\nversion: '2026.11'\ncapabilities:\n  - id: c\n    status: required\n    select: ['nosuchsvc/*']\n",
     "unknown service 'nosuchsvc'"),
], ids=["non-utf8", "alias-bomb", "unknown-status", "unknown-service"])
def test_bad_profile_is_one_line_exit_2(content: bytes, phrase: str, tmp_path: Path, key: tuple[Path, dict]) -> None:
    _, env = key
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    run = tmp_path / "run"
    run.mkdir()
    (run / "run.json").write_text(json.dumps({"target": {"name": "x"}, "finished": "2026-12-01T00:00:00Z"}))
    (run / "results.jsonl").write_text("")
    r = awscompat("score", run, "--rating", bad, env=env, cwd=tmp_path)
    assert r.code == 2 and "Traceback" not in r.output, r
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(bad) in lines[0] and phrase in lines[0], r
    assert f"{bad}:" in lines[0] and lines[0].split(f"{bad}:", 1)[1][:1].isdigit(), r


def test_an_attestation_issued_under_2026_11_before_v2_still_verifies(key: tuple[Path, dict], tmp_path: Path) -> None:
    """tests/fixtures: signed by the code before methodology v2 (commit 21dcd25), moto, s3-core-2026.11."""
    _, env = key
    r = awscompat("verify", FIXTURES / "s3-core-2026.11-moto.intoto.json", "--pubkey",
                  FIXTURES / "s3-core-2026.11-moto.pub", env=env, cwd=tmp_path)
    assert r.code == 0 and r.stdout.startswith("valid: s3-core-2026.11 BB 74.25 not compliant"), r
