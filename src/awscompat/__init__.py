"""awscompat: does this endpoint behave like AWS for the calls I make?

The Python API (docs/api.md) is `awscompat.run(...)`, `awscompat.score(...)` and
`awscompat.load_results(...)`, with `RunResult`, `LoadedRun` and `UsageError`. They are loaded on
first use (PEP 562), so `import awscompat` imports neither botocore nor the catalog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from awscompat.version import __version__

if TYPE_CHECKING:
    from awscompat.api import LoadedRun, RunResult, UsageError, load_results, run, score

_API = ("LoadedRun", "RunResult", "UsageError", "load_results", "run", "score")
__all__ = ["LoadedRun", "RunResult", "UsageError", "__version__", "load_results", "run", "score"]


def __getattr__(name: str) -> Any:
    if name in _API:
        from awscompat import api

        return getattr(api, name)
    raise AttributeError(f"module 'awscompat' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
