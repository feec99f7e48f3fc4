"""The results package: the types and I/O every layer shares, at the bottom of the layers.

- `Case`, `Provenance` and the provenance helpers (results/case.py);
- `Outcome` (a StrEnum: pass, fail, unsupported, error, skip) and `CaseResult` (results/outcome.py);
- run-folder I/O: run.json and results.jsonl (results/runfolder.py);
- the suite digest (results/digest.py).

Contract: this package imports nothing else of awscompat (tests/test_layers.py; the order of the
layers is in docs/architecture.md).
"""

from awscompat.results.case import Case, Provenance, docs, model, protocol, recorded
from awscompat.results.digest import digest_of_lines, suite_digest
from awscompat.results.outcome import ERROR, FAIL, OUTCOMES, PASS, SKIP, UNSUPPORTED, CaseResult, Outcome
from awscompat.results.runfolder import RunFolderError, iter_results, load_run

__all__ = [
    "ERROR", "FAIL", "OUTCOMES", "PASS", "SKIP", "UNSUPPORTED", "Case", "CaseResult", "Outcome", "Provenance",
    "RunFolderError", "digest_of_lines", "docs", "iter_results", "load_run", "model", "protocol", "recorded",
    "suite_digest",
]
