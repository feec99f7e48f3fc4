"""`awscompat cases check FILE...`: validate contributed case files without running them.

Contract: for each file, the schema (data/schemas/cases.schema.json, through awscompat.userfiles:
size, UTF-8, depth, no YAML aliases), then what the schema cannot say (catalog.casefile.check_case_file:
operations and parameter names known to botocore's model, recipes known to the interpreter, literal ids
unique in the file and not declared elsewhere in the catalog, the feature in the closed list,
provenance). Prints `ok <file>: N case(s)` or one line per problem (`<file>:<line>: ...`).
Exit code 0 when every file is valid, 1 when any is not, 2 on a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def register(main: click.Group) -> None:
    main.add_command(cases)


@click.group()
def cases() -> None:
    """Behaviour cases as data (docs/cases.md)."""


@cases.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def check(files: tuple[str, ...]) -> None:
    """Validate case files (YAML) without running them: schema, operations and parameters against
    botocore's models, known recipes, unique literal ids, provenance.

    Exit code: 0 every file is valid, 1 at least one is not, 2 usage error.
    """
    from awscompat.catalog.casefile import check_case_file
    from awscompat.catalog.registry import load_scenarios
    from awscompat.engine.interpret import known_recipes
    from awscompat.spec import Spec
    from awscompat.userfiles import UserFileError

    catalog = {c.id: c.source for c in load_scenarios()}
    recipes, spec = known_recipes(), Spec()
    bad = 0
    for name in files:
        try:
            decls, problems = check_case_file(name, recipes, spec)
        except UserFileError as exc:
            click.echo(str(exc), err=True)
            bad += 1
            continue
        here = str(Path(name).resolve())
        for d in decls:
            elsewhere = catalog.get(d.id, "")
            if elsewhere and not elsewhere.startswith(here + ":"):
                problems.append(f"{d.source}: {d.id}: this id is already declared at {elsewhere}")
        for line in problems:
            click.echo(line, err=True)
        if problems:
            bad += 1
        else:
            click.echo(f"ok {name}: {len(decls)} case(s)")
    sys.exit(1 if bad else 0)
