"""`awscompat compare BASE NEW`: regressions fail the command and are listed; fixes, added,
removed and other changes are counted; the Markdown fits a PR comment; 250k results are fine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from awscompat.reports.compare import compare_results, markdown
from clirun import CliResult, awscompat, check_run_folder, cli_env, read_results


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    return cli_env(home)


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """A run folder made by the CLI against the embedded moto."""
    out = tmp_path_factory.mktemp("compare") / "run"
    r = awscompat("run", "-s", "s3", "-k", "s3/scenario/objects/*", "-k", "s3/scenario/buckets/*",
                  "--out", str(out), "-q", env=env, cwd=out.parent, timeout=300)
    assert r.code in (0, 1), r
    check_run_folder(out)
    return out


def compare(env: dict[str, str], cwd: Path, *args: str) -> CliResult:
    return awscompat("compare", *map(str, args), env=env, cwd=cwd)


def _rewrite(run: Path, edit) -> None:
    results = read_results(run)
    lines = []
    for r in results:
        r = edit(r)
        if r is not None:
            lines.append(json.dumps(r) + "\n")
    (run / "results.jsonl").write_text("".join(lines), encoding="utf-8")


def test_identical_runs_exit_0(real_run: Path, env: dict[str, str], tmp_path: Path) -> None:
    r = compare(env, tmp_path, real_run, real_run)
    assert r.code == 0, r
    n = len(read_results(real_run))
    assert "0 regressions" in r.stdout and f"{n} unchanged" in r.stdout, r
    assert "REGRESSION" not in r.stdout


def test_an_injected_regression_exits_1_and_is_listed(real_run: Path, env: dict[str, str], tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(real_run, new)
    victim = next(r["id"] for r in read_results(real_run) if r["outcome"] == "pass")

    def regress(r: dict) -> dict:
        if r["id"] == victim:
            r.update(outcome="fail", message="GetObject: expected 200, got HTTP 500")
        return r

    _rewrite(new, regress)
    md = tmp_path / "cmp.md"
    r = compare(env, tmp_path, real_run, new, "--markdown", md)
    assert r.code == 1, r
    assert "1 regressions" in r.stdout, r
    assert f"REGRESSION {victim}: pass -> fail: GetObject: expected 200, got HTTP 500" in r.stdout, r
    text = md.read_text(encoding="utf-8")
    assert "| regressions | 1 |" in text
    assert f"`{victim}`: pass → fail" in text
    # the other way round it is a fix, and nothing regressed
    back = compare(env, tmp_path, new, real_run)
    assert back.code == 0, back
    assert "1 fixes" in back.stdout and "0 regressions" in back.stdout, back


def test_added_removed_and_other_changes_are_counted(real_run: Path, env: dict[str, str], tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(real_run, new)
    results = read_results(real_run)
    passed = [r["id"] for r in results if r["outcome"] == "pass"]
    dropped, skipped = passed[0], passed[1]

    def edit(r: dict) -> dict | None:
        if r["id"] == dropped:
            return None
        if r["id"] == skipped:
            r["outcome"] = "skip"
        return r

    _rewrite(new, edit)
    with open(new / "results.jsonl", "a", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(json.dumps({"id": f"s3/scenario/objects/brand-new-{i}", "outcome": "pass"}) + "\n")
    r = compare(env, tmp_path, real_run, new, "--markdown", "-")
    assert r.code == 0, r  # pass -> skip is a change, not a regression
    assert "3 added, 1 removed, 1 other changes" in r.stderr, r
    assert "| added | 3 |" in r.stdout and "| removed | 1 |" in r.stdout and "| other changes | 1 |" in r.stdout
    assert f"`{dropped}`: gone, was pass" in r.stdout
    assert f"`{skipped}`: pass → skip" in r.stdout
    assert "`s3/scenario/objects/brand-new-0`: new, pass" in r.stdout


def test_usage_errors_exit_2(real_run: Path, env: dict[str, str], tmp_path: Path) -> None:
    r = compare(env, tmp_path, real_run, tmp_path)
    assert r.code == 2 and "no run.json" in r.stderr, r
    broken = tmp_path / "broken"
    shutil.copytree(real_run, broken)
    (broken / "results.jsonl").write_text("{not json\n" + (real_run / "results.jsonl").read_text())
    r = compare(env, tmp_path, real_run, broken)
    assert r.code == 2 and "not valid JSON" in r.stderr and "Traceback" not in r.output, r


def test_markdown_lists_are_truncated_for_a_pr_comment() -> None:
    base = ({"id": f"svc/Op{i:05d}/recognised", "outcome": "pass"} for i in range(400))
    new = ({"id": f"svc/Op{i:05d}/recognised", "outcome": "fail", "message": "x" * 500} for i in range(400))
    comp = compare_results(base, new)
    assert comp.regressions.count == 400
    text = markdown(comp, limit=50)
    assert "| regressions | 400 |" in text
    assert text.count("\n- `svc/Op") == 50
    assert "and 350 more" in text
    assert "`svc/Op00000/recognised`" in text and "`svc/Op00050/recognised`" not in text  # first by ID
    assert len(text) < 65536


def test_250k_results_stream() -> None:
    n = 250_000

    def base():
        for i in range(n):
            yield {"id": f"svc{i % 300}/Operation{i}/family/case-{i}", "outcome": "pass" if i % 10 else "fail"}

    def new():
        for i in range(n):
            if i % 1000 == 7:
                continue  # removed
            outcome = "pass" if i % 10 else "fail"
            if i % 5000 == 1:
                outcome = "error"  # pass -> error: a regression
            if i % 5000 == 10:
                outcome = "pass"  # fail -> pass: a fix
            yield {"id": f"svc{i % 300}/Operation{i}/family/case-{i}", "outcome": outcome}
        for i in range(100):
            yield {"id": f"svc/New{i}/family/case", "outcome": "pass"}

    comp = compare_results(base(), new(), keep=100)
    assert comp.base_cases == n and comp.new_cases == n - 250 + 100
    assert comp.removed.count == 250 and comp.added.count == 100
    assert comp.regressions.count == 50 and comp.fixes.count == 50
    assert comp.unchanged == n - 250 - 100
    assert len(comp.removed.items) == 100 and comp.removed.more == 150
    assert comp.removed.items == sorted(comp.removed.items)
