"""The tool's version: what run.json, attestations, footprints and the service report.

Imported by any layer; imports nothing (the package's __init__ is the public API, above every layer)."""

__version__ = "0.1.0"
