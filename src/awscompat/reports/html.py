"""A self-contained HTML report of a run folder: one file that works offline (inline CSS and SVG,
no script), rendered from the Jinja2 templates in data/templates/report/ (as the service's pages
are): a banner when the run was killed, interrupted or incomplete, the outcome chart, the service
rollup, the feature and family matrices, and the failures with their evidence, most important
first (required, then by their feature's weight: reports/leading.py).

Everything that comes from the run folder is escaped by the templates' autoescape: evidence
bodies can hold anything. Results are streamed; the rendered failures are capped per feature and by a global
size budget, so a run of 250k results still gives a file of a few megabytes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from awscompat.reports.leading import banner, by_service, failure_key
from awscompat.version import __version__

OUTCOMES = ("pass", "fail", "unsupported", "error", "skip")
FAILED = ("fail", "unsupported", "error")
LABEL = {"pass": "✓ pass", "fail": "✗ fail", "unsupported": "⊘ unsupported", "error": "! error", "skip": "– skip"}
COLOUR = {"pass": "#1a7f37", "fail": "#cf222e", "unsupported": "#8250df", "error": "#9a6700", "skip": "#57606a"}
PER_FEATURE = 200  # failures rendered per feature, at most
BUDGET = 12_000_000  # characters of rendered failures, all features together
MAX_ROWS = 5000  # rows of a matrix
CLIP = 8192  # characters of one body or value shown
_CONTROLS = {c: 0x2400 + c for c in range(32) if chr(c) not in "\t\n\r"} | {0x7F: 0x2421}  # shown as ␀ ␁ …
_URL = re.compile(r"https?://[^\s<>\"'`]+")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, default=str, ensure_ascii=False)


def _clip(value, clip: int = CLIP) -> str:
    """The text of a value, control characters shown as symbols, cut at `clip` characters (the
    template escapes it)."""
    text = _text(value).translate(_CONTROLS)
    if len(text) > clip:
        text = text[:clip] + f"… ({len(text) - clip} more characters in results.jsonl)"
    return text


def _e(value, clip: int = CLIP) -> str:
    return escape(_clip(value, clip), quote=True)


def _linkify(value) -> Markup:
    """Escape `value`, turning each http(s) URL in it into a link."""
    text, out, pos = _text(value)[:CLIP].translate(_CONTROLS), [], 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:)]")
        out.append(escape(text[pos:m.start()]))
        out.append(f'<a href="{escape(url)}" rel="noreferrer noopener">{escape(url)}</a>')
        pos = m.start() + len(url)
    out.append(escape(text[pos:]))
    return Markup("".join(out))


def _rate(c: Counter) -> float | None:
    judged = c["pass"] + c["fail"] + c["unsupported"]
    return 100 * c["pass"] / judged if judged else None


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(resources.files("awscompat") / "data" / "templates" / "report")),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["clip"] = lambda value, clip=CLIP: _clip(value, clip)
    env.globals.update(pass_rate=_rate, max_rows=MAX_ROWS, cols=_cols, labels=LABEL)
    return env


def _cols(rows: dict[str, Counter]) -> list[str]:
    return [*OUTCOMES, *sorted({o for c in rows.values() for o in c} - set(OUTCOMES))]


class _Group:
    __slots__ = ("shown", "more", "best")

    def __init__(self) -> None:
        self.shown: list[tuple[tuple, str]] = []  # (failure_key, rendered html), most important first
        self.more = 0
        self.best: tuple | None = None  # the most important key seen, shown or not


class HtmlCollector:
    """One pass over the results: counts, and the rendered failures within the caps, keeping the
    most important of each feature (reports/leading.py failure_key)."""

    def __init__(self, per_feature: int = PER_FEATURE, budget: int = BUDGET) -> None:
        self.cap = per_feature
        self.budget = budget
        self.size = 0
        self.totals: Counter[str] = Counter()
        self.by_feature: dict[str, Counter] = defaultdict(Counter)
        self.by_family: dict[str, Counter] = defaultdict(Counter)
        self.groups: dict[str, _Group] = {}
        self.results = 0

    def add(self, r: dict) -> None:
        outcome, feature = _text(r.get("outcome")) or "?", _text(r.get("feature")) or "?"
        self.results += 1
        self.totals[outcome] += 1
        self.by_feature[feature][outcome] += 1
        self.by_family[(_text(r.get("family")) or "?").split("/")[0]][outcome] += 1
        if outcome not in FAILED:
            return
        group = self.groups.setdefault(feature, _Group())
        key = failure_key({**r, "id": _text(r.get("id"))})
        if group.best is None or key < group.best:
            group.best = key
        if len(group.shown) >= self.cap:
            if not group.shown or key >= group.shown[-1][0]:
                group.more += 1
                return
            self.size -= len(group.shown.pop()[1])
            group.more += 1
        piece = render_case(r)
        bisect.insort(group.shown, (key, piece), key=lambda item: item[0])
        self.size += len(piece)
        while self.size > self.budget and self.cap > 0:
            self.cap = self.cap * 3 // 4  # shrink every feature's share alike, dropping the least important
            for g in self.groups.values():
                while len(g.shown) > self.cap:
                    self.size -= len(g.shown.pop()[1])
                    g.more += 1


def render_case(r: dict) -> str:
    outcome = _text(r.get("outcome"))
    ev = r.get("evidence") if isinstance(r.get("evidence"), dict) else {}
    message = _text(r.get("message"))
    facts = [("Message", _clip(message)),
             ("Case", f'{_clip(r.get("family"))} · severity {_clip(r.get("severity"))} · revision '
                      f'{_clip(r.get("revision"))} · {_clip(r.get("duration_ms"))} ms'),
             ("Operations", _clip(", ".join(map(_text, r.get("operations") or []))))]
    facts += _provenance(r.get("provenance"))
    if ev.get("attempts") not in (None, 1):
        facts.append(("Attempts", _clip(ev.get("attempts"))))
    if ev.get("fault"):
        facts.append(("Fault", _clip(ev["fault"])))
    if r.get("teardown"):
        facts.append(("Teardown", _clip("; ".join(map(_text, r["teardown"])))))
    req, resp = ev.get("request"), ev.get("response")
    repro = ev.get("reproduce") if isinstance(ev.get("reproduce"), dict) else {}
    return _env().get_template("case.html.j2").render(
        r={"id": r.get("id")}, outcome=outcome, label=LABEL.get(outcome, outcome), ev=ev,
        short=message if len(message) <= 200 else message[:200] + "…", has_eo="expected" in ev or "observed" in ev,
        facts=facts, long=4 * CLIP,
        request=_http(f"{_text(req.get('method'))} {_text(req.get('url'))}", req) if isinstance(req, dict) else None,
        response=_http("HTTP " + _text(resp.get("status")), resp) if isinstance(resp, dict) else None,
        reproduce=[(name, repro.get(name)) for name in ("curl", "boto3") if repro.get(name)])


def _http(first: str, part: dict) -> str:
    headers = part.get("headers")
    lines = [first]
    if isinstance(headers, dict):
        lines += [f"{_text(k)}: {_text(v)}" for k, v in headers.items()]
    elif headers:
        lines.append(_text(headers))
    body = _text(part.get("body"))
    if body:
        lines += ["", body]
    return "\n".join(lines)


def _provenance(prov) -> list[tuple[str, str | Markup]]:
    if not isinstance(prov, dict):
        return [("Provenance", _clip(prov))] if prov else []
    kind = _text(prov.get("kind"))
    recorded = kind == "recorded-aws"
    out: list[tuple[str, str | Markup]] = [("Provenance", _clip(kind) + (" (a response recorded from AWS)" if recorded else ""))]
    if prov.get("ref") and recorded and not _URL.match(_text(prov["ref"])):
        from awscompat.catalog.case import recorded_url

        url = recorded_url(_text(prov["ref"]))
        out.append(("Recording", Markup(f'<a href="{escape(url)}" rel="noreferrer noopener">{_e(prov["ref"])}</a>')))
    elif prov.get("ref"):
        out.append(("Recording" if recorded else "Source", _linkify(prov["ref"])))
    labels = {"key": "Recorded test" if recorded else "Key", "step": "Step"}
    for key, value in prov.items():
        if key not in ("kind", "ref") and value not in (None, ""):
            out.append((labels.get(key, str(key).capitalize()), _linkify(value)))
    return out


# -- the page -----------------------------------------------------------------------------------
def _css() -> str:
    return resources.files("awscompat").joinpath("data/templates/report.css").read_text(encoding="utf-8")


def _chart(totals: Counter) -> dict:
    total = sum(totals.values()) or 1
    names = [o for o in OUTCOMES] + sorted(o for o in totals if o not in OUTCOMES)
    row, left, width = 30, 130, 520
    bars = [{"y": 5 + i * row, "n": totals[name], "label": LABEL.get(name, name),
             "w": round(width * totals[name] / total, 1), "pct": 100 * totals[name] / total,
             "colour": COLOUR.get(name, "#57606a")} for i, name in enumerate(names)]
    return {"w": left + width + 140, "h": row * len(names) + 10, "left": left, "width": width, "bars": bars,
            "desc": ", ".join(f"{totals[o]} {o}" for o in names)}


def _meta_rows(meta: dict, col: HtmlCollector) -> list[tuple[str, str | Markup]]:
    target = meta.get("target") if isinstance(meta.get("target"), dict) else {}
    tool = meta.get("tool") if isinstance(meta.get("tool"), dict) else {}
    endpoints = target.get("endpoints") if isinstance(target.get("endpoints"), dict) else {}
    where = target.get("endpoint") or ", ".join(f"{k}={_text(v)}" for k, v in endpoints.items()) or "AWS"
    return [("Target", Markup(f'{_e(target.get("name") or "?")} — <code>{_e(where)}</code> ({_e(target.get("region"))})')),
            ("Run id", Markup(f'<code>{_e(meta.get("run_id", "?"))}</code>')),
            ("Started", _clip(meta.get("started"))), ("Finished", _clip(meta.get("finished"))),
            ("Duration", f'{meta["duration_s"]} s' if meta.get("duration_s") is not None else ""),
            ("Status", _clip(meta.get("status"))),
            ("Suite digest", Markup(f'<code>{_e(meta.get("suite_digest"))}</code>')),
            ("Tool", f'{_clip(tool.get("name", "awscompat"))} {_clip(tool.get("version", "?"))}'),
            *([("Client", f'{_clip(meta["client"].get("name"))} {_clip(meta["client"].get("version"))}')]
              if isinstance(meta.get("client"), dict) else []),
            ("Cases", f'{col.results} results' + (f' of {_clip(meta["cases"])} planned' if meta.get("cases") else ""))]


def _groups(col: HtmlCollector, anchors: dict[str, str]) -> list[dict]:
    order = sorted(col.groups, key=lambda f: (col.groups[f].best or (9,), f))
    out = []
    for feature in order:
        g, c = col.groups[feature], col.by_feature[feature]
        out.append({"feature": feature, "anchor": anchors[feature], "more": g.more,
                    "summary": ", ".join(f"{c[o]} {o}" for o in FAILED if c[o]),
                    "pieces": [Markup(piece) for _, piece in g.shown]})
    return out


def render_html(meta: dict, results: Iterable[dict], per_feature: int = PER_FEATURE, budget: int = BUDGET) -> Iterable[str]:
    """The page, in pieces (the results are read once, before the first piece)."""
    col = HtmlCollector(per_feature, budget)
    for r in results:
        col.add(r)
    anchors = {feature: f"feature-{i}" for i, feature in enumerate(sorted(col.groups))}
    failed = sum(col.totals[o] for o in FAILED)
    notes = [n for n in meta.get("notices") or [] if isinstance(n, dict)]
    context = {
        "title": f"awscompat report — run {_text(meta.get('run_id', '?'))}", "version": __version__, "css": Markup(_css()),
        "warning": banner(meta, col.totals), "meta_rows": _meta_rows(meta, col), "totals": col.totals,
        "count_names": [*OUTCOMES, *sorted(set(col.totals) - set(OUTCOMES))], "rate": _rate(col.totals),
        "notices": notes, "leftovers": meta.get("leftovers") or [], "chart": _chart(col.totals),
        "by_service": by_service(col.by_feature), "by_feature": col.by_feature, "by_family": col.by_family,
        "anchors": anchors, "failed": failed, "shown": sum(len(g.shown) for g in col.groups.values()),
        "open_all": failed <= 60, "groups": _groups(col, anchors),
        "now": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    yield from _env().get_template("page.html.j2").generate(**context)
    yield "\n"


def write_html(meta: dict, results: Iterable[dict], path: Path, **caps: int) -> None:
    """Write the page to `path` (through a temporary file beside it, so a failure leaves no half page)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8", errors="replace") as fh:
            for piece in render_html(meta, results, **caps):
                fh.write(piece)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
