"""The `awscompat` command line.

- cli/app.py: the click group `main` and run/list/cleanup (the entry point `awscompat.cli.app:main`);
- cli/commands/: every other sub-command, one module each, discovered by `register_all`;
- cli/runcmd.py: `awscompat run` from flags and the environment to a run folder (`RunRequest`,
  `execute`), which the public Python API (awscompat.api) and `awscompat market` call too.

`python -m awscompat.cli` is the command line (cli/__main__.py). `awscompat.cli.main` (the name of the
entry point before the cli package) still works: cli/app.py is loaded on first use of that name, so
importing awscompat.cli.runcmd does not build the click group.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "main":
        from awscompat.cli.app import main

        return main
    raise AttributeError(f"module 'awscompat.cli' has no attribute {name!r}")
