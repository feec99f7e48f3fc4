"""Building the catalog from generators and scenarios, and selecting from it. The suite digest is
results/digest.py (`suite_digest`, `digest_of_lines` are re-exported here for old imports)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from awscompat.catalog.registry import load_scenarios
from awscompat.results.case import Case
from awscompat.results.digest import digest_of_lines, suite_digest
from awscompat.spec import Spec, get_spec

# The services a run covers when the user names none: the core of what clones implement.
DEFAULT_SERVICES = ("s3", "sqs", "sns", "dynamodb", "iam", "sts", "kms", "kinesis", "secretsmanager")


@dataclass
class Selection:
    services: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    globs: list[str] = field(default_factory=list)
    read_only: bool = False
    # exact case ids (a pinned profile's lock): when set, only these ids are selected
    ids: frozenset[str] | None = None

    def _glob_re(self) -> re.Pattern | None:
        if not self.globs:
            return None
        return re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in self.globs))

    def family_matches(self, family: str) -> bool:
        if not self.families:
            return True
        top = family.split("/", 1)[0]
        return family in self.families or top in self.families

    def matches(self, case: Case, glob_re: re.Pattern | None = None) -> bool:
        if self.services and case.service not in self.services:
            return False
        if not self.family_matches(case.family):
            return False
        if self.features and case.feature not in self.features:
            return False
        if glob_re is not None and not glob_re.match(case.id):
            return False
        if self.ids is not None and case.id not in self.ids:
            return False
        return True

    def to_dict(self) -> dict:
        return {
            "services": self.services, "families": self.families, "features": self.features,
            "select": self.globs, "read_only": self.read_only,
            **({"pinned_ids": len(self.ids)} if self.ids is not None else {}),
        }


def _generators():
    from awscompat.families import GENERATORS

    return GENERATORS


def promote(case: Case) -> Case:
    from awscompat.families.evidence import promote as _promote

    return _promote(case)


def build_catalog(selection: Selection | None = None, spec: Spec | None = None) -> Iterator[Case]:
    """Yield the selected cases: the generated ones service by service (each service's families
    in turn), then the scenarios.

    Generators are only asked for the services and families the selection can match, so a
    narrow selection does not load every model.
    """
    selection = selection or Selection()
    spec = spec or get_spec()
    glob_re = selection._glob_re()
    services = selection.services or _services_of_globs(selection.globs) or spec.service_names
    unknown = [s for s in services if s not in spec.service_names]
    if unknown:
        raise KeyError(f"unknown service(s): {', '.join(unknown)}")
    generators = [gen for family, gen in _generators().items()
                  if selection.family_matches(family) or any(f.startswith(family + "/") for f in selection.families)]
    for name in services:  # service by service: a run's clients and models are used in one stretch
        svc = spec.service(name)
        protocol, choice = svc.protocol, wire_choice(svc)
        for gen in generators:
            for case in gen(svc):
                if selection.matches(case, glob_re):
                    case.protocol, case.protocol_choice = protocol, choice
                    yield promote(case)
    if selection.family_matches("scenario"):
        for case in load_scenarios():
            if selection.matches(case, glob_re):
                yield case


def wire_choice(svc) -> str:
    """Why the cases of a service that lists several protocols use the one they use: botocore
    sends the first protocol of its own priority order that the model lists (for a model listing
    smithy-rpc-v2-cbor first and json as alternative, botocore sends JSON)."""
    listed = svc.protocols
    if len(listed) < 2 or listed[0] == svc.protocol:
        return ""
    return (f"the model lists {', '.join(listed)}; sent as {svc.protocol}, the listed alternative botocore "
            f"chooses (not {listed[0]})")


def _services_of_globs(globs: list[str]) -> list[str]:
    """`--select 'sts/GetCallerIdentity/*'` needs only sts: the services the globs can match,
    when every glob names its service without a wildcard."""
    services = []
    for glob in globs:
        head = glob.split("/", 1)[0]
        if not head or any(ch in head for ch in "*?["):
            return []
        if head not in services:
            services.append(head)
    return services


__all__ = ["DEFAULT_SERVICES", "Selection", "build_catalog", "digest_of_lines", "promote", "suite_digest", "wire_choice"]
