"""The market pages: <out>/README.md, <out>/index.html (one offline file), <out>/market.json, and
<out>/findings-draft.md (cases that pass on some providers and fail on others: candidates).

Findings are curated by hand in <out>/findings.yaml (title, case, providers, explanation); the
evidence each one quotes (status and code observed vs expected, the request) and the AWS
reference it was judged against (the case's provenance) are taken from this run's results, so a
new market run refreshes them, and a finding whose case no longer fails says so.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from awscompat.market.model import Market, ProviderResult, Rating, provider_class
from awscompat.results.runfolder import RESULTS_GZ, iter_results

CLIP = 240
GRADE_FILL = {"AAA": "#2e7d32", "AA": "#43a047", "A": "#7cb342", "BBB": "#c0ca33", "BB": "#fbc02d", "B": "#fb8c00",
              "C": "#e53935"}


def _clip(value: Any, n: int = CLIP) -> str:
    text = "" if value is None else (value if isinstance(value, str) else json.dumps(value, default=str))
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _code_of(resp: dict) -> str:
    headers = {str(k).lower(): str(v) for k, v in (resp.get("headers") or {}).items()}
    if headers.get("x-amzn-query-error"):
        return headers["x-amzn-query-error"].split(";")[0]
    body = str(resp.get("body") or "")
    m = re.search(r"<Code>([^<]+)</Code>", body) or re.search(r'"__type"\s*:\s*"(?:[^"#]*#)?([^"]+)"', body)
    if m:
        return m.group(1)
    return headers.get("x-amzn-errortype", "").split(":")[0].rsplit("#", 1)[-1]


def brief_evidence(ev: Any) -> dict:
    """What a finding quotes from a result's evidence: request line, status, code, expected, observed."""
    if not isinstance(ev, dict):
        return {"note": _clip(ev)} if ev else {}
    out: dict[str, Any] = {}
    req, resp = ev.get("request") or {}, ev.get("response") or {}
    if req:
        path = re.sub(r"^https?://[^/]+", "", str(req.get("url", ""))) or "/"
        target = (req.get("headers") or {}).get("X-Amz-Target")
        out["request"] = f"{ev.get('operation', '')}: {req.get('method', '')} {_clip(path, 120)}" + (
            f" (X-Amz-Target {target})" if target else "")
    if resp:
        out["status"] = resp.get("status")
        out["code"] = _code_of(resp)
        if resp.get("body"):
            out["body"] = _clip(resp["body"], 200)
    for key in ("expected", "observed"):
        if key in ev:
            out[key] = _clip(ev[key], 200)
    return out


def compact(results: Iterable[dict]) -> dict[str, dict]:
    """Per case: outcome, and for a fail/unsupported/error the evidence a finding quotes."""
    out = {}
    for r in results:
        item = {"outcome": r["outcome"], "family": r.get("family", ""), "severity": r.get("severity", ""),
                "feature": r.get("feature", ""), "provenance": r.get("provenance")}
        if r["outcome"] in ("fail", "unsupported", "error"):
            item.update(message=r.get("message", ""), evidence=brief_evidence(r.get("evidence")))
        out[r["id"]] = item
    return out


def reference(prov: Any) -> str:
    """The AWS reference a case is judged against, as one line of Markdown."""
    if not isinstance(prov, dict):
        return _clip(prov)
    kind, ref = prov.get("kind"), prov.get("ref", "")
    if kind == "recorded-aws":
        text = f"recorded AWS response `{ref}`"
        if prov.get("key"):
            text += f", test `{prov['key']}`"
        if prov.get("step"):
            text += f", step `{prov['step']}`"
        from awscompat.catalog.case import recorded_url

        return text + f" <{recorded_url(str(ref))}>"
    if kind == "aws-docs":
        return f"AWS documentation <{ref}>"
    return f"{kind}: {ref}"


# -- findings ----------------------------------------------------------------------------------
def load_notes(out: Path) -> list[dict]:
    path = out / "findings.yaml"
    if not path.is_file():
        return []
    notes = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [n for n in notes if isinstance(n, dict) and n.get("case")]


def candidates(market: Market, limit: int = 120) -> list[dict]:
    """Cases judged on several providers that pass on some and fail (or are unsupported) on others."""
    by_case: dict[str, dict[str, dict]] = {}
    for prov, results in market.results.items():
        for cid, r in results.items():
            by_case.setdefault(cid, {})[prov] = r
    out = []
    for cid, per in by_case.items():
        passing = sorted(p for p, r in per.items() if r["outcome"] == "pass")
        failing = sorted(p for p, r in per.items() if r["outcome"] in ("fail", "unsupported"))
        if passing and failing:
            first = per[failing[0]]
            out.append({"case": cid, "pass": passing, "fail": failing, "family": first["family"],
                        "severity": first["severity"], "message": first.get("message", ""),
                        "provenance": first.get("provenance")})
    out.sort(key=lambda c: (c["family"] != "scenario", c["severity"] != "required", -len(c["pass"]), c["case"]))
    return out[:limit]


def resolve_note(note: dict, market: Market) -> dict:
    cid = note["case"]
    per = {p: res[cid] for p, res in market.results.items() if cid in res}
    named = note.get("providers") or [p for p, r in per.items() if r["outcome"] in ("fail", "unsupported")]
    evidence = []
    for prov in named:
        r = per.get(prov)
        if r is None:
            evidence.append({"provider": prov, "outcome": "not run", "message": "the case was not run on it"})
        else:
            evidence.append({"provider": prov, "outcome": r["outcome"], "message": r.get("message", ""),
                             **(r.get("evidence") or {})})
    prov_ref = next((r.get("provenance") for r in per.values() if r.get("provenance")), None)
    return {**note, "evidence": evidence, "passes_on": sorted(p for p, r in per.items() if r["outcome"] == "pass"),
            "reference": reference(prov_ref) if prov_ref else "(case not in this run)",
            "stale": not any(e["outcome"] in ("fail", "unsupported", "error") for e in evidence)}


# -- Markdown --------------------------------------------------------------------------------
def rated_profiles(market: Market) -> list[str]:
    """The profiles some provider was rated on, in the providers' order (S3 first, then the rest)."""
    from awscompat.providers import PROVIDERS

    def family(name: str) -> str:  # s3-core-2027.01 -> s3-core: any version keeps its family's place
        return name.rsplit("-", 1)[0]

    order = list(dict.fromkeys(family(p) for prov in PROVIDERS.values() for p in prov.profiles))
    rated = {r.profile for v in market.providers for r in v.ratings}
    return sorted(rated, key=lambda p: (order.index(family(p)) if family(p) in order else len(order), p))


AXIS_ORDER = ("behaviour", "errors", "routing", "authentication", "confidence")
_BLOCKS = "▁▂▃▄▅▆▇█"


def axes_bar(axes: dict) -> str:
    """One character per axis (behaviour, errors, routing, authentication, confidence): a block as high
    as the axis score, `·` when the profile has nothing on that axis."""
    if not axes:
        return ""
    out = ""
    for name in AXIS_ORDER:
        v = axes.get(name)
        out += "·" if v is None else _BLOCKS[min(len(_BLOCKS) - 1, int(v / 100 * len(_BLOCKS)))]
    return out


def ratings_list(market: Market) -> list[dict]:
    """market.json `ratings`: one object per provider and profile; a provider that could not be run
    (not installed, did not start) is `not rated` on each profile it was to be rated on."""

    rows = [{"provider": prov.name, "profile": r.profile, "class": r.klass,
             "grade": r.grade if r.rated else "not rated", "score": r.score if r.rated else None,
             "axes": {a: r.axes.get(a) for a in AXIS_ORDER} if r.axes else {a: None for a in AXIS_ORDER},
             "compliant": r.compliant, "pinned_digest": r.pinned_digest or None}
            for prov in market.providers for r in prov.ratings]
    rows += [{"provider": prov.name, "profile": name, "class": provider_class(prov.name), "grade": "not rated",
              "score": None, "axes": {a: None for a in AXIS_ORDER}, "compliant": False, "pinned_digest": None}
             for prov in market.providers if not prov.ratings for name in prov.profiles]
    return rows


def _cell(prov: ProviderResult, profile: str) -> str:
    rating = next((r for r in prov.ratings if r.profile == profile), None)
    if rating is None:
        return "—"
    if not rating.rated:
        return f"not rated ({rating.klass})"
    mark = "✓" if rating.compliant else "✗"
    bar = axes_bar(rating.axes)
    return f"**{rating.grade}** {rating.score:.1f} {mark} {rating.klass}" + (f" `{bar}`" if bar else "")


def markdown(market: Market, notes: list[dict], out: Path) -> str:
    profiles = rated_profiles(market)
    lines = [
        "# The awscompat market report",
        "",
        f"Real AWS-compatible servers, each started on loopback on this machine and rated against the awscompat "
        f"profiles that apply to it. Generated {market.date} by awscompat {market.tool_version} "
        f"(source `{market.revision}`) with:",
        "",
        f"    {market.command}",
        "",
        "Cells: **grade** score, ✓ compliant (every required case passed; for an emulator the mark reads "
        "\"AWS-compatible emulator\") or ✗ not, the provider class (cloud or emulator), and for 2027.01 profiles "
        "an axis bar, one block per axis: behaviour, errors, routing, authentication, evidence confidence "
        "(`·`: nothing on that axis). Methodology: docs/methodology.md. — : the profile does not apply. "
        "Reading it (rules 2027.01): a score is the weighted mean of the profile's capabilities, not of its cases; "
        "an emulator's authentication is shown on its axis and kept out of its grade, a cloud's is graded, so "
        "compare axes rather than grades across classes. `not rated`: under 95 % of the profile's weight was "
        "judged (harness errors, skips, cases not run); the reason is under the provider's table. The "
        "per-provider tables name the top failing capabilities.",
        "",
        "Profiles (src/awscompat/data/profiles/): " + "; ".join(f"`{p}` {market.profiles.get(p, '')}" for p in profiles)
        + ".",
        "",
        "| provider | version | client | " + " | ".join(profiles) + " |",
        "|---|---|---|" + "---|" * len(profiles),
    ]
    for prov in market.providers:
        if prov.ratings:
            lines.append(f"| [{prov.title}](#{prov.name}) | {prov.version} | {prov.client or 'botocore'} | "
                         + " | ".join(_cell(prov, p) for p in profiles) + " |")
    not_rated = [p for p in market.providers if not p.ratings]
    if not_rated:
        lines += ["", "Not rated in this run:", ""]
        lines += [f"- **{p.title}**: {p.status} — {p.message}" for p in not_rated]
    lines += ["", "## Per provider", ""]
    for prov in market.providers:
        if not prov.ratings:
            continue
        counts = ", ".join(f"{n} {o}" for o, n in prov.counts.items() if n)
        lines += [f"### {prov.name}", "",
                  f"{prov.title} {prov.version} — {prov.homepage}. {prov.cases} cases ({counts}); started in "
                  f"{prov.started_s}s, ran in {prov.run_s}s, stopped by PID in {prov.stop_s}s "
                  f"({'ports closed' if prov.stopped else 'PORTS STILL OPEN'}). Run folder: "
                  f"[runs/{prov.name}/](runs/{prov.name}/)." + (f" **Note:** {prov.message}." if prov.message else ""),
                  "",
                  "| profile | grade (class) | score | compliant | required failing | top failing capabilities | axes "
                  "| badge |",
                  "|---|---|---:|---|---:|---|---|---|"]
        for r in prov.ratings:
            top = ", ".join(f"{c} ({n})" for c, n in r.top_failing) or "—"
            axes = ", ".join(f"{a} {'—' if r.axes.get(a) is None else f'{r.axes[a]:.0f}'}" for a in AXIS_ORDER)
            lines.append(f"| {r.profile} | {r.grade} ({r.klass}) | {f'{r.score:.2f}' if r.rated else '—'} | "
                         f"{'yes' if r.compliant else 'no'} | {r.failed} "
                         f"| {top} | {axes if r.axes else '—'} | ![{r.profile}](runs/{prov.name}/{r.badge}) |")
        why = [f"- {r.profile} is not rated: {r.reasons[0].removeprefix('not rated: ')}"
               for r in prov.ratings if not r.rated and r.reasons]
        lines += ["", *why] if why else []
        lines.append("")
    lines += findings_md(notes)
    lines += [
        "## Versions and method", "",
        *[f"- {p.title}: {p.version or '?'} ({'rated' if p.ratings else p.status}"
          + (f"; {p.counts['error']} case(s) not judged: harness errors" if p.counts.get("error") else "") + ")"
          for p in market.providers],
        f"- awscompat {market.tool_version}, source `{market.revision}`; market signing key id `{market.keyid}`",
        "",
        "Each provider was installed by `bash scripts/install-providers.sh` (pinned versions, see "
        "docs/market), started with its loopback-only options on free ports, run once through the engine "
        "with the union of its applicable profiles (its credentials in the environment; a throwaway server, so "
        "`disposable`), scored per profile, and stopped by PID (SIGTERM, then SIGKILL after a grace period). "
        "Providers are rated in their default configuration.",
        "",
        "Each `runs/<provider>/` folder holds `run.json`, `results.jsonl.gz` (every case with its evidence; "
        "`gunzip -k` it to use `awscompat score`, `report` or `compare` on the folder), and per profile a signed "
        "attestation (`<profile>.intoto.json`, in-toto Statement v1 in a DSSE envelope) and badges "
        "(`<profile>.svg`, shields.io endpoint `<profile>.json`). Verify an attestation offline:",
        "",
        f"    awscompat verify {out.as_posix()}/runs/{_example(market)} --pubkey "
        f"{out.as_posix()}/market-key.pub",
        "",
        "A 2027.01 attestation carries the profile's pinned digest (the digest of the lock file of cases the "
        "profile version rates), which `verify` checks against the installed profile; a `not rated` result is "
        "never attested. `findings-draft.md` lists every case that passes on some providers and fails on "
        "others; the findings above are chosen from it and explained by hand (`findings.yaml`).",
        "",
    ]
    return "\n".join(lines)


def _example(market: Market) -> str:
    """<provider>/<attestation> of the first attested rating, for the verify example."""
    return next((f"{p.name}/{r.attestation}" for p in market.providers for r in p.ratings if r.attestation),
                "moto/s3-core-2027.01.intoto.json")


def _ev_line(e: dict) -> str:
    parts = [f"**{e['provider']}**: {e['outcome']}"]
    if e.get("request"):
        parts.append(f"`{e['request']}`")
    if e.get("status") is not None:
        parts.append(f"→ HTTP {e['status']}" + (f" `{e['code']}`" if e.get("code") else ""))
    line = " ".join(parts)
    if e.get("expected") or e.get("observed"):
        line += f"; expected {_clip(e.get('expected', '?'), 110)}, observed {_clip(e.get('observed', '?'), 110)}"
    elif e.get("message"):
        line += f"; {_clip(e['message'], 200)}"
    return line


def findings_md(notes: list[dict]) -> list[str]:
    if not notes:
        return []
    lines = ["## Notable findings", ""]
    for n, note in enumerate(notes, 1):
        lines += [f"### {n}. {note['title']}", "", " ".join(str(note.get("explanation", "")).split()), "",
                  f"- Case: `{note['case']}`" + (" — **no longer fails in this run**" if note["stale"] else "")]
        lines += [f"- {_ev_line(e)}" for e in note["evidence"]]
        if note["passes_on"]:
            lines.append(f"- Passes on: {', '.join(note['passes_on'])}")
        lines += [f"- AWS reference: {note['reference']}", ""]
    return lines


def draft_md(cands: list[dict]) -> str:
    lines = ["# Finding candidates", "", "Cases that pass on at least one provider and fail (or are unsupported) on "
             "others, scenarios first, then by how many providers pass. Generated by `awscompat market`.", ""]
    for c in cands:
        lines += [f"- `{c['case']}` ({c['severity']}) — fails on {', '.join(c['fail'])}; passes on "
                  f"{', '.join(c['pass'])}. {_clip(c['message'], 200)} Reference: {reference(c['provenance'])}"]
    return "\n".join(lines) + "\n"


# -- HTML ------------------------------------------------------------------------------------
def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def _md_inline(text: str) -> str:
    """The little Markdown the findings use: `code`, **bold**, <url>."""
    out = _e(text)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", out)
    return re.sub(r"&lt;(https?://[^&]+)&gt;", r'<a href="\1">\1</a>', out)


CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f4f4f4}td.g{color:#fff;font-weight:600;text-align:center}code{background:#f3f3f3;padding:0 3px}
.na{color:#999;text-align:center}.finding{border-left:4px solid #888;padding:0 1em;margin:1.2em 0}
.meta{color:#555}pre{background:#f6f6f6;padding:.6em;overflow-x:auto}"""


def _axes_html(axes: dict) -> str:
    """A compact per-axis bar: five thin bars, each as long as its axis score."""
    if not axes:
        return ""
    bars = "".join(
        f'<span title="{_e(a)} {"—" if axes.get(a) is None else axes[a]}" style="display:inline-block;width:8px;'
        f'height:{2 + int((axes.get(a) or 0) / 100 * 14)}px;background:{"#fff" if axes.get(a) is not None else "#bbb"};'
        f'margin-right:1px;vertical-align:bottom"></span>' for a in AXIS_ORDER)
    return f"<br><span class='axes'>{bars}</span>"


def html_page(market: Market, notes: list[dict], out: Path) -> str:
    profiles = rated_profiles(market)
    rows = []
    for prov in market.providers:
        if not prov.ratings:
            continue
        cells = []
        for p in profiles:
            r = next((x for x in prov.ratings if x.profile == p), None)
            if r is None:
                cells.append('<td class="na">—</td>')
                continue
            top = "; ".join(f"{c} ({n})" for c, n in r.top_failing) or "none"
            axes = "; ".join(f"{a} {'—' if r.axes.get(a) is None else r.axes[a]}" for a in AXIS_ORDER) if r.axes else ""
            shown = f"{r.score:.1f} {'✓' if r.compliant else '✗'}" if r.rated else ""
            cells.append(f'<td class="g" style="background:{GRADE_FILL.get(r.grade, "#999")}" title="top failing: '
                         f'{_e(top)}; axes: {_e(axes)}">{_e(r.grade)} {shown} <small>{_e(r.klass)}</small>'
                         f'{_axes_html(r.axes)}</td>')
        rows.append(f"<tr><th>{_e(prov.title)}</th><td>{_e(prov.version)}</td><td>{_e(prov.client or 'botocore')}</td>"
                    f"{''.join(cells)}</tr>")
    head = "".join(f"<th>{_e(p)}<br><small>{_e(market.profiles[p])}</small></th>" for p in profiles)
    detail = []
    for prov in market.providers:
        if not prov.ratings:
            detail.append(f"<p><b>{_e(prov.title)}</b>: not rated — {_e(prov.status)}: {_e(prov.message)}</p>")
            continue
        trs = "".join(
            f"<tr><td>{_e(r.profile)}</td><td>{_e(r.grade)} ({_e(r.klass)})</td><td>"
            f"{f'{r.score:.2f}' if r.rated else '—'}</td><td>"
            f"{'yes' if r.compliant else 'no'}</td><td>{r.failed}</td><td>"
            f"{_e(', '.join(f'{c} ({n})' for c, n in r.top_failing) or '—')}</td><td>"
            f"{_e(', '.join(f'{a} {v}' for a, v in r.axes.items()) or '—')}</td></tr>" for r in prov.ratings)
        detail.append(f"<h3 id='{_e(prov.name)}'>{_e(prov.title)} {_e(prov.version)}</h3><p class='meta'>"
                      f"{prov.cases} cases, {_e(', '.join(f'{n} {o}' for o, n in prov.counts.items() if n))}; ran in "
                      f"{prov.run_s}s; stopped in {prov.stop_s}s; run folder runs/{_e(prov.name)}/</p>"
                      "<table><tr><th>profile</th><th>grade</th><th>score</th><th>compliant</th><th>required "
                      f"failing</th><th>top failing capabilities</th><th>axes</th></tr>{trs}</table>")
    finds = []
    for n, note in enumerate(notes, 1):
        evs = "".join(f"<li>{_md_inline(_ev_line(e))}</li>" for e in note["evidence"])
        passes = f"<li>Passes on: {_e(', '.join(note['passes_on']))}</li>" if note["passes_on"] else ""
        stale = " <b>(no longer fails in this run)</b>" if note["stale"] else ""
        finds.append(f"<div class='finding'><h3>{n}. {_e(note['title'])}</h3><p>"
                     f"{_md_inline(' '.join(str(note.get('explanation', '')).split()))}</p><ul><li>Case: "
                     f"<code>{_e(note['case'])}</code>{stale}</li>{evs}{passes}<li>AWS reference: "
                     f"{_md_inline(note['reference'])}</li></ul></div>")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>awscompat market report</title>"
            f"<style>{CSS}</style></head><body><h1>The awscompat market report</h1><p class='meta'>Generated "
            f"{_e(market.date)} by awscompat {_e(market.tool_version)} (source <code>{_e(market.revision)}</code>) "
            f"with <code>{_e(market.command)}</code>. Cells: grade, score, ✓ the mark / ✗ not, the provider class and "
            f"one bar per axis (behaviour, errors, routing, authentication, confidence); hover for the axes and the "
            f"top failing capabilities. Method: docs/methodology.md.</p><table><tr><th>provider</th><th>version</th><th>client</th>{head}</tr>{''.join(rows)}"
            f"</table><h2>Per provider</h2>{''.join(detail)}"
            + (f"<h2>Notable findings</h2>{''.join(finds)}" if finds else "")
            + f"<h2>Verify</h2><pre>awscompat verify {_e(out.as_posix())}/runs/&lt;provider&gt;/&lt;profile&gt;"
            f".intoto.json --pubkey {_e(out.as_posix())}/market-key.pub</pre><p class='meta'>Signing key id "
            f"<code>{_e(market.keyid)}</code>.</p></body></html>\n")


def write_market(market: Market, out: Path) -> None:
    notes = [resolve_note(n, market) for n in load_notes(out)]
    (out / "market.json").write_text(json.dumps({**market.to_dict(), "ratings": ratings_list(market)}, indent=2)
                                     + "\n", encoding="utf-8")
    (out / "README.md").write_text(markdown(market, notes, out), encoding="utf-8")
    (out / "index.html").write_text(html_page(market, notes, out), encoding="utf-8")
    (out / "findings-draft.md").write_text(draft_md(candidates(market)), encoding="utf-8")


def render_market(out: Path) -> Market:
    """Write the pages again from <out>/market.json and the run folders (after editing findings.yaml)."""

    data = json.loads((out / "market.json").read_text())
    data.pop("ratings", None)  # derived from the providers' ratings
    provs = [ProviderResult(**{**p, "ratings": [Rating(**{**r, "top_failing": [tuple(t) for t in r["top_failing"]]})
                                                 for r in p["ratings"]]}) for p in data.pop("providers")]
    results = {}
    for p in provs:
        folder = out / "runs" / p.name
        if p.ratings and (folder / RESULTS_GZ).is_file():
            results[p.name] = compact(iter_results(folder))
    market = Market(**{**data, "providers": provs, "results": results})
    write_market(market, out)
    return market
