"""Files a user hands us (profiles, footprints, config, case files): read with limits, parsed safely,
validated against a JSON Schema.

Contract:
- every failure is a `UserFileError` whose message is ONE line naming the file, the place (line,
  or the member path) and the problem; callers print it and exit 2. No traceback, no partial result.
- size is bounded (`max_bytes`) before anything is parsed; text must be UTF-8.
- YAML: anchors and aliases are refused (a few hundred bytes of nested aliases expand to gigabytes);
  nesting deeper than `max_depth` is refused from the event stream, before any object is built.
- JSON: nesting deeper than `max_depth` is refused by a scan before `json.loads` (so a 100,000-deep
  document never reaches the recursive parser).
- `validate()` checks a parsed document against a JSON Schema (Draft 2020-12) and reports the
  first error by member path, with the line where the YAML loader recorded one.

This module sits at the bottom of the layers: it imports nothing of awscompat.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
LINE_KEY = "__line__"


class UserFileError(Exception):
    """A user file that cannot be used; str() is one line: `<file>[:<line>]: <problem>`."""


def read_text(path: str | Path, what: str = "file", max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or UserFileError (missing, too large, a folder, not UTF-8)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise UserFileError(f"{p}: cannot read this {what}: {exc.strerror or exc}") from None
    if p.is_dir():
        raise UserFileError(f"{p}: is a folder, not a {what} file")
    if size > max_bytes:
        raise UserFileError(f"{p}: {size:,} bytes; a {what} may have at most {max_bytes:,}")
    data = p.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserFileError(f"{p}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
                            ) from None


class _SafeLoader(yaml.SafeLoader):
    """SafeLoader without aliases, with a depth bound, optionally recording mapping lines."""

    max_depth = MAX_DEPTH
    record_lines = False

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(f"line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not allowed")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.YAMLError(f"line {event.start_mark.line + 1}: YAML anchors (&{event.anchor}) are not allowed")
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > self.max_depth:
                raise yaml.YAMLError(f"line {event.start_mark.line + 1}: nested deeper than {self.max_depth} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _mapping_with_lines(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    if loader.record_lines:
        mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_SafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_lines)


def load_yaml(text: str, source: str, *, lines: bool = False, max_depth: int = MAX_DEPTH) -> Any:
    """Parse YAML safely. lines=True records each mapping's line under the key `__line__`."""

    loader_cls = type("_Loader", (_SafeLoader,), {"max_depth": max_depth, "record_lines": lines})
    loader = loader_cls(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark else source
        raise UserFileError(f"{where}: not valid YAML ({exc.problem or exc.context})") from None
    except yaml.YAMLError as exc:
        msg = str(exc)
        if msg.startswith("line "):
            line, _, rest = msg[5:].partition(": ")
            raise UserFileError(f"{source}:{line}: {rest}") from None
        raise UserFileError(f"{source}: not valid YAML ({msg})") from None
    except RecursionError:
        raise UserFileError(f"{source}: nested too deeply") from None
    finally:
        loader.dispose()


def json_depth(text: str) -> int:
    """The deepest nesting of arrays/objects in a JSON text (strings skipped), without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def load_json(text: str, source: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON with a depth bound; errors name the line."""
    if json_depth(text) > max_depth:
        raise UserFileError(f"{source}: nested deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserFileError(f"{source}:{exc.lineno}: not valid JSON ({exc.msg})") from None


def _line_of(doc: Any, path: list) -> int | None:
    """The line recorded (lines=True) for the deepest mapping on `path`."""
    line = doc.get(LINE_KEY) if isinstance(doc, dict) else None
    node = doc
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and LINE_KEY in node:
            line = node[LINE_KEY]
    return line


def validate(doc: Any, schema: dict, source: str) -> None:
    """Check `doc` against a JSON Schema; UserFileError names the file, line (when known), member path."""
    import jsonschema

    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema)
    clean = strip_lines(doc)
    errors = sorted(validator.iter_errors(clean), key=lambda e: (len(e.absolute_path), list(map(str, e.path))))
    if not errors:
        return
    err = errors[0]
    path = list(err.absolute_path)
    line = _line_of(doc, path)
    where = f"{source}:{line}" if line else source
    member = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "(top level)"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    raise UserFileError(f"{where}: {member}: {err.message}{more}")


def strip_lines(doc: Any) -> Any:
    """The document without the `__line__` keys that load_yaml(lines=True) adds."""
    if isinstance(doc, dict):
        return {k: strip_lines(v) for k, v in doc.items() if k != LINE_KEY}
    if isinstance(doc, list):
        return [strip_lines(v) for v in doc]
    return doc


def load_user_file(path: str | Path, schema: dict | None = None, *, what: str = "file", lines: bool = False,
                   max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Read, parse (JSON for .json, YAML otherwise) and validate a user file in one call."""
    text = read_text(path, what, max_bytes)
    source = str(path)
    if str(path).endswith(".json"):
        doc = load_json(text, source, max_depth=max_depth)
    else:
        doc = load_yaml(text, source, lines=lines, max_depth=max_depth)
    if schema is not None:
        validate(doc, schema, source)
    return doc
