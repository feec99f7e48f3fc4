"""Every catalog case as one sorted JSON line: what `awscompat list --json` prints, plus the
revision, timeout, description and the payload's repr (what a generated case sends or checks).

Usage: python scripts/catalog_dump.py OUT_FILE   (prints the count, the suite digest and the file's SHA-256)
Two trees give the same file when no case id, revision or expectation differs (docs/conversion/outcomes.md).
"""

from __future__ import annotations

import hashlib
import json
import sys

from awscompat.catalog.select import build_catalog, suite_digest


def main() -> None:
    cases = list(build_catalog())
    lines = []
    for case in cases:
        row = case.to_dict()
        row.update(revision=case.revision, timeout=case.timeout, description=case.description,
                   payload=repr(case.payload))
        lines.append(json.dumps(row, sort_keys=True, default=str))
    lines.sort()
    text = "\n".join(lines)
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write(text + "\n")
    print(len(cases), "cases; suite digest", suite_digest(cases), "; dump sha256",
          hashlib.sha256(text.encode()).hexdigest())


if __name__ == "__main__":
    main()
