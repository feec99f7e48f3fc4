"""`awscompat badge`: a flat SVG that parses as XML and says the profile, grade, score and mark,
coloured by grade, and the shields.io endpoint JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from awscompat.catalog import build_catalog
from awscompat.ratings import load_profile
from awscompat.ratings.select import profile_selection
from awscompat.reports.badge import badge_for, render_svg, text_width
from clirun import CliResult, awscompat, cli_env

SVG = "{http://www.w3.org/2000/svg}"
PROFILE = "s3-core-2026.11"


@pytest.mark.parametrize("grade, colour", [
    ("AAA", "brightgreen"), ("AA", "brightgreen"), ("A", "green"), ("BBB", "yellowgreen"), ("BB", "yellow"),
    ("B", "orange"), ("C", "red"),
])
def test_colour_per_grade(grade: str, colour: str) -> None:
    b = badge_for("s3-core-2026.11", grade, 96.43, True)
    assert b.color == colour
    assert b.endpoint_json()["color"] == colour
    fills = [r.get("fill") for r in ET.fromstring(b.svg()).iter(f"{SVG}rect")]
    assert {"brightgreen": "#4c1", "green": "#97ca00", "yellowgreen": "#a4a61d", "yellow": "#dfb317",
            "orange": "#fe7d37", "red": "#e05d44"}[colour] in fills


def test_message_says_grade_score_and_mark() -> None:
    assert badge_for("p-2026.11", "AA", 96.43, True).message == "AA 96.4 ✓ compliant"
    not_ok = badge_for("p-2026.11", "BBB", 84.39, False)
    assert not_ok.message.startswith("BBB 84.4") and "not compliant" in not_ok.message
    assert badge_for("p-2026.11", "AAA", 100.0, True).message.startswith("AAA 100.0")


def test_svg_is_valid_xml_with_a_title_and_widths_from_the_text() -> None:
    b = badge_for("s3-core-2026.11", "AA", 96.43, True)
    root = ET.fromstring(b.svg())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label") == "s3-core-2026.11: AA 96.4 ✓ compliant"
    assert root.find(f"{SVG}title").text == "s3-core-2026.11: AA 96.4 ✓ compliant"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "s3-core-2026.11" in texts and "AA 96.4 ✓ compliant" in texts
    label_rect, message_rect = [r for r in root.iter(f"{SVG}rect") if r.get("fill") not in ("#fff", "url(#s)")]
    assert int(root.get("width")) == int(label_rect.get("width")) + int(message_rect.get("width"))
    assert int(message_rect.get("x")) == int(label_rect.get("width"))
    # longer text, wider box
    assert text_width("a much longer label than that") > text_width("short")
    assert text_width("WWW") > text_width("iii")
    wide = ET.fromstring(render_svg("label", "a much longer message here", "#4c1"))
    narrow = ET.fromstring(render_svg("label", "ok", "#4c1"))
    assert int(wide.get("width")) > int(narrow.get("width")) + 100


def test_text_is_escaped() -> None:
    root = ET.fromstring(render_svg('<a & "b">', "x < y", "#4c1"))
    assert root.find(f"{SVG}title").text == '<a & "b">: x < y'


def _run_folder(path: Path, outcome_for) -> Path:
    """A run folder with one result per case of the profile in this catalog."""
    profile = load_profile(PROFILE)
    path.mkdir()
    cases = list(build_catalog(profile_selection(profile)))
    (path / "run.json").write_text(json.dumps({"run_id": "feedbeef", "target": {"name": "custom"},
                                               "started": "2026-11-01T00:00:00+00:00",
                                               "finished": "2026-11-01T00:01:00+00:00"}))
    with open(path / "results.jsonl", "w", encoding="utf-8") as fh:
        for i, c in enumerate(cases):
            fh.write(json.dumps({"id": c.id, "outcome": outcome_for(i), "revision": c.revision,
                                 "severity": c.severity, "feature": c.feature}) + "\n")
    return path


def _badge(tmp_path: Path, run: Path, *extra: str) -> CliResult:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return awscompat("badge", str(run), "--profile", PROFILE, *extra, env=cli_env(home), cwd=tmp_path)


def test_badge_command_all_passed(tmp_path: Path) -> None:
    run = _run_folder(tmp_path / "run", lambda i: "pass")
    r = _badge(tmp_path, run, "--svg", str(tmp_path / "b.svg"), "--json", str(tmp_path / "b.json"))
    assert r.code == 0, r
    doc = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert doc == {"schemaVersion": 1, "label": PROFILE, "message": "AAA 100.0 ✓ compliant",
                   "color": "brightgreen", "cacheSeconds": 3600}
    root = ET.parse(tmp_path / "b.svg").getroot()
    assert root.find(f"{SVG}title").text == f"{PROFILE}: AAA 100.0 ✓ compliant"


def test_badge_command_all_failed(tmp_path: Path) -> None:
    run = _run_folder(tmp_path / "run", lambda i: "fail")
    r = _badge(tmp_path, run, "--json", "-")
    assert r.code == 0, r
    doc = json.loads(r.stdout)
    assert doc["color"] == "red" and doc["message"].startswith("C 0.0") and "not compliant" in doc["message"]
    assert set(doc) == {"schemaVersion", "label", "message", "color", "cacheSeconds"}


def test_badge_command_matches_score(tmp_path: Path) -> None:
    run = _run_folder(tmp_path / "run", lambda i: "fail" if i % 12 == 0 else "pass")
    r = _badge(tmp_path, run, "--json", "-")
    assert r.code == 0, r
    score = awscompat("score", str(run), "--profile", PROFILE, "--json", env=cli_env(tmp_path / "home"),
                      cwd=tmp_path)
    s = json.loads(score.stdout)
    doc = json.loads(r.stdout)
    assert doc["message"].startswith(f"{s['grade']} {s['score']:.1f}")
    assert s["grade"] not in ("AAA", "C")


def test_badge_command_usage_errors(tmp_path: Path) -> None:
    r = _badge(tmp_path, tmp_path, "--svg", str(tmp_path / "b.svg"))
    assert r.code == 2 and "not a run folder" in r.stderr, r
    run = _run_folder(tmp_path / "run", lambda i: "pass")
    r = _badge(tmp_path, run)
    assert r.code == 2 and "--svg" in r.stderr, r
    assert not (tmp_path / "b.svg").exists()
