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

import yaml

STATUSES = ("required", "advisory", "deprecated")
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

        for tmpl in sorted(p.name[:-5] for p in _profiles_dir().iterdir() if p.name.startswith("contract-")):
            version = tmpl.split("-", 1)[1]
            names += [f"{svc}-contract-{version}" for svc in get_spec().service_names]
    return names


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
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return parse_profile(path.read_text(encoding="utf-8"), str(path))
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
            return parse_profile(text, f"profiles/contract-{version}.yaml ({service})")
    known = ", ".join(list_profiles())
    raise ProfileError(f"unknown profile {name_or_path!r}; shipped: {known}, and <service>-contract-<version>")


class _LineLoader(yaml.SafeLoader):
    pass


def _mapping_with_lines(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_lines)


def parse_profile(text: str, source: str) -> Profile:
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise ProfileError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    if not isinstance(doc, dict):
        raise ProfileError(f"{source}:1: a profile is a mapping with name, version and capabilities")

    def need(obj: dict, key: str, kind: type | tuple, what: str) -> Any:
        value = obj.get(key)
        if not isinstance(value, kind) or value in ("", [], {}):
            raise ProfileError(f"{source}:{obj.get('__line__', 1)}: {what} needs `{key}`"
                               f" ({getattr(kind, '__name__', 'value')})")
        return value

    name = need(doc, "name", str, "the profile")
    version = str(need(doc, "version", (str, float), "the profile"))
    if not re.fullmatch(r"\d{4}\.\d{2}", version):
        raise ProfileError(f"{source}:{doc['__line__']}: version must look like 2026.11, not {version!r}")
    status = doc.get("status", "active")
    if status not in ("active", "retired"):
        raise ProfileError(f"{source}:{doc['__line__']}: status must be active or retired, not {status!r}")
    caps = []
    seen = set()
    for item in need(doc, "capabilities", list, "the profile"):
        if not isinstance(item, dict):
            raise ProfileError(f"{source}: each capability is a mapping (id, status, select)")
        line = item.get("__line__", "?")
        cid = need(item, "id", str, "a capability")
        if cid in seen:
            raise ProfileError(f"{source}:{line}: duplicate capability id {cid!r}")
        seen.add(cid)
        cstatus = need(item, "status", str, f"capability {cid!r}")
        if cstatus not in STATUSES:
            raise ProfileError(f"{source}:{line}: capability {cid!r}: status must be one of {', '.join(STATUSES)}")
        select = need(item, "select", list, f"capability {cid!r}")
        if not all(isinstance(s, str) and s for s in select):
            raise ProfileError(f"{source}:{line}: capability {cid!r}: select is a list of case-id globs")
        rx = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in select))
        caps.append(Capability(cid, str(item.get("title", cid)), cstatus, tuple(select), rx))
    flags = []
    for item in doc.get("flags") or []:
        line = item.get("__line__", "?") if isinstance(item, dict) else "?"
        if not isinstance(item, dict):
            raise ProfileError(f"{source}:{line}: each flag is a mapping (case, reason, expires)")
        case = need(item, "case", str, "a flag")
        reason = need(item, "reason", str, f"flag {case!r}")
        expires = item.get("expires")
        if isinstance(expires, str):
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                expires = None
        if not isinstance(expires, dt.date):
            raise ProfileError(f"{source}:{line}: flag {case!r}: expires must be a date (YYYY-MM-DD)")
        flags.append(Flag(case, reason, expires))
    return Profile(
        name=f"{name}-{version}", family=name, version=version, title=str(doc.get("title", name)),
        description=str(doc.get("description", "")).strip(), status=status, capabilities=tuple(caps),
        flags=tuple(flags), source=source,
    )
