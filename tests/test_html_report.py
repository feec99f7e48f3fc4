"""`awscompat report DIR --html FILE`: one self-contained page, rendered by headless Chromium.

The run folder is a real run against moto, plus a few hand-written results whose evidence is
hostile (markup in bodies, messages and ids) to check that everything is escaped. Chromium runs
with the network switched off; a missing Chromium fails the test (scripts/install-system.sh).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

import servers
from awscompat.reports.html import write_html
from clirun import awscompat, cli_env, read_results

CHROMIUM = "/usr/bin/chromium"
ZERO = ' class="zero"'
WIDTH, HEIGHT = 1280, 2000
FAILED = ("fail", "unsupported", "error")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
NO_NETWORK = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--host-resolver-rules=MAP * ~NOTFOUND"]


def chromium_path() -> str:
    found = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if not found:
        pytest.fail("chromium is not installed (no /usr/bin/chromium): the HTML report test renders the page "
                    "in headless Chromium; run `bash scripts/install-system.sh`", pytrace=False)
    return found


def chromium(url: str, work: Path, *args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    """Run headless Chromium in its own process group, with a throwaway profile and HOME."""
    exe = chromium_path()
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(work), "XDG_CONFIG_HOME": str(work / "config"),
           "XDG_CACHE_HOME": str(work / "cache")}
    argv = [exe, *NO_NETWORK, f"--user-data-dir={work / 'profile'}", *args, url]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"chromium did not finish within {timeout}s: {argv}")
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def hostile_results() -> list[dict]:
    evidence = {
        "operation": "s3:PutObject",
        "request": {"method": "PUT", "url": "http://127.0.0.1:9/b/k?x=<y>&z=\"q\"",
                    "headers": {"X-Evil": HOSTILE}, "body": HOSTILE + "\u2028\x00 & ]]> --> <!--"},
        "response": {"status": 500, "headers": {"Content-Type": "text/html"}, "body": "<html><body onload=alert(2)>"
                     "<h1>boom</h1></body></html>"},
        "expected": {"status": 200, "note": HOSTILE}, "observed": "HTTP 500 " + HOSTILE,
        "reproduce": {"curl": "curl -X PUT 'http://127.0.0.1:9/b/k' --data-binary '<a href=\"javascript:x\">'",
                      "boto3": "boto3.client('s3').put_object(**{'Bucket': 'b', 'Key': '</pre><b>k</b>'})"},
        "attempts": 3, "fault": "reset </details> by peer",
    }
    base = {"duration_ms": 1.5, "service": "s3", "operations": ["PutObject"], "family": "scenario", "revision": 1,
            "severity": "required"}
    return [
        {**base, "id": "s3/hostile/markup<b>bold</b>", "outcome": "fail", "feature": "s3/hostile<i>",
         "provenance": {"kind": "recorded-aws", "ref": "s3/test_s3.snapshot.json",
                        "key": "tests/aws/test_s3.py::test_<evil>", "step": "step-\"1\""},
         "message": "expected 200 " + HOSTILE, "evidence": evidence},
        {**base, "id": "s3/hostile/no-evidence", "outcome": "error", "feature": "s3/hostile<i>",
         "provenance": {"kind": "aws-docs", "ref": "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html"},
         "message": "harness error", "evidence": None},
    ]


@pytest.fixture(scope="module")
def run_dir(moto_server: servers.Running, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("html-run")
    home = work / "home"
    home.mkdir()
    out = work / "run"
    r = awscompat("run", "--endpoint", moto_server.url, "-s", "s3", "-f", "scenario", "-f", "envelope", "-q",
                  "--out", out, env=cli_env(home), cwd=work)
    assert r.code in (0, 1), r
    with open(out / "results.jsonl", "a", encoding="utf-8") as fh:
        for item in hostile_results():
            fh.write(json.dumps(item) + "\n")
    return out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR", f"{path}: no IHDR chunk first"
    return struct.unpack(">II", data[16:24])


def test_html_report_renders_offline_in_chromium(run_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    r = awscompat("report", run_dir, "--html", page, env=cli_env(tmp_path), cwd=tmp_path)
    assert r.code == 0, r
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html

    # Self-contained: no script, stylesheet, image, frame or font from anywhere.
    parser = _Tags()
    parser.feed(html)
    tags = parser.tags
    loaded = [t for t in tags if t[0] in ("script", "link", "img", "iframe", "object", "embed", "base")]
    assert not loaded, f"the page loads or runs something: {loaded[:5]}"
    assert not [t for t in tags if any(k.startswith("on") for k in t[1])], "an event handler attribute got through"
    assert "url(" not in html and "@import" not in html
    hrefs = [a["href"] for tag, a in tags if tag == "a"]
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs), hrefs
    assert "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html" in hrefs
    # Accessible structure: headings, scoped table headers.
    assert [t for t, _ in tags].count("h1") == 1
    ths = [a for tag, a in tags if tag == "th"]
    assert ths and all(a.get("scope") in ("col", "row") for a in ths)

    start = time.monotonic()
    shot = tmp_path / "shot.png"
    c = chromium(page.as_uri(), tmp_path / "chromium", f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}")
    assert shot.is_file(), f"no screenshot (exit {c.returncode}):\n{c.stderr[-3000:]}"
    assert shot.stat().st_size > 50_000, f"screenshot of {shot.stat().st_size} bytes: a blank page?"
    assert png_size(shot) == (WIDTH, HEIGHT)
    keep = os.environ.get("AWSCOMPAT_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)

    dom = chromium(page.as_uri(), tmp_path / "chromium", "--dump-dom").stdout
    assert "</html>" in dom, f"no DOM dumped:\n{dom[-2000:]}"
    print(f"chromium: screenshot and DOM in {time.monotonic() - start:.1f}s")
    parser = _Tags()
    parser.feed(dom)
    rendered = parser.tags
    assert not [t for t in rendered if t[0] in ("script", "img", "b", "i")], "hostile markup became elements"
    assert not [t for t in rendered if any(k.startswith("on") for k in t[1])]
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt;" in dom or "&lt;script&gt;alert(&quot;x&quot;)" in dom

    results = read_results(run_dir)
    failed = [x for x in results if x["outcome"] in FAILED]
    assert len(failed) > len(hostile_results()), "the moto run had no failure to show"
    missing = [x["id"] for x in failed if _esc(x["id"]) not in dom]
    assert not missing, f"failures absent from the rendered page: {missing}"
    assert dom.count('class="case"') == len(failed)
    # The feature matrix: one row per feature with its counts.
    assert '<section aria-labelledby="features">' in dom
    for feature in {x["feature"] for x in results}:
        counts = [sum(1 for x in results if x["feature"] == feature and x["outcome"] == o)
                  for o in ("pass", "fail", "unsupported", "error", "skip")]
        row = "".join(f"<td{ZERO if not n else ''}>{n}</td>" for n in counts)
        assert _esc(feature) in dom and row in dom, f"no matrix row for {feature} with {counts}"
    # Reproduce lines and the recorded-aws provenance of the hostile case.
    assert "tests/aws/test_s3.py::test_&lt;evil&gt;" in dom and "s3/test_s3.snapshot.json" in dom
    assert "boto3.client('s3').put_object(**{'Bucket': 'b', 'Key': '&lt;/pre&gt;&lt;b&gt;k&lt;/b&gt;'})" in dom


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_html_report_caps_a_large_run(tmp_path: Path) -> None:
    """250k results: streamed, failures capped per feature and by size, the file stays small."""
    template = hostile_results()[0]

    def results():
        for i in range(250_000):
            outcome = "fail" if i % 5 == 0 else "pass"
            yield {**template, "id": f"s3/big/{i}", "outcome": outcome, "feature": f"s3/feature-{(i // 5) % 40:02d}",
                   "evidence": template["evidence"] if outcome == "fail" else None}

    page = tmp_path / "big.html"
    start = time.monotonic()
    write_html({"run_id": "big"}, results(), page)
    seconds = time.monotonic() - start
    size = page.stat().st_size
    html = page.read_text(encoding="utf-8")
    assert size < 20_000_000, f"{size} bytes"
    shown = html.count('<details class="case">')
    per = shown // 40
    assert shown == 40 * per and 0 < per <= 200, shown  # the same share for every feature
    assert html.count(f"<p class=\"more\">{1250 - per} more in results.jsonl</p>") == 40
    assert html.count("<tr><th scope=\"row\">") == 1 + 40 + 1  # 1 service, 40 features, 1 family
    assert seconds < 60, f"took {seconds:.1f}s"
    print(f"250k results: {size / 1e6:.1f} MB, {per} failures shown per feature, {seconds:.1f}s")


def test_html_report_budget_shrinks_every_feature_alike(tmp_path: Path) -> None:
    template = hostile_results()[0]
    items = [{**template, "id": f"s3/x/{i:05d}", "feature": f"f{i % 10}"} for i in range(2000)]
    page = tmp_path / "small.html"
    write_html({"run_id": "budget"}, iter(items), page, per_feature=200, budget=300_000)
    html = page.read_text(encoding="utf-8")
    shown = html.count('<details class="case">')
    assert 0 < shown < 2000 and shown % 10 == 0, shown  # each of the 10 features keeps the same number
    assert page.stat().st_size < 500_000
