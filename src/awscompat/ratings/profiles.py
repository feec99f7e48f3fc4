"""Profiles: YAML files shipped in the package (data/profiles/), validated on load.

A profile is named `<family>-<version>`, e.g. `s3-core-2026.11`. The `<service>-contract-<version>`
profiles are made from one template (`contract-<version>.yaml`) for every service in botocore.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

STATUSES = ("required", "advisory", "deprecated")
RULES_2026 = "2026.11"  # weighted pass rate of cases (ratings/score.py)
RULES_2027 = "2027.01"  # capability-weighted, classes, axes, completeness, pinned sets (ratings/method.py)
_NAME = re.compile(r"^(?P<family>[a-z0-9][a-z0-9-]*?)-(?P<version>\d{4}\.\d{2})$")


class ProfileError(Exception):
    """A profile that cannot be used: unknown, or malformed (the message names file and line)."""


@dataclass(frozen=True)
class Capability:
    id: str
    title: str
    status: str
    select: tuple[str, ...]
    _rx: re.Pattern = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    weight: float = 1.0  # rules 2027.01: the capability's share of the score (docs/methodology.md)
    axis: str = ""  # rules 2027.01: behaviour | errors | routing | authentication
    line: int = 0  # where it is declared in the profile file

    def matches(self, case_id: str) -> bool:
        return bool(self._rx.match(case_id))


@dataclass(frozen=True)
class Flag:
    case: str
    reason: str
    expires: dt.date

    def active(self, on: dt.date) -> bool:
        return on <= self.expires


@dataclass(frozen=True)
class Profile:
    name: str
    family: str
    version: str
    title: str
    description: str
    status: str
    capabilities: tuple[Capability, ...]
    flags: tuple[Flag, ...]
    source: str
    rules: str = "2026.11"  # the methodology version it is scored under (RULES_2026 or RULES_2027)
    lock: str = ""  # rules 2027.01: the lock file of the pinned case set
    pinned_digest: str = ""  # rules 2027.01: the digest of the pinned id@revision lines
    client: dict | None = None  # the client a rated run must have used: {name, min_version} (docs/clients.md)

    @property
    def pinned(self) -> bool:
        return bool(self.lock)

    def capability_for(self, case_id: str) -> Capability | None:
        for cap in self.capabilities:
            if cap.matches(case_id):
                return cap
        return None

    def flag_for(self, case_id: str, on: dt.date) -> Flag | None:
        for flag in self.flags:
            if flag.active(on) and fnmatch.fnmatchcase(case_id, flag.case):
                return flag
        return None

    @property
    def services(self) -> list[str]:
        out = []
        for cap in self.capabilities:
            for sel in cap.select:
                svc = sel.split("/", 1)[0]
                if svc and "*" not in svc and svc not in out:
                    out.append(svc)
        return out


def _profiles_dir():
    return resources.files("awscompat") / "data" / "profiles"


def list_profiles(include_contract: bool = False) -> list[str]:
    names = sorted(p.name[:-5] for p in _profiles_dir().iterdir()
                   if p.name.endswith(".yaml") and not p.name.startswith("contract-"))
    if include_contract:
        from awscompat.spec import get_spec

        for tmpl in sorted(p.name[:-5] for p in _profiles_dir().iterdir()
                           if p.name.startswith("contract-") and p.name.endswith(".yaml")):
            version = tmpl.split("-", 1)[1]
            pinned = contract_digests(version)
            names += [f"{svc}-contract-{version}" for svc in get_spec().service_names
                      if pinned is None or svc in pinned]
    return names


def contract_digests(version: str) -> dict[str, str] | None:
    """The services a pinned contract template (rules 2027.01 on) ships a case set for, with each
    set's digest (contract-<version>.digests: `<service> sha256:...` lines); None for a template
    that pins nothing (2026.11: every service)."""
    path = _profiles_dir() / f"contract-{version}.digests"
    if not path.is_file():
        return None
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            service, digest = line.split()
            out[service] = digest
    return out


# A mark (a signed attestation, a badge backed by one) may name only one of the newest versions
# of a profile family: when a family gets a new version, the one before stays valid for marks
# until the next version ships; older versions are refused (docs/profiles.md).
MARK_VERSIONS = 2


def family_versions(family: str) -> list[str]:
    """The versions of a profile family shipped with this installation, newest first
    (`s3-core` -> ["2026.11"]; `sqs-contract` -> the versions of the contract template)."""
    versions = set()
    for p in _profiles_dir().iterdir():
        if not p.name.endswith(".yaml"):
            continue
        stem = p.name[:-5]
        if family.endswith("-contract") and stem.startswith("contract-"):
            versions.add(stem[len("contract-"):])
            continue
        m = _NAME.match(stem)
        if m and m["family"] == family:
            versions.add(m["version"])
    return sorted(versions, reverse=True)


def mark_problem(profile: Profile, versions: list[str] | None = None) -> str | None:
    """Why `profile` cannot back a mark, or None when it can: a retired profile never can, and
    only the MARK_VERSIONS newest versions of its family can (versions: the family's known
    versions; by default those shipped with this installation, plus the profile's own)."""
    if profile.status == "retired":
        return f"profile {profile.name} is retired: a mark needs an active profile"
    known = family_versions(profile.family) if versions is None else list(versions)
    newest = sorted({*known, profile.version}, reverse=True)[:MARK_VERSIONS]
    if profile.version not in newest:
        return (f"profile {profile.name} is too old for a mark: only the {MARK_VERSIONS} newest versions of"
                f" {profile.family} are valid ({', '.join(newest)})")
    return None


def load_profile(name_or_path: str) -> Profile:
    """A shipped profile by name (`s3-core-2026.11`, `sqs-contract-2026.11`) or a YAML file path."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.exists():
        from awscompat.userfiles import UserFileError, read_text

        try:
            text = read_text(path, "profile", max_bytes=1024 * 1024)
        except UserFileError as exc:
            raise ProfileError(str(exc)) from None
        return parse_profile(text, str(path), path.parent)
    m = _NAME.match(name_or_path)
    if not m:
        raise ProfileError(f"{name_or_path!r} is not a profile name (<name>-<YYYY.MM>) nor a YAML file")
    shipped = _profiles_dir() / f"{name_or_path}.yaml"
    if shipped.is_file():
        return parse_profile(shipped.read_text(encoding="utf-8"), f"profiles/{name_or_path}.yaml")
    family, version = m["family"], m["version"]
    if family.endswith("-contract"):
        service = family[: -len("-contract")]
        tmpl = _profiles_dir() / f"contract-{version}.yaml"
        from awscompat.spec import get_spec

        if tmpl.is_file() and service in get_spec().service_names:
            text = tmpl.read_text(encoding="utf-8").replace("{service}", service)
            if "{digest}" in text:
                digests = contract_digests(version) or {}
                if service not in digests:
                    raise ProfileError(f"profile {name_or_path}: contract-{version} pins a case set per service and"
                                       f" ships none for {service} (shipped: {', '.join(sorted(digests)) or 'none'})")
                text = text.replace("{digest}", digests[service])
            return parse_profile(text, f"profiles/contract-{version}.yaml ({service})")
    known = ", ".join(list_profiles())
    raise ProfileError(f"unknown profile {name_or_path!r}; shipped: {known}, and <service>-contract-<version>")


def profile_schema() -> dict:
    """The JSON Schema every profile file is checked against (data/schemas/profile.schema.json)."""
    import json

    return json.loads((resources.files("awscompat") / "data" / "schemas" / "profile.schema.json")
                      .read_text(encoding="utf-8"))


def _dates_as_text(doc: Any) -> Any:
    """YAML reads `2027-01-31` as a date; the schema checks the text."""
    if isinstance(doc, dict):
        return {k: _dates_as_text(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_dates_as_text(v) for v in doc]
    return doc.isoformat() if isinstance(doc, dt.date) else doc


def parse_profile(text: str, source: str, folder: Any = None) -> Profile:
    """Parse and validate a profile's text (userfiles: no aliases, depth bound, JSON Schema with
    `file:line` errors). folder: where its lock file lies (default: the shipped profiles)."""
    from awscompat.userfiles import UserFileError, load_yaml, validate

    try:
        doc = _dates_as_text(load_yaml(text, source, lines=True))
        if not isinstance(doc, dict):
            raise UserFileError(f"{source}:1: a profile is a mapping with name, version and capabilities")
        validate(doc, profile_schema(), source)
    except UserFileError as exc:
        raise ProfileError(str(exc)) from None
    name = doc["name"]
    version = str(doc["version"])
    if not re.fullmatch(r"\d{4}\.\d{2}", version):
        raise ProfileError(f"{source}:{doc['__line__']}: version must look like 2026.11, not {version!r}")
    status = doc.get("status", "active")
    rules = doc.get("rules", RULES_2026)
    pinned = doc.get("pinned") or {}
    if rules != RULES_2026 and not pinned:
        raise ProfileError(f"{source}:{doc['__line__']}: a profile under rules {rules} pins its case set"
                           " (`pinned: {lock: <file>.lock, digest: sha256:...}`)")
    caps = []
    seen = set()
    for item in doc["capabilities"]:
        line = item.get("__line__", "?")
        cid = item["id"]
        if cid in seen:
            raise ProfileError(f"{source}:{line}: duplicate capability id {cid!r}")
        seen.add(cid)
        axis = item.get("axis", "")
        if rules != RULES_2026 and not axis:
            raise ProfileError(f"{source}:{line}: capability {cid!r}: rules {rules} need an `axis`"
                               " (behaviour, errors, routing or authentication)")
        select = item["select"]
        rx = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in select))
        caps.append(Capability(cid, str(item.get("title", cid)), item["status"], tuple(select), rx,
                               float(item.get("weight", 1)), axis, line if isinstance(line, int) else 0))
    flags = []
    for item in doc.get("flags") or []:
        line = item.get("__line__", "?")
        try:
            expires = dt.date.fromisoformat(item["expires"])
        except ValueError:
            raise ProfileError(f"{source}:{line}: flag {item['case']!r}: expires must be a date (YYYY-MM-DD)"
                               ) from None
        flags.append(Flag(item["case"], item["reason"], expires))
    lock = ""
    if pinned:
        base = folder if folder is not None else _profiles_dir()
        lock = str(base / pinned["lock"])
    return Profile(
        name=f"{name}-{version}", family=name, version=version, title=str(doc.get("title", name)),
        description=str(doc.get("description", "")).strip(), status=status, capabilities=tuple(caps),
        flags=tuple(flags), source=source, rules=rules, lock=lock, pinned_digest=pinned.get("digest", ""),
        client={k: v for k, v in doc["client"].items() if not k.startswith("__")} if doc.get("client") else None,
    )


def check_services(profile: Profile) -> None:
    """ProfileError naming file and line when a selector names a service botocore does not know."""
    from awscompat.spec import get_spec

    known = set(get_spec().service_names)
    for cap in profile.capabilities:
        for sel in cap.select:
            svc = sel.split("/", 1)[0]
            if svc and not any(ch in svc for ch in "*?[") and svc not in known:
                raise ProfileError(f"{profile.source}:{cap.line or '?'}: capability {cap.id!r}: selector {sel!r}"
                                   f" names an unknown service {svc!r}")
