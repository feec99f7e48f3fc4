"""Per-case outcomes of two run folders of the same selection (docs/conversion/outcomes.md).

Usage: python scripts/outcomes_compare.py BEFORE_DIR AFTER_DIR

Prints the counts per outcome on each side, every case whose outcome differs, and how many
messages differ once the run's own names (awscompat-<run id>-..., request ids, ports) are masked;
exits 1 when an outcome differs or a case is on one side only.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

_VOLATILE = re.compile(r"awscompat-[0-9a-f]{8}[-\w]*|127\.0\.0\.1:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|"
                       r"\b[0-9a-f]{16,}\b|\b[A-Z0-9]{16,}\b|\d{10,}")


def results(folder: str) -> dict[str, dict]:
    lines = (Path(folder) / "results.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, filter(None, lines))}


def main() -> int:
    before, after = results(sys.argv[1]), results(sys.argv[2])
    print(f"before: {sum(Counter(r['outcome'] for r in before.values()).values())} cases "
          f"{dict(sorted(Counter(r['outcome'] for r in before.values()).items()))}")
    print(f"after:  {sum(Counter(r['outcome'] for r in after.values()).values())} cases "
          f"{dict(sorted(Counter(r['outcome'] for r in after.values()).items()))}")
    only = sorted(set(before) ^ set(after))
    differ = sorted(c for c in set(before) & set(after) if before[c]["outcome"] != after[c]["outcome"])
    messages = sum(1 for c in set(before) & set(after)
                   if _VOLATILE.sub("*", before[c]["message"]) != _VOLATILE.sub("*", after[c]["message"]))
    print(f"on one side only: {len(only)}; outcome differs: {len(differ)}; message differs (masked): {messages}")
    for case_id in only:
        print(f"  only {'before' if case_id in before else 'after'}: {case_id}")
    for case_id in differ:
        print(f"  {case_id}: {before[case_id]['outcome']} -> {after[case_id]['outcome']}")
    return 1 if only or differ else 0


if __name__ == "__main__":
    sys.exit(main())
