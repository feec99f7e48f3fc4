"""Reports that lead (issue 20) and say when a run is not whole (issue 14, finding 6).

Killed (SIGKILL), interrupted (SIGTERM) and incomplete (harness errors) runs of a real
`awscompat run` against moto say so at the top of the terminal summary, the Markdown, the HTML
and the JUnit properties; a run with only skips never says "incomplete". Failures are listed
required first, then by their feature's weight; every cut list says how many more and where; a
service rollup comes above the feature table; a run ends with what it means and the commands
that come next (which work); the progress line names the slowest running case; cleanup advice
appears only where `awscompat cleanup` can act.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.progress import Task

from awscompat.catalog import Selection, build_catalog
from awscompat.engine.events import Bus, CaseFinished
from awscompat.engine.ledger import Ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target
from awscompat.reports.leading import case_weight, failure_key
from awscompat.reports.markdown import markdown_summary
from awscompat.reports.terminal import SlowestColumn
from clirun import awscompat, cli_env

DEAD = "http://127.0.0.1:9"
SLOW_SUITE = ("-s", "s3", "-f", "scenario", "-c", "1", "-q")


def _reports(run: Path, tmp: Path, home: Path) -> tuple[str, str, ET.Element]:
    """(markdown, html, junit root) of `awscompat report` on a run folder."""
    html, junit = tmp / "r.html", tmp / "r.xml"
    r = awscompat("report", run, "--markdown", "-", "--html", html, "--junit", junit, env=cli_env(home), cwd=tmp)
    assert r.code == 0, r
    return r.stdout, html.read_text(encoding="utf-8"), ET.parse(junit).getroot()


def _props(root: ET.Element) -> dict[str, str]:
    suites = root.findall("testsuite")
    assert suites, "no <testsuite>"
    out = {}
    for suite in suites:
        props = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert props, f"testsuite {suite.get('name')} has no properties"
        out = props
    return out


def _start_and_stop(moto_url: str, tmp: Path, home: Path, sig: int) -> tuple[subprocess.Popen, str, Path]:
    """A real `awscompat run`, stopped by `sig` once a few cases have finished."""
    out = tmp / "run"
    proc = subprocess.Popen([sys.executable, "-m", "awscompat", "run", "--endpoint-url", moto_url, *SLOW_SUITE,
                             "--out", str(out)], env=cli_env(home), cwd=tmp, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    results = out / "results.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if results.is_file() and results.read_text(encoding="utf-8").count("\n") >= 5:
            break
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be stopped: {proc.communicate()}")
        time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("no result within 120 s")
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=120)
    return proc, err, out


def test_a_killed_run_says_so_in_every_report(moto_server, home, tmp_path):
    proc, _, out = _start_and_stop(moto_server.url, tmp_path, home, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["status"] == "running" and not meta["finished"]  # never finalised
    md, html, junit = _reports(out, tmp_path, home)
    top = [line for line in md.splitlines() if line.strip()][1:3]  # right under the title
    assert top[0] == "> [!WARNING]" and "INCOMPLETE RUN: the run was killed" in top[1], md[:500]
    assert html.index('class="banner"') < html.index("<header>") and "the run was killed" in html
    props = _props(junit)
    assert props["awscompat.status"] == "killed" and "killed" in props["awscompat.warning"]


def test_an_interrupted_run_says_so_first(moto_server, home, tmp_path):
    proc, err, out = _start_and_stop(moto_server.url, tmp_path, home, signal.SIGTERM)
    assert proc.returncode == 3, err
    assert "INCOMPLETE RUN: the run was interrupted" in err
    assert err.index("INCOMPLETE RUN") < err.index("results by service") < err.index("results by feature")
    assert "The run did not finish" in err
    md, html, junit = _reports(out, tmp_path, home)
    assert "the run was interrupted" in md.split("### By service")[0]
    assert html.index('class="banner"') < html.index("<header>")
    assert _props(junit)["awscompat.status"] == "interrupted"


def test_harness_errors_say_incomplete_and_skips_do_not(home, tmp_path):
    out = tmp_path / "dead"
    r = awscompat("run", "--endpoint-url", DEAD, "-s", "sqs", "-k", "sqs/List*", "--out", out, "-q",
                  env=cli_env(home), cwd=tmp_path)
    assert r.code == 3, r
    assert "harness error" in r.stderr.split("results by service")[0], r
    md, html, junit = _reports(out, tmp_path, home)
    assert "harness error" in md.split("### By service")[0] and 'class="banner"' in html
    assert _props(junit)["awscompat.status"] == "incomplete"

    # Only skips (a read-only run of cases that all change something): complete, no banner.
    out = tmp_path / "skips"
    r = awscompat("run", "--endpoint-url", DEAD, "-s", "sqs", "-k", "sqs/CreateQueue/*", "--read-only", "-q",
                  "--out", out, env=cli_env(home), cwd=tmp_path)
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert set(k for k, v in meta["counts"].items() if v) == {"skip"}, meta["counts"]
    assert r.code == 0 and "INCOMPLETE" not in r.output and "incomplete" not in r.stderr, r
    md, html, junit = _reports(out, tmp_path, home)
    assert "INCOMPLETE" not in md and 'class="banner"' not in html
    assert "awscompat.warning" not in _props(junit)


def _result(cid: str, outcome: str, severity: str, feature: str) -> dict:
    return {"id": cid, "outcome": outcome, "severity": severity, "feature": feature, "service": cid.split("/")[0],
            "family": "scenario", "operations": [], "provenance": {"kind": "model", "ref": "x"}, "message": "m",
            "duration_ms": 1}


def test_failures_lead_with_required_then_weight_and_cuts_say_how_many_more():
    weighted = "s3/scenario/buckets/create-twice"  # s3-core's `buckets` capability
    assert case_weight(weighted) > 0 and case_weight("s3/scenario/nosuchfeature/x") == 0
    results = [_result(f"s3/scenario/aaa/adv-{i}", "fail", "advisory", "s3/aaa") for i in range(5)]
    results += [_result(f"s3/scenario/nosuchfeature/req-{i:02d}", "fail", "required", "s3/zzz") for i in range(20)]
    results.append(_result(weighted, "unsupported", "required", "s3/buckets"))
    results.append(_result("sqs/scenario/queues/ok", "pass", "required", "sqs/queues"))
    ordered = sorted((r for r in results if r["outcome"] != "pass"), key=failure_key)
    assert ordered[0]["id"] == weighted and all(r["severity"] == "advisory" for r in ordered[-5:])
    assert ordered[1]["id"] == "s3/scenario/nosuchfeature/req-00"
    md = markdown_summary({"run_id": "t", "status": "complete", "finished": "x", "cases": len(results)}, results,
                          run_dir="runs/t")
    listed = [line for line in md.splitlines() if line.startswith("- `")]
    assert listed[0].startswith(f"- `{weighted}`") and len(listed) == 15
    assert "- … and 6 more (of 21): every one is in `runs/t/results.jsonl`" in md
    assert "5 advisory case(s) also did not pass" in md
    assert md.index("| service |") < md.index("| feature |")
    assert "| s3 | 0 | 25 | 1 | 0 | 0 | 0.0% |" in md and "| sqs | 1 | 0 | 0 | 0 | 0 | 100.0% |" in md
    assert "INCOMPLETE" not in md

    many = [_result(f"s3/scenario/f{i:03d}/x", "pass", "required", f"s3/f{i:03d}") for i in range(70)]
    md = markdown_summary({"status": "complete", "finished": "x"}, many, run_dir="runs/t")
    assert "… and 10 more (of 70): the features with fewest non-passing cases are left out" in md


def test_a_run_ends_with_its_meaning_and_next_commands_that_work(moto_server, home, tmp_path):
    out = tmp_path / "run"
    r = awscompat("run", "--endpoint-url", moto_server.url, "-s", "sqs", "-q", "--out", out,
                  env=cli_env(home), cwd=tmp_path)
    assert r.code in (0, 1), r
    lines = r.stderr.rstrip().splitlines()
    at = lines.index("next:")
    assert lines[at - 1].startswith("The target behaved as AWS does in "), lines[at - 3:]
    steps = [line.split("#")[0].split() for line in lines[at + 1:]]
    report_cmd, score_cmd = steps[0], steps[1]
    assert steps[-1][:2] == ["awscompat", "compare"]
    assert report_cmd[:2] == ["awscompat", "report"] and "--html" in report_cmd
    assert score_cmd[:2] == ["awscompat", "score"] and "--rating" in score_cmd
    for cmd in (report_cmd, score_cmd):
        done = awscompat(*cmd[1:], env=cli_env(home), cwd=tmp_path)
        assert done.code in (0, 1) and "Error" not in done.stderr, done
    assert (out / "report.html").is_file()
    # failures: every required one before any advisory one
    shown = [line for line in lines if line.startswith(("FAIL ", "UNSUPPORTED "))]
    assert shown, "moto fails some sqs cases; none was listed"
    advisory = [i for i, line in enumerate(shown) if "(advisory)" in line]
    assert not advisory or all("(advisory)" in line for line in shown[advisory[0]:])
    assert r.stderr.index("results by service") < r.stderr.index("results by feature")


@pytest.mark.parametrize("workers", [1, 2])
def test_the_progress_line_names_the_slowest_running_case(moto_server, workers):
    target = Target(name="custom", endpoint=moto_server.url, credentials=Credentials("testing", "testing"))
    cases = list(build_catalog(Selection(services=["s3"], globs=["s3/scenario/listing/*"])))
    seen: list[tuple[str, float]] = []
    runner: Runner | None = None

    class Sample:
        def handle(self, event):
            if isinstance(event, CaseFinished) and runner is not None:
                found = runner.slowest()
                if found:
                    seen.append(found)

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        runner = Runner(target, cases, Path(tmp), RunOptions(concurrency=4, workers=workers), Bus([Sample()]))
        runner.run("sha256:test")
        assert runner.slowest() is None  # nothing runs after the run
    ids = {c.id for c in cases}
    assert seen and all(cid in ids and seconds >= 0 for cid, seconds in seen)
    column = SlowestColumn(lambda: ("s3/scenario/x/y", 9.25))
    assert column.render(Task(0, "running", 10, 0, _get_time=time.monotonic)).plain == \
        "slowest: s3/scenario/x/y (9.2s)"
    assert SlowestColumn(lambda: None).render(None).plain == ""


def test_cleanup_advice_only_where_cleanup_can_act(tmp_path):
    def runner(name: str, out: Path, disposable: bool = False) -> Runner:
        target = Target(name=name, endpoint=DEAD, disposable=disposable, credentials=Credentials("t", "t"))
        out.mkdir()
        return Runner(target, [], out, RunOptions(), Bus([]))

    embedded = runner("moto", tmp_path / "embedded", disposable=True)
    lines = embedded._leftover_notices(["s3-bucket awscompat-x-b: could not be removed"])
    assert "nothing to clean" in lines[0] and "awscompat cleanup" not in lines[0]

    open_run = runner("custom", tmp_path / "open")
    ns = Namespace()
    ledger = Ledger(open_run.out_dir / "ledger.jsonl", ns)
    ledger.record("case", "s3", "s3-bucket", ns.name("b"), {"service": "s3", "operation": "CreateBucket"}, [])
    ledger.close()
    lines = open_run._leftover_notices(["s3-bucket b: could not be removed"])
    assert f"`awscompat cleanup {open_run.out_dir}` retries the 1 open ledger entry" in lines[0]

    closed = runner("custom", tmp_path / "closed")
    Ledger(closed.out_dir / "ledger.jsonl", Namespace()).close()
    lines = closed._leftover_notices(["probe x: could not be removed"])
    assert "remove it by hand" in lines[0] and "awscompat cleanup" not in lines[0]
    assert closed._leftover_notices([]) == []


def test_html_lists_failures_most_important_first_with_a_service_rollup(tmp_path):
    from awscompat.reports.html import write_html

    weighted = "s3/scenario/buckets/create-twice"
    results = [_result("s3/scenario/aaa/adv-0", "fail", "advisory", "s3/aaa"),
               _result("s3/scenario/zzz/req-0", "error", "required", "s3/zzz"),
               _result("s3/scenario/zzz/adv-1", "fail", "advisory", "s3/zzz"),
               _result("s3/scenario/zzz/req-1", "fail", "required", "s3/zzz"),
               _result(weighted, "fail", "required", "s3/buckets"),
               _result("sqs/scenario/queues/ok", "pass", "required", "sqs/queues")]
    page = tmp_path / "p.html"
    write_html({"run_id": "t", "status": "complete", "finished": "x"}, iter(results), page)
    html = page.read_text(encoding="utf-8")
    order = [cid for cid in (r["id"] for r in results if r["outcome"] != "pass")]
    positions = {cid: html.index(f"<code>{cid}</code>") for cid in order}
    shown = sorted(order, key=positions.get)
    # features: s3/buckets (required, weighted) before s3/zzz (required) before s3/aaa (advisory only);
    # within s3/zzz: required fail, required error, then advisory
    assert shown == [weighted, "s3/scenario/zzz/req-1", "s3/scenario/zzz/req-0", "s3/scenario/zzz/adv-1",
                     "s3/scenario/aaa/adv-0"], shown
    assert html.index('id="services"') < html.index('id="features"') and 'class="banner"' not in html
