"""Signed attestations of a run's rating (DESIGN 3.5).

An in-toto Statement v1 whose subject is the target and whose predicate summarises the run's
result against one profile, carried in a DSSE envelope signed with Ed25519:

    {"payloadType": "application/vnd.in-toto+json",
     "payload": base64(statement JSON),
     "signatures": [{"keyid": sha256(raw public key) hex, "sig": base64(Ed25519(PAE(type, payload)))}]}

Everything here works offline: signing needs the private key, verifying the public key and,
for the profile check, this installation's catalog.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from awscompat.version import __version__

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://awscompat.dev/attestation/test-result/v1"
OUTCOMES = ("pass", "fail", "unsupported", "error", "skip")
CLOCK_SKEW = dt.timedelta(minutes=5)


class AttestError(Exception):
    """A key, run folder or option that cannot be used to sign (a usage error)."""


class VerifyError(Exception):
    """The envelope is not a valid attestation; the message is the one-line reason."""


# -- keys ---------------------------------------------------------------------------------
def keyid(public_key: Ed25519PublicKey) -> str:
    """The key's id: SHA-256 (hex) of its 32 raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _write_private(path: Path, data: bytes, force: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an existing file overwritten with --force keeps no wider mode
        os.write(fd, data)
    finally:
        os.close(fd)


def write_keypair(path: Path, force: bool = False) -> tuple[Path, Path, str]:
    """Write a new Ed25519 private key (PEM, PKCS#8, mode 0600) to path and its public key to
    path.pub. Returns (private path, public path, keyid)."""
    pub_path = path.with_name(path.name + ".pub")
    if not force:
        existing = [str(p) for p in (path, pub_path) if p.exists()]
        if existing:
            verb = "exists" if len(existing) == 1 else "exist"
            raise AttestError(f"{' and '.join(existing)} already {verb}; use --force to overwrite")
    if not path.parent.is_dir():
        raise AttestError(f"{path.parent} is not a directory")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        _write_private(path, private_pem, force)
        pub_path.write_bytes(public_pem)
    except FileExistsError as exc:
        raise AttestError(f"{exc.filename} already exists; use --force to overwrite") from exc
    except OSError as exc:
        raise AttestError(f"cannot write the key: {exc}") from exc
    return path, pub_path, keyid(key.public_key())


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AttestError(f"cannot read the private key {path}: {exc.strerror or exc}") from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise AttestError(f"{path} is not an unencrypted PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise AttestError(f"{path} is not an Ed25519 key (make one with `awscompat keygen`)")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Raises OSError when the file cannot be read, AttestError when it is not an Ed25519 key."""
    data = path.read_bytes()
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise AttestError(f"{path} is not a PEM public key ({exc})") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise AttestError(f"{path} is not an Ed25519 public key")
    return key


# -- DSSE ---------------------------------------------------------------------------------
def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE v1 Pre-Authentication Encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body,
    lengths as ASCII decimal byte counts."""
    type_bytes = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(type_bytes), type_bytes, len(payload), payload)


def canonical_json(obj: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_envelope(statement: dict, key: Ed25519PrivateKey) -> dict:
    payload = canonical_json(statement)
    sig = key.sign(pae(PAYLOAD_TYPE, payload))
    return {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(payload).decode("ascii"),
        "signatures": [{"keyid": keyid(key.public_key()), "sig": base64.b64encode(sig).decode("ascii")}],
    }


# -- the statement ------------------------------------------------------------------------
def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse_time(value: Any, what: str) -> dt.datetime:
    if not isinstance(value, str):
        raise VerifyError(f"the statement's {what} is missing")
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise VerifyError(f"the statement's {what} {value!r} is not an ISO 8601 time") from exc
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def target_digest(target: dict) -> str:
    """SHA-256 (hex) of the canonical JSON of a run's target descriptor."""
    return hashlib.sha256(canonical_json(target)).hexdigest()


def build_statement(run_dir: Path, meta: dict, profile: Any, expires_days: int,
                    now: dt.datetime | None = None, klass: str | None = None) -> dict:
    """The in-toto Statement for the run folder run_dir (whose run.json is meta) rated against
    profile. A profile under rules 2027.01 adds the provider class, axes, completeness and mark,
    and its digest is the pinned one; a run that is `not rated` is refused (AttestError)."""
    from awscompat.ratings.profiles import mark_problem
    from awscompat.ratings.score import profile_digest, score_run
    from awscompat.results.runfolder import iter_results

    now = now or dt.datetime.now(dt.UTC)
    problem = mark_problem(profile)
    if problem:
        raise AttestError(problem)
    target = meta.get("target")
    if not isinstance(target, dict):
        raise AttestError(f"{run_dir}/run.json has no target descriptor")
    if not meta.get("finished"):
        raise AttestError(f"{run_dir} is a run that did not finish: nothing to attest")
    score = score_run(profile, run_dir, on=now.date(), klass=klass)
    if not score.rated:
        raise AttestError(f"{profile.name}: not rated, nothing to attest ({'; '.join(score.reasons)})")
    v2 = profile.rules != "2026.11"
    digest = profile.pinned_digest if v2 else profile_digest(profile, iter_results(run_dir))
    counts: Counter[str] = Counter({o: 0 for o in OUTCOMES})
    failed: list[str] = []
    for r in iter_results(run_dir):
        if profile.capability_for(r["id"]) is None:
            continue
        counts[r["outcome"]] += 1
        if r["outcome"] in ("fail", "unsupported"):
            failed.append(r["id"])
    tool = meta.get("tool") or {}
    predicate: dict[str, Any] = {
        "target": {
            "name": target.get("name"),
            "endpoint": target.get("endpoint"),
            "endpoints": target.get("endpoints") or {},
            "region": target.get("region"),
        },
        "suite_digest": meta.get("suite_digest"),
        "profile": {"name": profile.name, "version": profile.version, "digest": digest},
        "result": {
            "score": score.score,
            "grade": score.grade,
            "compliant": score.compliant,
            "reasons": score.reasons,
            "cases": sum(counts.values()),
            "counts": dict(counts),
            "failed": sorted(failed),
        },
        "run": {"id": meta.get("run_id"), "started": meta.get("started"), "finished": meta.get("finished"),
                "status": meta.get("status")},
        "tool": {"name": tool.get("name", "awscompat"), "version": tool.get("version")},
        "attester": {"name": "awscompat", "version": __version__},
        "issued_at": _iso(now),
        "expires_at": _iso(now + dt.timedelta(days=expires_days)),
    }
    if v2:
        predicate["target"]["class"] = score.klass
        predicate["profile"].update(rules=profile.rules, pinned_digest=profile.pinned_digest)
        predicate["result"].update({"class": score.klass, "mark": score.mark, "axes": score.axes,
                                    "completeness": score.completeness})
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": target.get("endpoint") or target.get("name") or "aws",
                     "digest": {"sha256": target_digest(target)}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": predicate,
    }


# -- verification -------------------------------------------------------------------------
@dataclass
class Verified:
    statement: dict
    keyid: str

    @property
    def predicate(self) -> dict:
        return self.statement["predicate"]

    def summary(self) -> str:
        p = self.predicate
        res, prof = p["result"], p["profile"]
        mark = res.get("mark") or ("compliant" if res["compliant"] else "not compliant")
        if res.get("class"):
            mark += f" ({res['class']})"
        subject = self.statement["subject"][0]["name"]
        return (f"valid: {prof['name']} {res['grade']} {res['score']} {mark} for {subject}"
                f" ({p['target'].get('name')}); issued {p['issued_at']}, expires {p['expires_at']};"
                f" key {self.keyid[:16]}")


def _b64decode(text: Any, what: str) -> bytes:
    """Strict base64 (standard or URL-safe alphabet): the text must be the canonical encoding of
    what it decodes to, so no character of it can change without changing the bytes."""
    if not isinstance(text, str) or not text:
        raise VerifyError(f"malformed envelope: {what} is not a base64 string")
    urlsafe = "-" in text or "_" in text
    try:
        raw = (base64.urlsafe_b64decode(text) if urlsafe else base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise VerifyError(f"malformed envelope: {what} is not valid base64") from exc
    again = base64.urlsafe_b64encode(raw) if urlsafe else base64.b64encode(raw)
    if again.decode("ascii") != text:
        raise VerifyError(f"malformed envelope: {what} is not canonical base64 (altered)")
    return raw


def parse_envelope(text: str) -> dict:
    try:
        env = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise VerifyError(f"malformed envelope: not JSON ({exc})") from exc
    if not isinstance(env, dict):
        raise VerifyError("malformed envelope: not a JSON object")
    for key in ("payloadType", "payload", "signatures"):
        if key not in env:
            raise VerifyError(f"malformed envelope: no `{key}`")
    if env["payloadType"] != PAYLOAD_TYPE:
        raise VerifyError(f"malformed envelope: payloadType is {env['payloadType']!r}, not {PAYLOAD_TYPE!r}")
    if not isinstance(env["signatures"], list) or not env["signatures"]:
        raise VerifyError("malformed envelope: no signatures")
    if not all(isinstance(s, dict) and "sig" in s for s in env["signatures"]):
        raise VerifyError("malformed envelope: each signature needs `sig`")
    return env


def _check_signature(env: dict, payload: bytes, public_key: Ed25519PublicKey) -> str:
    want = keyid(public_key)
    mine = [s for s in env["signatures"] if s.get("keyid") in (want, "", None)]
    if not mine:
        ids = ", ".join(str(s.get("keyid"))[:16] for s in env["signatures"])
        raise VerifyError(f"wrong key: the envelope is signed by key {ids}, not by the given public key {want[:16]}")
    message = pae(env["payloadType"], payload)
    for sig in mine:
        try:
            public_key.verify(_b64decode(sig["sig"], "a signature"), message)
            return want
        except InvalidSignature:
            continue
    if any(s.get("keyid") == want for s in mine):
        raise VerifyError("bad signature: the payload was altered after signing (or the signature is corrupt)")
    raise VerifyError(f"bad signature: no signature verifies with the given public key {want[:16]}"
                      " (a wrong key, or the payload was altered)")


def _check_statement(statement: Any) -> None:
    if not isinstance(statement, dict) or statement.get("_type") != STATEMENT_TYPE:
        raise VerifyError(f"the payload is not an in-toto Statement v1 (_type != {STATEMENT_TYPE})")
    if statement.get("predicateType") != PREDICATE_TYPE:
        raise VerifyError(f"unexpected predicateType {statement.get('predicateType')!r}; want {PREDICATE_TYPE}")
    subject = statement.get("subject")
    if (not isinstance(subject, list) or not subject or not isinstance(subject[0], dict)
            or not isinstance(subject[0].get("digest"), dict) or "sha256" not in subject[0]["digest"]):
        raise VerifyError("the statement has no subject with a sha256 digest")
    pred = statement.get("predicate")
    if not isinstance(pred, dict):
        raise VerifyError("the statement has no predicate")
    for key in ("target", "profile", "result", "issued_at", "expires_at"):
        if key not in pred:
            raise VerifyError(f"the predicate has no `{key}`")
    if not isinstance(pred["profile"], dict) or not {"name", "version", "digest"} <= set(pred["profile"]):
        raise VerifyError("the predicate's profile needs name, version and digest")
    if not isinstance(pred["result"], dict) or not {"score", "grade", "compliant"} <= set(pred["result"]):
        raise VerifyError("the predicate's result needs score, grade and compliant")
    if not isinstance(pred["target"], dict):
        raise VerifyError("the predicate's target is not a mapping")


def published_digests(profile: Any) -> set[str]:
    """Rules 2026.11: the case-set digests attestations under this profile were issued with, shipped
    beside it (data/profiles/<name>.digests), so they keep verifying after the catalog changed."""
    from importlib import resources

    path = resources.files("awscompat") / "data" / "profiles" / f"{profile.name}.digests"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, FileNotFoundError):
        return set()
    return {ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}


def check_profile(pred: dict) -> None:
    """The profile must be valid for a mark here (active, one of the newest versions of its family:
    ratings.profiles.mark_problem) and its digest that of this installation's catalog for it."""
    from awscompat.ratings.profiles import ProfileError, load_profile, mark_problem
    from awscompat.ratings.score import catalog_digest

    prof = pred["profile"]
    try:
        profile = load_profile(str(prof["name"]))
    except ProfileError as exc:
        raise VerifyError(f"profile {prof['name']!r} is not known to this installation (awscompat {__version__})"
                          ) from exc
    if profile.version != str(prof["version"]):
        raise VerifyError(f"profile {prof['name']} is version {profile.version} here, the statement says"
                          f" {prof['version']}")
    problem = mark_problem(profile)
    if problem:
        raise VerifyError(problem)
    if profile.pinned:  # rules 2027.01: the pinned set, no catalog build
        if prof["digest"] != profile.pinned_digest or prof.get("pinned_digest", prof["digest"]) != prof["digest"]:
            raise VerifyError(f"pinned digest mismatch: the statement names {prof['digest']}, {profile.name} pins"
                              f" {profile.pinned_digest}")
        return
    expected = catalog_digest(profile)
    if prof["digest"] != expected and prof["digest"] not in published_digests(profile):
        raise VerifyError(f"profile digest mismatch: the run covered {prof['digest']}, this installation's"
                          f" catalog for {profile.name} is {expected} (cases missing, extra or at another revision)")


def verify_envelope(text: str, public_key: Ed25519PublicKey, now: dt.datetime | None = None,
                    profile_check: bool = True) -> Verified:
    """Verify an envelope; raises VerifyError with a one-line reason."""
    now = now or dt.datetime.now(dt.UTC)
    env = parse_envelope(text)
    payload = _b64decode(env["payload"], "the payload")
    kid = _check_signature(env, payload, public_key)
    try:
        statement = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise VerifyError(f"the signed payload is not JSON ({exc})") from exc
    _check_statement(statement)
    pred = statement["predicate"]
    issued = _parse_time(pred["issued_at"], "issued_at")
    expires = _parse_time(pred["expires_at"], "expires_at")
    if issued > now + CLOCK_SKEW:
        raise VerifyError(f"the statement is issued in the future ({pred['issued_at']})")
    if now >= expires:
        raise VerifyError(f"expired: the statement expired at {pred['expires_at']}")
    if profile_check:
        check_profile(pred)
    return Verified(statement, kid)
