#!/usr/bin/env python3
"""Regenerate src/awscompat/data/smithy_protocol_tests.json: the AWS protocol compliance tests of
github.com/smithy-lang/smithy (module smithy-aws-protocol-tests, Apache-2.0) that say something a
SERVER must do or send.

Usage: scripts/extract_smithy_protocol_tests.py GIT_DIR_OR_CHECKOUT [--out FILE]

GIT_DIR_OR_CHECKOUT is a clone of smithy-lang/smithy (a bare git directory is read with
`git show` at HEAD; a checkout from its work tree). No network is needed.

Contract:
- Read: every `.smithy` file under smithy-aws-protocol-tests/model/<protocol>/ for the protocols
  restJson1, awsJson1_0, awsJson1_1, awsQuery, ec2Query and restXml.
- Extracted: each element of the traits `@httpMalformedRequestTests`, `@httpResponseTests` and
  `@httpRequestTests`, as the node value the IDL gives (text blocks with their incidental
  indentation removed, as the IDL specifies), plus the trait, the protocol directory, the file,
  the shape the trait is applied to (`apply X @trait(...)` or the shape statement that follows)
  and that shape's other traits (e.g. `error`, `httpError`, `awsQueryError`, `tags`).
- Kept: the tests a server must satisfy: every malformed-request test (they exist for servers
  only), and the request/response tests whose `appliesTo` is absent or `"server"`, applied to a
  shape not tagged `client-only`. Dropped tests are only counted (`dropped`).
- The output names the source repository, commit, module path and licence (Apache-2.0, with
  the NOTICE text of the source repository) and this generator. Only data is vendored.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = "smithy-lang/smithy"
MODULE = "smithy-aws-protocol-tests/model"
PROTOCOLS = ("restJson1", "awsJson1_0", "awsJson1_1", "awsQuery", "ec2Query", "restXml")
TEST_TRAITS = ("httpMalformedRequestTests", "httpResponseTests", "httpRequestTests")
SHAPE_KEYWORDS = frozenset({"operation", "structure", "union", "service", "resource", "string", "integer",
                            "list", "map", "enum", "intEnum", "blob", "boolean", "timestamp", "long", "short",
                            "byte", "float", "double", "bigInteger", "bigDecimal", "document"})


# -- a reader for the Smithy IDL's node values (https://smithy.io/2.0/spec/idl.html) ------------
_TOKEN = re.compile(r'''
    (?P<ws>[\s,]+|//[^\n]*)
  | (?P<text>"""(?:[^"\\]|\\.|"(?!""))*""")
  | (?P<str>"(?:[^"\\]|\\.)*")
  | (?P<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<id>[A-Za-z_$][A-Za-z0-9_.#$]*)
  | (?P<punct>[\[\]{}():=@])
''', re.VERBOSE | re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", '"': '"', "\\": "\\", "/": "/", "'": "'"}


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "\n":  # a line continuation
            i += 2
        elif nxt == "u":
            out.append(chr(int(text[i + 2:i + 6], 16)))
            i += 6
        else:
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
    return "".join(out)


def _text_block(raw: str) -> str:
    """A text block's value: the lines after the opening newline, less their common indentation
    (the closing delimiter's line counts), trailing spaces removed, then escapes."""
    lines = raw[3:-3].split("\n")[1:]
    significant = [ln for ln in lines[:-1] if ln.strip()] + [lines[-1]]
    indent = min((len(ln) - len(ln.lstrip(" ")) for ln in significant), default=0)
    body = "\n".join(ln[indent:].rstrip(" ") for ln in lines)
    return _unescape(body)


def tokenize(src: str) -> list[tuple[str, Any]]:
    tokens, pos = [], 0
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if m is None:
            raise ValueError(f"cannot read the IDL at offset {pos}: {src[pos:pos + 40]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        value = m.group(kind)
        if kind == "text":
            tokens.append(("str", _text_block(value)))
        elif kind == "str":
            tokens.append(("str", _unescape(value[1:-1])))
        elif kind == "num":
            tokens.append(("num", float(value) if re.search(r"[.eE]", value) else int(value)))
        else:
            tokens.append((kind, value))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]]) -> None:
        self.t, self.i = tokens, 0

    def peek(self, k: int = 0) -> tuple[str, Any]:
        return self.t[self.i + k] if self.i + k < len(self.t) else ("eof", None)

    def take(self) -> tuple[str, Any]:
        tok = self.peek()
        self.i += 1
        return tok

    def value(self) -> Any:
        kind, v = self.take()
        if kind == "punct" and v == "[":
            out = []
            while self.peek() != ("punct", "]"):
                out.append(self.value())
            self.take()
            return out
        if kind == "punct" and v == "{":
            obj = {}
            while self.peek() != ("punct", "}"):
                _, key = self.take()
                assert self.take() == ("punct", ":"), f"expected ':' after {key!r}"
                obj[key] = self.value()
            self.take()
            return obj
        if kind == "id":  # keywords, or a shape id (a string to the node model)
            return {"true": True, "false": False, "null": None}.get(v, v)
        if kind in ("str", "num"):
            return v
        raise ValueError(f"unexpected {kind} {v!r} in a node value")

    def trait(self) -> tuple[str, Any]:
        """At '@': the trait's name and value (True when it has none; an object for k: v args)."""
        self.take()
        _, name = self.take()
        if self.peek() != ("punct", "("):
            return name, True
        self.take()
        if self.peek() == ("punct", ")"):
            self.take()
            return name, True
        if self.peek()[0] in ("id", "str") and self.peek(1) == ("punct", ":"):
            obj = {}
            while self.peek() != ("punct", ")"):
                _, key = self.take()
                self.take()
                obj[key] = self.value()
            value: Any = obj
        else:
            value = self.value()
        assert self.take() == ("punct", ")"), f"trait {name} not closed"
        return name, value


def _add(traits: dict[str, Any], name: str, value: Any) -> None:
    """A test trait applied twice to one shape (two `apply` statements) holds both lists."""
    if name in TEST_TRAITS and isinstance(traits.get(name), list):
        traits[name] = traits[name] + list(value)
    else:
        traits[name] = value


def shape_traits(src: str) -> dict[str, dict[str, Any]]:
    """{shape name: {trait name: value}} for the shape-level traits of one IDL file (declared
    before the shape statement or by `apply`); member traits are not needed and not kept."""
    p = _Parser(tokenize(src))
    out: dict[str, dict[str, Any]] = {}
    pending: dict[str, Any] = {}
    depth = 0
    while p.peek()[0] != "eof":
        kind, v = p.peek()
        if kind == "punct" and v == "@":
            name, value = p.trait()
            if depth == 0:
                pending[name] = value
            continue
        if kind == "id" and v == "apply" and depth == 0:
            p.take()
            _, target = p.take()
            if p.peek() == ("punct", "{"):
                p.take()
                while p.peek() != ("punct", "}"):
                    _add(out.setdefault(target.rsplit("#", 1)[-1], {}), *p.trait())
                p.take()
            else:
                _add(out.setdefault(target.rsplit("#", 1)[-1], {}), *p.trait())
            continue
        if kind == "id" and v in SHAPE_KEYWORDS and depth == 0 and p.peek(1)[0] == "id":
            p.take()
            _, shape = p.take()
            for name, value in pending.items():
                _add(out.setdefault(shape, {}), name, value)
            pending = {}
            continue
        if kind == "punct" and v in "{[(":
            depth += 1
        elif kind == "punct" and v in "}])":
            depth -= 1
        p.take()
    return out


# -- the extraction ------------------------------------------------------------------------------
def _git(git_dir: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True,
                          text=True).stdout


def _sources(root: Path) -> tuple[str, str, list[tuple[str, str]]]:
    """(commit, NOTICE text, [(path, IDL text)]) of the protocol directories."""
    bare = (root / "HEAD").is_file() and not (root / ".git").exists()
    git_dir = root if bare else root / ".git"
    commit = _git(git_dir, "rev-parse", "HEAD").strip()

    def read(path: str) -> str:
        return _git(git_dir, "show", f"HEAD:{path}") if bare else (root / path).read_text(encoding="utf-8")

    files = [path for path in _git(git_dir, "ls-tree", "-r", "--name-only", "HEAD", MODULE).splitlines()
             if path.endswith(".smithy") and path.split("/")[2] in PROTOCOLS]
    return commit, read("NOTICE"), [(path, read(path)) for path in sorted(files)]


def _for_server(test: dict, trait: str, traits: dict) -> bool:
    if trait == "httpMalformedRequestTests":
        return True
    tags = traits.get("tags") or []
    return test.get("appliesTo", "server") == "server" and "client-only" not in tags


def extract(root: Path) -> dict:
    commit, notice, files = _sources(root)
    tests, dropped = [], Counter()
    for path, text in files:
        for shape, traits in shape_traits(text).items():
            others = {k: v for k, v in traits.items() if k not in TEST_TRAITS and k != "documentation"}
            for trait in TEST_TRAITS:
                for test in traits.get(trait) or []:
                    if not _for_server(test, trait, traits):
                        dropped[trait] += 1
                        continue
                    tests.append({"trait": trait, "protocolDir": path.split("/")[2],
                                  "file": path.removeprefix(MODULE + "/"), "shape": shape,
                                  "shapeTraits": others, **test})
    tests.sort(key=lambda t: (t["protocolDir"], t["file"], t["id"]))
    ids = Counter((t["trait"], t["id"]) for t in tests)
    duplicated = sorted(i for i, n in ids.items() if n > 1)
    if duplicated:
        raise SystemExit(f"test ids are not unique within their trait: {duplicated[:5]}")
    return {
        "source": {"repo": f"https://github.com/{REPO}", "commit": commit, "path": MODULE,
                   "protocols": list(PROTOCOLS), "traits": list(TEST_TRAITS),
                   "licence": "Apache-2.0 (LICENSE of the source repository)", "notice": notice.strip(),
                   "generator": "scripts/extract_smithy_protocol_tests.py"},
        "kept": "httpMalformedRequestTests, and httpRequestTests/httpResponseTests whose appliesTo is absent "
                "or 'server' on shapes not tagged client-only",
        "dropped": dict(sorted(dropped.items())),
        "tests": tests,
    }


def dumps(data: dict) -> str:
    """The JSON text: the header indented, one test a line (readable diffs when regenerated)."""
    head = json.dumps({k: v for k, v in data.items() if k != "tests"}, indent=1, ensure_ascii=False)
    tests = ",\n".join(json.dumps(t, ensure_ascii=False, separators=(",", ":")) for t in data["tests"])
    return head[:-2] + ',\n "tests": [\n' + tests + "\n ]\n}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent
                        / "src/awscompat/data/smithy_protocol_tests.json")
    args = parser.parse_args()
    data = extract(args.root)
    args.out.write_text(dumps(data), encoding="utf-8")
    by = Counter((t["protocolDir"], t["trait"]) for t in data["tests"])
    print(f"{len(data['tests'])} server tests at {data['source']['commit'][:12]}; dropped {data['dropped']}",
          file=sys.stderr)
    for (proto, trait), n in sorted(by.items()):
        print(f"  {proto:11} {trait:26} {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
