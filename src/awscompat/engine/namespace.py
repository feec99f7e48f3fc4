"""The run namespace: every name the run creates starts with it (DESIGN 4)."""

from __future__ import annotations

import itertools
import secrets
import threading

PREFIX = "awscompat-"
TAG_KEY = "awscompat-run"


class Namespace:
    def __init__(self, run_id: str | None = None, *, start: int = 1, step: int = 1) -> None:
        """start/step: the names' serial numbers (worker process k of n uses k + 1, n: the
        processes of one run share its namespace and never make the same name)."""
        self.run_id = run_id or secrets.token_hex(4)
        self.prefix = f"{PREFIX}{self.run_id}-"
        self._counter = itertools.count(start, step)
        self._lock = threading.Lock()

    def name(self, hint: str = "", max_len: int = 63) -> str:
        """A unique lowercase name in this run's namespace (valid as an S3 bucket name)."""
        with self._lock:
            n = next(self._counter)
        name = f"{self.prefix}{n:05x}"
        if hint:
            name += "-" + "".join(ch if ch.isalnum() else "-" for ch in hint.lower()).strip("-")
        return name[:max_len].rstrip("-")

    def owns(self, name: str) -> bool:
        return isinstance(name, str) and self.prefix in name

    @property
    def tags(self) -> dict[str, str]:
        return {TAG_KEY: self.run_id}

    def tag_list(self, key: str = "Key", value: str = "Value") -> list[dict[str, str]]:
        return [{key: TAG_KEY, value: self.run_id}]
