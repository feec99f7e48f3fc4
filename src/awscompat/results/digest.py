"""The suite digest (DESIGN 3.1): the one implementation.

Contract: `digest_of_lines(lines)` is "sha256:" + the hex SHA-256 of the lines sorted, each
followed by a newline; `suite_digest(cases)` is that over the cases' `id@revision` lines. Run
folders, profile lock files, attestations and the service all carry this value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol


class _HasDigestLine(Protocol):
    @property
    def digest_line(self) -> str: ...


def digest_line(case_id: str, revision: int = 1) -> str:
    """A case's line in the digest: `id@revision`."""
    return f"{case_id}@{revision}"


def digest_of_lines(lines: Iterable[str]) -> str:
    h = hashlib.sha256()
    for line in sorted(lines):
        h.update(line.encode())
        h.update(b"\n")
    return "sha256:" + h.hexdigest()


def suite_digest(cases: Iterable[_HasDigestLine]) -> str:
    """SHA-256 of the sorted id@revision lines of the cases."""
    return digest_of_lines([c.digest_line for c in cases])
