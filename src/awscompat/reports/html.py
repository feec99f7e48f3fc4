"""A self-contained HTML report of a run folder: one file that works offline (inline CSS and SVG,
no script), with the outcome chart, a feature matrix and the failures with their evidence.

Everything that comes from the run folder goes through html.escape: evidence bodies can hold
anything. Results are streamed; the rendered failures are capped per feature and by a global
size budget, so a run of 250k results still gives a file of a few megabytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from html import escape
from importlib import resources
from pathlib import Path

from awscompat import __version__

OUTCOMES = ("pass", "fail", "unsupported", "error", "skip")
FAILED = ("fail", "unsupported", "error")
LABEL = {"pass": "✓ pass", "fail": "✗ fail", "unsupported": "⊘ unsupported", "error": "! error", "skip": "– skip"}
COLOUR = {"pass": "#1a7f37", "fail": "#cf222e", "unsupported": "#8250df", "error": "#9a6700", "skip": "#57606a"}
PER_FEATURE = 200  # failures rendered per feature, at most
BUDGET = 12_000_000  # characters of rendered failures, all features together
MAX_ROWS = 5000  # rows of a matrix
CLIP = 8192  # characters of one body or value shown
_CONTROLS = {c: 0x2400 + c for c in range(32) if chr(c) not in "\t\n\r"} | {0x7F: 0x2421}  # shown as ␀ ␁ …
ZERO = ' class="zero"'
_URL = re.compile(r"https?://[^\s<>\"'`]+")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, default=str, ensure_ascii=False)


def _e(value, clip: int = CLIP) -> str:
    text = _text(value).translate(_CONTROLS)
    if len(text) > clip:
        text = text[:clip] + f"… ({len(text) - clip} more characters in results.jsonl)"
    return escape(text, quote=True)


def _linkify(value) -> str:
    """Escape `value`, turning each http(s) URL in it into a link."""
    text, out, pos = _text(value)[:CLIP].translate(_CONTROLS), [], 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:)]")
        out.append(escape(text[pos:m.start()]))
        out.append(f'<a href="{escape(url)}" rel="noreferrer noopener">{escape(url)}</a>')
        pos = m.start() + len(url)
    out.append(escape(text[pos:]))
    return "".join(out)


def _rate(c: Counter) -> float | None:
    judged = c["pass"] + c["fail"] + c["unsupported"]
    return 100 * c["pass"] / judged if judged else None


class _Group:
    __slots__ = ("shown", "more")

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []  # (case id, rendered html)
        self.more = 0


class HtmlCollector:
    """One pass over the results: counts, and the rendered failures within the caps."""

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
        if len(group.shown) >= self.cap:
            group.more += 1
            return
        piece = render_case(r)
        group.shown.append((_text(r.get("id")), piece))
        self.size += len(piece)
        while self.size > self.budget and self.cap > 0:
            self.cap = self.cap * 3 // 4  # shrink every feature's share alike, dropping the tails
            for g in self.groups.values():
                while len(g.shown) > self.cap:
                    self.size -= len(g.shown.pop()[1])
                    g.more += 1


def render_case(r: dict) -> str:
    outcome = _text(r.get("outcome"))
    ev = r.get("evidence") if isinstance(r.get("evidence"), dict) else {}
    message = _text(r.get("message"))
    short = message if len(message) <= 200 else message[:200] + "…"
    out = [f'<details class="case"><summary><span class="badge o-{escape(outcome)}">'
           f'{escape(LABEL.get(outcome, outcome))}</span> <code>{_e(r.get("id"))}</code> '
           f'<span class="msg">— {escape(short)}</span></summary><div class="body">']
    if "expected" in ev or "observed" in ev:
        out.append('<table class="eo"><thead><tr><th scope="col">Expected</th><th scope="col">Observed</th>'
                   f'</tr></thead><tbody><tr><td class="mono">{_e(ev.get("expected")) or "—"}</td>'
                   f'<td class="mono">{_e(ev.get("observed")) or "—"}</td></tr></tbody></table>')
    facts = [("Message", _e(message)),
             ("Case", f'{_e(r.get("family"))} · severity {_e(r.get("severity"))} · revision {_e(r.get("revision"))}'
                      f' · {_e(r.get("duration_ms"))} ms'),
             ("Operations", _e(", ".join(map(_text, r.get("operations") or []))))]
    facts += _provenance(r.get("provenance"))
    if ev.get("attempts") not in (None, 1):
        facts.append(("Attempts", _e(ev.get("attempts"))))
    if ev.get("fault"):
        facts.append(("Fault", _e(ev["fault"])))
    if r.get("teardown"):
        facts.append(("Teardown", _e("; ".join(map(_text, r["teardown"])))))
    out.append('<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts if v) + "</dl>")
    req, resp = ev.get("request"), ev.get("response")
    if isinstance(req, dict):
        first = f"{_text(req.get('method'))} {_text(req.get('url'))}"
        out.append(f"<h4>Request</h4><pre>{_e(_http(first, req))}</pre>")
    if isinstance(resp, dict):
        out.append(f"<h4>Response</h4><pre>{_e(_http('HTTP ' + _text(resp.get('status')), resp))}</pre>")
    repro = ev.get("reproduce") if isinstance(ev.get("reproduce"), dict) else {}
    lines = [(name, repro.get(name)) for name in ("curl", "boto3") if repro.get(name)]
    if lines:
        out.append("<h4>Reproduce</h4>")
        out += [f'<p class="label">{name}</p><pre class="copy">{_e(line, 4 * CLIP)}</pre>' for name, line in lines]
    if not ev:
        out.append('<p class="muted">No request was recorded for this case.</p>')
    out.append("</div></details>")
    return "".join(out)


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


def _provenance(prov) -> list[tuple[str, str]]:
    if not isinstance(prov, dict):
        return [("Provenance", _e(prov))] if prov else []
    kind = _text(prov.get("kind"))
    recorded = kind == "recorded-aws"
    out = [("Provenance", _e(kind) + (" (a response recorded from AWS)" if recorded else ""))]
    if prov.get("ref"):
        out.append(("Recording" if recorded else "Source", _linkify(prov["ref"])))
    labels = {"key": "Recorded test" if recorded else "Key", "step": "Step"}
    for key, value in prov.items():
        if key not in ("kind", "ref") and value not in (None, ""):
            out.append((escape(labels.get(key, key.capitalize())), _linkify(value)))
    return out


# -- the page -----------------------------------------------------------------------------------
def _css() -> str:
    return resources.files("awscompat").joinpath("data/templates/report.css").read_text(encoding="utf-8")


def _chart(totals: Counter) -> str:
    total = sum(totals.values()) or 1
    names = [o for o in OUTCOMES] + sorted(o for o in totals if o not in OUTCOMES)
    row, left, width = 30, 130, 520
    height = row * len(names) + 10
    desc = ", ".join(f"{totals[o]} {o}" for o in names)
    out = [f'<svg role="img" aria-labelledby="chart-title chart-desc" width="{left + width + 140}" '
           f'height="{height}" viewBox="0 0 {left + width + 140} {height}" xmlns="http://www.w3.org/2000/svg">'
           f'<title id="chart-title">Results by outcome</title><desc id="chart-desc">{escape(desc)}</desc>']
    for i, name in enumerate(names):
        y, n = 5 + i * row, totals[name]
        w = round(width * n / total, 1)
        out.append(f'<text x="{left - 10}" y="{y + 18}" text-anchor="end">{escape(LABEL.get(name, name))}</text>'
                   f'<rect x="{left}" y="{y + 4}" width="{width}" height="20" fill="#eaeef2" stroke="#8c959f"/>'
                   f'<rect x="{left}" y="{y + 4}" width="{w}" height="20" fill="{COLOUR.get(name, "#57606a")}"/>'
                   f'<text x="{left + width + 10}" y="{y + 18}">{n} ({100 * n / total:.1f}%)</text>')
    out.append("</svg>")
    return "".join(out)


def _matrix(title: str, caption: str, rows: dict[str, Counter], anchors: dict[str, str]) -> str:
    extra = sorted({o for c in rows.values() for o in c} - set(OUTCOMES))
    cols = [*OUTCOMES, *extra]
    head = "".join(f'<th scope="col">{escape(o)}</th>' for o in cols)
    out = [f'<table><caption class="muted">{escape(caption)}</caption><thead><tr><th scope="col">{escape(title)}</th>'
           f'{head}<th scope="col">total</th><th scope="col">pass rate</th></tr></thead><tbody>']
    keys = sorted(rows)
    for key in keys[:MAX_ROWS]:
        c = rows[key]
        name = escape(key)
        if key in anchors:
            name = f'<a href="#{anchors[key]}">{name}</a>'
        cells = "".join(f"<td{ZERO if not c[o] else ''}>{c[o]}</td>" for o in cols)
        rate = _rate(c)
        bar = (f'<span class="bar" aria-hidden="true"><span style="width:{rate:.1f}%"></span></span><span class="pct">{rate:.1f}%</span>'
               if rate is not None else "—")
        out.append(f'<tr><th scope="row">{name}</th>{cells}<td>{sum(c.values())}</td><td class="rate">{bar}</td></tr>')
    out.append("</tbody></table>")
    if len(keys) > MAX_ROWS:
        out.append(f'<p class="more">{len(keys) - MAX_ROWS} more rows in results.jsonl</p>')
    return "".join(out)


def _header(meta: dict, col: HtmlCollector) -> str:
    target = meta.get("target") if isinstance(meta.get("target"), dict) else {}
    tool = meta.get("tool") if isinstance(meta.get("tool"), dict) else {}
    where = target.get("endpoint") or "AWS"
    rows = [("Target", f'{_e(target.get("name") or "?")} — <code>{_e(where)}</code> ({_e(target.get("region"))})'),
            ("Run id", f'<code>{_e(meta.get("run_id", "?"))}</code>'),
            ("Started", _e(meta.get("started"))), ("Finished", _e(meta.get("finished"))),
            ("Duration", _e(f'{meta["duration_s"]} s') if meta.get("duration_s") is not None else ""),
            ("Status", _e(meta.get("status"))),
            ("Suite digest", f'<code>{_e(meta.get("suite_digest"))}</code>'),
            ("Tool", f'{_e(tool.get("name", "awscompat"))} {_e(tool.get("version", "?"))}'),
            ("Cases", f'{col.results} results' + (f' of {_e(meta["cases"])} planned' if meta.get("cases") else ""))]
    counts = "".join(f'<li><span class="badge o-{escape(o)}">{escape(LABEL.get(o, o))}</span> '
                     f'<strong>{col.totals[o]}</strong></li>' for o in [*OUTCOMES, *sorted(set(col.totals) - set(OUTCOMES))])
    rate = _rate(col.totals)
    out = [f'<header><h1>awscompat report — run {_e(meta.get("run_id", "?"))}</h1>',
           '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows if v) + "</dl>",
           f'<ul class="counts" aria-label="Counts by outcome">{counts}</ul>',
           f'<p>Pass rate (pass ÷ pass + fail + unsupported): <strong>{f"{rate:.1f}%" if rate is not None else "—"}'
           "</strong></p></header>"]
    notes = [n for n in meta.get("notices") or [] if isinstance(n, dict)]
    if notes or meta.get("leftovers"):
        out.append('<section aria-labelledby="notices"><h2 id="notices">Notices</h2><ul>')
        out += [f'<li><strong>{_e(n.get("level"))}</strong>: {_e(n.get("message"))}</li>' for n in notes]
        out += [f"<li><strong>leftover</strong>: {_e(x)}</li>" for x in meta.get("leftovers") or []]
        out.append("</ul></section>")
    return "".join(out)


def _failures(col: HtmlCollector, anchors: dict[str, str]) -> str:
    shown = sum(len(g.shown) for g in col.groups.values())
    failed = sum(col.totals[o] for o in FAILED)
    out = ['<section aria-labelledby="failures"><h2 id="failures">Failures by feature</h2>']
    if not failed:
        return out[0] + "<p>No case failed: nothing to show.</p></section>"
    note = f" (showing {shown}; the rest are listed in results.jsonl)" if shown < failed else ""
    out.append(f"<p>{failed} cases did not pass (fail, unsupported or error){note}. "
               "Open a feature, then a case, for its evidence.</p>")
    open_all = failed <= 60
    for feature in sorted(col.groups):
        g, c = col.groups[feature], col.by_feature[feature]
        summary = ", ".join(f"{c[o]} {o}" for o in FAILED if c[o])
        out.append(f'<details class="feature" id="{anchors[feature]}"{" open" if open_all else ""}><summary>'
                   f'<h3>{escape(feature)}</h3> <span class="muted">— {escape(summary)}</span></summary>'
                   '<div class="cases">')
        out += [piece for _, piece in sorted(g.shown, key=lambda item: item[0])]
        if g.more:
            out.append(f'<p class="more">{g.more} more in results.jsonl</p>')
        out.append("</div></details>")
    out.append("</section>")
    return "".join(out)


def render_html(meta: dict, results: Iterable[dict], per_feature: int = PER_FEATURE, budget: int = BUDGET) -> Iterable[str]:
    """The page, in pieces (the results are read once, before the first piece)."""
    col = HtmlCollector(per_feature, budget)
    for r in results:
        col.add(r)
    anchors = {feature: f"feature-{i}" for i, feature in enumerate(sorted(col.groups))}
    title = f"awscompat report — run {_text(meta.get('run_id', '?'))}"
    yield (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f'<meta name="generator" content="awscompat {escape(__version__)}">'
           f"<title>{escape(title)}</title><style>{_css()}</style></head><body>")
    yield _header(meta, col)
    yield (f'<main><section aria-labelledby="outcomes"><h2 id="outcomes">Outcomes</h2>{_chart(col.totals)}</section>'
           '<section aria-labelledby="features"><h2 id="features">Features</h2>')
    yield _matrix("feature", "Cases per feature and outcome; a feature with failures links to them.",
                  col.by_feature, anchors)
    yield '</section><section aria-labelledby="families"><h2 id="families">Families</h2>'
    yield _matrix("family", "Cases per test family and outcome.", col.by_family, {})
    yield "</section>"
    yield _failures(col, anchors)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    yield (f"</main><footer>Generated by awscompat {escape(__version__)} at {escape(now)}. "
           "Every result, with its full evidence, is in the run folder's results.jsonl.</footer></body></html>\n")


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
