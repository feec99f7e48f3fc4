"""`awscompat keygen / attest / verify` (DESIGN 3.5), on real run folders made by running the CLI
against the embedded moto: the envelope is DSSE with an in-toto Statement v1 inside, its signature
verifies independently of awscompat's own code, and every kind of bad attestation is refused
with one clear line."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import stat
from collections import Counter
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from awscompat.ratings.attest import (
    PAYLOAD_TYPE,
    VerifyError,
    canonical_json,
    load_private_key,
    load_public_key,
    pae,
    sign_envelope,
    verify_envelope,
)
from clirun import CliResult, awscompat, check_run_folder, cli_env, read_results

PROFILE = "s3-core-2026.11"


def _one_line(r: CliResult, code: int, *phrases: str) -> str:
    assert r.code == code, r
    assert "Traceback" not in r.output, r
    lines = [ln for ln in r.output.splitlines() if all(p.lower() in ln.lower() for p in phrases)]
    assert lines, f"no line says {phrases}:\n{r}"
    return lines[0]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("attest")
    (path / "home").mkdir()
    return path


@pytest.fixture(scope="module")
def env(work: Path) -> dict[str, str]:
    return cli_env(work / "home")


def cli(env: dict[str, str], cwd: Path, *args: str) -> CliResult:
    return awscompat(*args, env=env, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def full_run(work: Path, env: dict[str, str]) -> Path:
    """Every case of the profile, so its digest is the catalog's."""
    out = work / "full-run"
    r = cli(env, work, "run", "--profile", PROFILE, "--out", str(out), "-q")
    assert r.code in (0, 1), r
    check_run_folder(out)
    return out


@pytest.fixture(scope="module")
def small_run(work: Path, env: dict[str, str]) -> Path:
    """Only the buckets scenarios: a run that lacks most of the profile's cases."""
    out = work / "small-run"
    r = cli(env, work, "run", "-s", "s3", "-k", "s3/scenario/buckets/*", "--out", str(out), "-q")
    assert r.code in (0, 1), r
    check_run_folder(out)
    return out


@pytest.fixture(scope="module")
def keys(work: Path, env: dict[str, str]) -> Path:
    r = cli(env, work, "keygen", "--out", str(work / "signer"))
    assert r.code == 0, r
    return work / "signer"


@pytest.fixture(scope="module")
def envelope(work: Path, env: dict[str, str], full_run: Path, keys: Path) -> Path:
    out = work / "full.att.json"
    r = cli(env, work, "attest", str(full_run), "--profile", PROFILE, "--key", str(keys), "--out", str(out))
    assert r.code == 0, r
    assert "warning" not in r.output, r
    return out


def _statement(env_doc: dict) -> dict:
    return json.loads(base64.b64decode(env_doc["payload"]))


def _resign(env_doc: dict, key_path: Path, edit) -> dict:
    statement = _statement(env_doc)
    edit(statement)
    return sign_envelope(statement, load_private_key(key_path))


# -- keygen -------------------------------------------------------------------------------
def test_keygen_writes_a_private_key_0600_and_a_public_key(tmp_path: Path, env: dict[str, str]) -> None:
    key = tmp_path / "k"
    r = cli(env, tmp_path, "keygen", "--out", str(key))
    assert r.code == 0, r
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert (tmp_path / "k.pub").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    public = serialization.load_pem_public_key((tmp_path / "k.pub").read_bytes())
    assert isinstance(private, Ed25519PrivateKey) and isinstance(public, Ed25519PublicKey)
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) == raw
    assert hashlib.sha256(raw).hexdigest() in r.stdout

    before = key.read_bytes(), (tmp_path / "k.pub").read_bytes()
    again = cli(env, tmp_path, "keygen", "--out", str(key))
    _one_line(again, 2, "already exist", "--force")
    assert (key.read_bytes(), (tmp_path / "k.pub").read_bytes()) == before, "keygen overwrote without --force"

    key.chmod(0o644)
    forced = cli(env, tmp_path, "keygen", "--out", str(key), "--force")
    assert forced.code == 0, forced
    assert key.read_bytes() != before[0]
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_keygen_refuses_when_only_the_public_key_exists(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "k.pub").write_text("keep me")
    _one_line(cli(env, tmp_path, "keygen", "--out", str(tmp_path / "k")), 2, "k.pub", "already exist")
    assert not (tmp_path / "k").exists()
    assert (tmp_path / "k.pub").read_text() == "keep me"


# -- the format ---------------------------------------------------------------------------
def test_pae_is_the_dsse_encoding() -> None:
    # the example of the DSSE protocol (secure-systems-lab/dsse, protocol.md)
    assert pae("http://example.com/HelloWorld", b"hello world") == \
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    assert pae("t", "é".encode()) == b"DSSEv1 1 t 2 \xc3\xa9"


def test_attestation_content(envelope: Path, full_run: Path, keys: Path, work: Path, env: dict[str, str]) -> None:
    doc = json.loads(envelope.read_text())
    assert doc["payloadType"] == "application/vnd.in-toto+json"
    public = load_public_key(Path(f"{keys}.pub"))
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    [sig] = doc["signatures"]
    assert sig["keyid"] == hashlib.sha256(raw).hexdigest()
    payload = base64.b64decode(doc["payload"], validate=True)
    # the signature verifies over PAE, built here by hand from the spec
    message = b"DSSEv1 %d application/vnd.in-toto+json %d " % (len(PAYLOAD_TYPE), len(payload)) + payload
    public.verify(base64.b64decode(sig["sig"]), message)

    st = json.loads(payload)
    meta = json.loads((full_run / "run.json").read_text())
    assert st["_type"] == "https://in-toto.io/Statement/v1"
    assert st["predicateType"].startswith("https://")
    [subject] = st["subject"]
    assert subject["name"] == meta["target"]["endpoint"]
    canonical = json.dumps(meta["target"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert subject["digest"] == {"sha256": hashlib.sha256(canonical).hexdigest()}

    p = st["predicate"]
    assert p["target"]["endpoint"] == meta["target"]["endpoint"]
    assert p["target"]["region"] == "us-east-1" and p["target"]["name"] == "moto"
    assert p["suite_digest"] == meta["suite_digest"]
    assert p["profile"]["name"] == PROFILE and p["profile"]["version"] == "2026.11"
    # the whole profile ran, so its digest is the run's suite digest
    assert p["profile"]["digest"] == meta["suite_digest"]
    score = json.loads(cli(env, work, "score", str(full_run), "--profile", PROFILE, "--json").stdout)
    assert (p["result"]["score"], p["result"]["grade"], p["result"]["compliant"]) == \
        (score["score"], score["grade"], score["compliant"])
    results = read_results(full_run)
    counted = Counter(r["outcome"] for r in results)
    assert p["result"]["counts"] == {o: counted.get(o, 0) for o in ("pass", "fail", "unsupported", "error", "skip")}
    assert p["result"]["failed"] == sorted(r["id"] for r in results if r["outcome"] in ("fail", "unsupported"))
    assert p["run"]["started"] == meta["started"] and p["run"]["finished"] == meta["finished"]
    assert p["tool"]["version"] == meta["tool"]["version"]
    issued = dt.datetime.fromisoformat(p["issued_at"].replace("Z", "+00:00"))
    expires = dt.datetime.fromisoformat(p["expires_at"].replace("Z", "+00:00"))
    assert expires - issued == dt.timedelta(days=90)
    assert abs(dt.datetime.now(dt.UTC) - issued) < dt.timedelta(minutes=10)


def test_verify_accepts_a_good_attestation(envelope: Path, keys: Path, work: Path, env: dict[str, str]) -> None:
    r = cli(env, work, "verify", str(envelope), "--pubkey", f"{keys}.pub")
    assert r.code == 0, r
    [line] = r.stdout.splitlines()
    assert line.startswith("valid:") and PROFILE in line, line


# -- what verify refuses -------------------------------------------------------------------
def test_verify_refuses_a_flipped_payload_byte(envelope: Path, keys: Path, work: Path, env: dict[str, str]) -> None:
    doc = json.loads(envelope.read_text())
    payload = bytearray(base64.b64decode(doc["payload"]))
    at = payload.index(b'"grade":"') + len(b'"grade":"')
    payload[at] ^= 0x01  # BBB -> CBB, say
    doc["payload"] = base64.b64encode(bytes(payload)).decode()
    bad = work / "flipped.json"
    bad.write_text(json.dumps(doc))
    _one_line(cli(env, work, "verify", str(bad), "--pubkey", f"{keys}.pub"), 1, "invalid", "signature", "altered")


def test_verify_refuses_any_altered_character_of_the_payload(envelope: Path, keys: Path) -> None:
    doc = json.loads(envelope.read_text())
    public = load_public_key(Path(f"{keys}.pub"))
    verify_envelope(json.dumps(doc), public, profile_check=False)  # the original is fine
    text = doc["payload"]
    for i, ch in enumerate(text):
        for other in {"A" if ch != "A" else "B", chr(ord(ch) ^ 1)}:
            changed = dict(doc, payload=text[:i] + other + text[i + 1:])
            with pytest.raises(VerifyError):
                verify_envelope(json.dumps(changed), public, profile_check=False)


def test_verify_refuses_a_wrong_key(envelope: Path, work: Path, env: dict[str, str]) -> None:
    assert cli(env, work, "keygen", "--out", str(work / "other")).code == 0
    _one_line(cli(env, work, "verify", str(envelope), "--pubkey", str(work / "other.pub")), 1, "invalid", "wrong key")
    # without a keyid to go by, the signature itself does not verify
    doc = json.loads(envelope.read_text())
    doc["signatures"][0]["keyid"] = ""
    anonymous = work / "anonymous.json"
    anonymous.write_text(json.dumps(doc))
    _one_line(cli(env, work, "verify", str(anonymous), "--pubkey", str(work / "other.pub")), 1, "invalid",
              "signature")


def test_verify_refuses_an_expired_statement(full_run: Path, keys: Path, work: Path, env: dict[str, str],
                                             envelope: Path) -> None:
    out = work / "expires-now.json"
    r = cli(env, work, "attest", str(full_run), "--profile", PROFILE, "--key", str(keys), "--out", str(out),
            "--expires-days", "0")
    assert r.code == 0, r
    _one_line(cli(env, work, "verify", str(out), "--pubkey", f"{keys}.pub"), 1, "invalid", "expired")

    def backdate(st: dict) -> None:
        st["predicate"]["issued_at"] = "2025-01-01T00:00:00Z"
        st["predicate"]["expires_at"] = "2025-04-01T00:00:00Z"

    old = work / "old.json"
    old.write_text(json.dumps(_resign(json.loads(envelope.read_text()), keys, backdate)))
    line = _one_line(cli(env, work, "verify", str(old), "--pubkey", f"{keys}.pub"), 1, "invalid", "expired")
    assert "2025-04-01" in line


def test_verify_refuses_a_profile_digest_mismatch(small_run: Path, keys: Path, work: Path, env: dict[str, str],
                                                  envelope: Path) -> None:
    out = work / "small.att.json"
    r = cli(env, work, "attest", str(small_run), "--profile", PROFILE, "--key", str(keys), "--out", str(out))
    assert r.code == 0, r
    assert "warning" in r.stderr and "digest" in r.stderr, r
    _one_line(cli(env, work, "verify", str(out), "--pubkey", f"{keys}.pub"), 1, "invalid", "profile digest")
    r = cli(env, work, "verify", str(out), "--pubkey", f"{keys}.pub", "--no-profile-check")
    assert r.code == 0 and r.stdout.startswith("valid:"), r

    def other_digest(st: dict) -> None:
        st["predicate"]["profile"]["digest"] = "sha256:" + "0" * 64

    edited = work / "edited.json"
    edited.write_text(json.dumps(_resign(json.loads(envelope.read_text()), keys, other_digest)))
    _one_line(cli(env, work, "verify", str(edited), "--pubkey", f"{keys}.pub"), 1, "invalid", "profile digest")

    def unknown_profile(st: dict) -> None:
        st["predicate"]["profile"]["name"] = "s3-core-2099.01"

    unknown = work / "unknown.json"
    unknown.write_text(json.dumps(_resign(json.loads(envelope.read_text()), keys, unknown_profile)))
    _one_line(cli(env, work, "verify", str(unknown), "--pubkey", f"{keys}.pub"), 1, "invalid", "s3-core-2099.01")


@pytest.mark.parametrize("content, phrase", [
    ("this is not json", "malformed"),
    ("[]", "malformed"),
    ('{"payloadType": "application/vnd.in-toto+json", "payload": "e30="}', "signatures"),
    ('{"payloadType": "text/plain", "payload": "e30=", "signatures": [{"keyid": "", "sig": "AA=="}]}',
     "payloadType"),
    ('{"payloadType": "application/vnd.in-toto+json", "payload": "%%%", "signatures": [{"sig": "AA=="}]}',
     "base64"),
])
def test_verify_refuses_a_malformed_envelope(content: str, phrase: str, keys: Path, work: Path,
                                             env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    _one_line(cli(env, work, "verify", str(bad), "--pubkey", f"{keys}.pub"), 1, "invalid", phrase)


def test_verify_refuses_a_signed_payload_that_is_not_a_statement(keys: Path) -> None:
    key = load_private_key(keys)
    payload = canonical_json({"hello": "world"})
    doc = {"payloadType": PAYLOAD_TYPE, "payload": base64.b64encode(payload).decode(),
           "signatures": [{"keyid": "", "sig": base64.b64encode(key.sign(pae(PAYLOAD_TYPE, payload))).decode()}]}
    with pytest.raises(VerifyError, match="in-toto Statement"):
        verify_envelope(json.dumps(doc), key.public_key())


def test_verify_exits_2_for_unreadable_files(envelope: Path, keys: Path, work: Path, env: dict[str, str]) -> None:
    _one_line(cli(env, work, "verify", str(work / "missing.json"), "--pubkey", f"{keys}.pub"), 2, "missing.json")
    _one_line(cli(env, work, "verify", str(envelope), "--pubkey", str(work / "missing.pub")), 2, "missing.pub")
    _one_line(cli(env, work, "verify", str(envelope), "--pubkey", str(envelope)), 2, "not a PEM public key")


def test_attest_usage_errors(full_run: Path, keys: Path, work: Path, env: dict[str, str], tmp_path: Path) -> None:
    out = str(tmp_path / "a.json")
    _one_line(cli(env, work, "attest", str(full_run), "--profile", "nope-2026.11", "--key", str(keys), "--out", out),
              2, "unknown profile")
    _one_line(cli(env, work, "attest", str(tmp_path), "--profile", PROFILE, "--key", str(keys), "--out", out),
              2, "not a run folder")
    _one_line(cli(env, work, "attest", str(full_run), "--profile", PROFILE, "--key", f"{keys}.pub", "--out", out),
              2, "private key")
    assert not Path(out).exists()
