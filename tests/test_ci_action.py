"""The GitHub Action (action.yml, docs/ci.md), tested by running the script its steps call,
scripts/ci-action.sh, against moto with a baseline run folder: it writes the comparison Markdown
to $GITHUB_STEP_SUMMARY, sets the step outputs, and fails on a regression only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from clirun import awscompat, cli_env

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "ci-action.sh"
DEAD = "http://127.0.0.1:9"
SELECT = "sqs/List* sqs/Get*"


def _action(env: dict[str, str], tmp: Path, name: str, **inputs: str) -> tuple[int, str, dict[str, str], str]:
    summary, outputs = tmp / f"{name}.summary.md", tmp / f"{name}.outputs"
    full = {**env, "AWSCOMPAT_BIN": str(Path(sys.executable).parent / "awscompat"),
            "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs), "INPUT_OUT": str(tmp / name),
            **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
    proc = subprocess.run(["bash", str(SCRIPT)], env=full, cwd=tmp, capture_output=True, text=True, timeout=600)
    outs = dict(line.split("=", 1) for line in outputs.read_text().splitlines()) if outputs.is_file() else {}
    return proc.returncode, summary.read_text() if summary.is_file() else "", outs, proc.stderr + proc.stdout


def test_action_yml_is_a_composite_action_calling_the_script():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    run = next(s for s in steps if s.get("id") == "run")
    assert "scripts/ci-action.sh" in run["run"] and run["shell"] == "bash"
    assert set(run["env"]) >= {"INPUT_ENDPOINT_URL", "INPUT_BASELINE", "INPUT_FAIL_ON", "INPUT_OUT"}
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert "always()" in upload["if"] and upload["with"]["path"] == "${{ steps.run.outputs.run-dir }}"
    assert {"endpoint-url", "baseline", "fail-on", "services", "rating"} <= set(action["inputs"])


def test_the_action_script_posts_the_comparison_and_fails_on_regressions(moto_server, home, tmp_path):
    env = cli_env(home)
    base = tmp_path / "baseline"
    r = awscompat("run", "--endpoint-url", moto_server.url, "-s", "sqs", *[a for g in SELECT.split() for a in ("-k", g)],
                  "-q", "--out", base, env=env, cwd=tmp_path)
    assert r.code in (0, 1), r

    # The same endpoint again: no regression, the job passes (even with failures: fail-on regression).
    code, summary, outs, err = _action(env, tmp_path, "same", endpoint_url=moto_server.url, services="sqs",
                                       select=SELECT, baseline=str(base))
    assert code == 0, err
    assert outs["regressions"] == "false" and outs["run-dir"] == str(tmp_path / "same")
    assert outs["run-exit-code"] in ("0", "1")
    assert "## awscompat run" in summary  # the run's summary follows the comparison
    assert (tmp_path / "same" / "results.jsonl").is_file() and (tmp_path / "same" / "compare.md").is_file()

    # An endpoint that does not answer: every case that passed regresses; the job fails, and the
    # summary says the run is incomplete.
    code, summary, outs, err = _action(env, tmp_path, "dead", endpoint_url=DEAD, services="sqs", select=SELECT,
                                       baseline=str(base))
    assert code == 1, err
    assert outs["regressions"] == "true" and outs["run-exit-code"] == "3"
    assert summary.startswith((tmp_path / "dead" / "compare.md").read_text(encoding="utf-8"))
    assert "regress" in summary.lower() and "INCOMPLETE RUN" in summary
    compare_md = (tmp_path / "dead" / "compare.md").read_text(encoding="utf-8")
    assert "> **new run: INCOMPLETE RUN" in compare_md  # the comparison itself says so, first
    assert "::warning title=awscompat::the run is incomplete" in err  # an annotation on the job page

    # fail-on never: the same regression does not fail the job; a bad fail-on is a usage error.
    code, _, outs, err = _action(env, tmp_path, "never", endpoint_url=DEAD, services="sqs", select=SELECT,
                                 baseline=str(base), fail_on="never")
    assert code == 0 and outs["regressions"] == "true", err
    code, _, _, err = _action(env, tmp_path, "bad", endpoint_url=DEAD, fail_on="sometimes")
    assert code == 2 and "fail-on must be" in err


def test_without_a_baseline_the_summary_is_the_run_and_fail_on_failure(moto_server, home, tmp_path):
    env = {**cli_env(home), "AWS_ENDPOINT_URL": moto_server.url}  # no endpoint-url: boto3's variable
    code, summary, outs, err = _action(env, tmp_path, "solo", services="sqs", select=SELECT, fail_on="failure")
    assert outs["regressions"] == "false"
    assert code == (1 if outs["run-exit-code"] == "1" else 0), err
    assert summary.startswith("## awscompat run") and moto_server.url in summary
    assert os.path.isdir(outs["run-dir"])


def test_containerfile_installs_the_tool_and_runs_the_cli_and_service():
    text = (ROOT / "Containerfile").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines[0].startswith("FROM ") and "python:3.1" in lines[0]
    for line in lines:
        if line.startswith("COPY "):
            for src in line.split()[1:-1]:
                assert (ROOT / src).exists(), f"Containerfile copies {src}, which is not in the repository"
    assert any(line.startswith("RUN python -m pip install .") for line in lines)
    assert not any(word in " ".join(lines) for word in ("ministack", "seaweedfs", "[test]"))
    assert 'ENTRYPOINT ["awscompat"]' in lines and any(line.startswith("USER ") for line in lines)
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "serve --host 0.0.0.0" in docs and "Containerfile" in docs and "action.yml" in docs
