"""Registers the behaviour cases shipped as data (awscompat/cases/<service>/<feature>.yaml) as ordinary
scenario Cases: family `scenario`, their declaration's file and line as `source`, run by the one
interpreter (awscompat.engine.interpret) inside the same CaseContext as the Python scenarios.
Imported with every other scenario module by catalog.registry.load_scenarios; the recipes each
service's files need are imported first."""

from __future__ import annotations

import importlib
from functools import partial
from pathlib import Path

from awscompat.catalog.case import Case
from awscompat.catalog.casefile import CaseDecl, load_case_file, shipped_case_files
from awscompat.catalog.registry import register_case
from awscompat.engine.interpret import run_case


def load_recipes() -> None:
    """Import every service's `_recipes` module (the recipes case files may name)."""
    import awscompat.scenarios as root

    for folder in sorted(p for p in Path(root.__path__[0]).iterdir() if p.is_dir()):
        if (folder / "_recipes.py").exists():
            importlib.import_module(f"awscompat.scenarios.{folder.name}._recipes")


def to_case(decl: CaseDecl) -> Case:
    return Case(
        id=decl.id, service=decl.service, operations=decl.operations, family="scenario", feature=decl.feature,
        severity=decl.severity,  # type: ignore[arg-type]
        provenance=decl.provenance, mutating=decl.mutating, run=partial(run_case, decl), timeout=decl.timeout,
        revision=decl.revision, description=decl.summary.splitlines()[0], source=decl.source,
    )


def register_shipped() -> None:
    load_recipes()
    for path in shipped_case_files():
        for decl in load_case_file(path):
            register_case(to_case(decl))


register_shipped()
