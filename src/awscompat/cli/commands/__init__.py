"""Sub-commands beyond run/list/cleanup. Every module here defines `register(main)`, which adds
its commands to the `awscompat` group; modules are discovered, so adding one edits nothing else."""

from __future__ import annotations

import importlib
import pkgutil

import click


def register_all(main: click.Group) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(main)
