"""Provenance never points outside the package (issue 20): recorded-aws references resolve to a
public address (catalog.case.RECORDED_SOURCE), and nothing the package ships or renders names a
path such as ../shared."""

from __future__ import annotations

import re
from pathlib import Path

from awscompat.catalog import Selection, build_catalog
from awscompat.catalog.case import RECORDED_SOURCE, recorded_url
from awscompat.market.report import reference
from awscompat.reports.html import render_case

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "awscompat"
OUTSIDE = re.compile(r"\.\./shared|/work/shared")


def test_no_shipped_file_points_outside_the_package():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*")
                 if p.is_file() and p.suffix in (".py", ".yaml", ".json", ".j2", ".html", ".css")
                 and OUTSIDE.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert not offenders, offenders


def test_recorded_provenance_resolves_to_a_public_address():
    cases = [c for c in build_catalog(Selection(services=["s3"], families=["scenario"]))
             if c.provenance.kind == "recorded-aws"]
    assert cases
    for case in cases:
        ref = case.provenance.ref
        assert not ref.startswith(("/", "..")) and ".." not in ref.split("/"), ref
        assert recorded_url(ref).startswith(RECORDED_SOURCE) and recorded_url(ref).endswith(ref)
    prov = cases[0].provenance.to_dict()
    assert f"<{RECORDED_SOURCE}{prov['ref']}>" in reference(prov)
    html = render_case({"id": cases[0].id, "outcome": "fail", "provenance": prov, "message": "m"})
    assert f'href="{RECORDED_SOURCE}{prov["ref"]}"' in html and not OUTSIDE.search(html)
