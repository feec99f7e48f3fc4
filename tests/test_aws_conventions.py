"""AWS conventions on the command line (issue 20): --endpoint-url (alias --endpoint),
AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> / the config file's endpoint_url with boto3's
precedence, --profile as the AWS credentials profile, --rating for a rating profile (the old
`--profile <rating>` spelling deprecated), `python -m awscompat`, a plain --help, the LICENSE."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from clirun import awscompat, clean_env, cli_env, read_results

DEAD = "http://127.0.0.1:9"  # nothing listens on the discard port: every case there is an error
S3_LIST = ("-s", "s3", "-k", "s3/List*/recognised", "-q")


def _meta(out: Path) -> dict:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def test_aws_endpoint_url_targets_that_server(moto_server, home, tmp_path):
    out = tmp_path / "run"
    r = awscompat("run", "-s", "s3", "-f", "recognised", "-q", "--out", out,
                  env=cli_env(home, AWS_ENDPOINT_URL=moto_server.url), cwd=tmp_path)
    meta = _meta(out)
    assert meta["target"]["endpoint"] == moto_server.url, r
    assert meta["target"]["name"] == "custom"  # not the embedded moto
    assert meta["endpoint_source"] == {"*": "AWS_ENDPOINT_URL"}
    outcomes = {x["outcome"] for x in read_results(out)}
    assert "pass" in outcomes and "error" not in outcomes, r
    assert not (out / "moto.log").exists(), "an embedded moto was started although AWS_ENDPOINT_URL was set"


def test_service_variable_beats_global_and_flag_beats_both(moto_server, home, tmp_path):
    out = tmp_path / "svc"
    env = cli_env(home, AWS_ENDPOINT_URL=DEAD, AWS_ENDPOINT_URL_S3=moto_server.url)
    r = awscompat("run", *S3_LIST, "--out", out, env=env, cwd=tmp_path)
    meta = _meta(out)
    assert meta["target"]["endpoints"] == {"s3": moto_server.url}, r
    assert meta["endpoint_source"]["s3"] == "AWS_ENDPOINT_URL_S3"
    assert r.code in (0, 1) and {x["outcome"] for x in read_results(out)} != {"error"}, r

    out = tmp_path / "flag"
    env = cli_env(home, AWS_ENDPOINT_URL=DEAD, AWS_ENDPOINT_URL_S3=DEAD)
    r = awscompat("run", "--endpoint-url", moto_server.url, *S3_LIST, "--out", out, env=env, cwd=tmp_path)
    meta = _meta(out)
    assert meta["target"]["endpoint"] == moto_server.url and meta["target"]["endpoints"] == {}, r
    assert meta["endpoint_source"] == {"*": "--endpoint-url"}
    assert r.code in (0, 1), r


def test_profile_is_the_aws_profile_with_its_endpoint_and_keys(moto_server, home, tmp_path):
    config = home / "config"
    config.write_text(f"[profile dev]\nregion = eu-west-3\nendpoint_url = {moto_server.url}\n", encoding="utf-8")
    creds = home / "credentials"
    creds.write_text("[dev]\naws_access_key_id = AKIDDEVPROFILE\naws_secret_access_key = devsecret\n", encoding="utf-8")
    env = clean_env(home, AWS_CONFIG_FILE=str(config), AWS_SHARED_CREDENTIALS_FILE=str(creds))
    out = tmp_path / "run"
    r = awscompat("run", "--profile", "dev", *S3_LIST, "--out", out, env=env, cwd=tmp_path)
    assert "deprecated" not in r.stderr
    meta = _meta(out)
    assert meta["target"]["endpoint"] == moto_server.url, r
    assert meta["target"]["region"] == "eu-west-3"
    assert meta["target"]["access_key_id"] == "AKID…"
    assert meta["endpoint_source"] == {"*": "endpoint_url of the AWS config file"}
    assert r.code in (0, 1), r

    r = awscompat("run", "--profile", "nosuch", *S3_LIST, "--out", tmp_path / "no", env=env, cwd=tmp_path)
    assert r.code == 2 and "AWS profile 'nosuch' not found" in r.stderr and "dev" in r.stderr, r


def test_old_profile_spelling_for_a_rating_still_works_with_a_warning(home, tmp_path):
    out = tmp_path / "old"
    r = awscompat("run", "--profile", "sqs-core-2026.11", "--endpoint", DEAD, "--out", out, "-q",
                  env=cli_env(home), cwd=tmp_path)
    assert r.code == 3, r  # nothing listens: every case is an error
    assert "--profile sqs-core-2026.11 is deprecated" in r.stderr and "--rating" in r.stderr, r
    old = _meta(out)
    new_out = tmp_path / "new"
    r = awscompat("run", "--rating", "sqs-core-2026.11", "--endpoint-url", DEAD, "--out", new_out, "-q",
                  env=cli_env(home), cwd=tmp_path)
    assert r.code == 3 and "deprecated" not in r.stderr, r
    new = _meta(new_out)
    assert old["suite_digest"] == new["suite_digest"] and old["cases"] == new["cases"] > 0
    assert new["selection"]["select"], "the rating's selectors were not applied"


def test_naming_services_does_not_widen_the_families(home, tmp_path):
    out = tmp_path / "run"
    r = awscompat("run", "-s", "s3", "-s", "sqs", "--endpoint-url", DEAD, "-q", "--out", out,
                  env=cli_env(home), cwd=tmp_path)
    assert r.code == 3, r
    meta = _meta(out)
    assert meta["selection"]["families"] == ["recognised", "scenario"]
    families = {x["family"].split("/")[0] for x in read_results(out)}
    services = {x["service"] for x in read_results(out)}
    assert families == {"recognised", "scenario"} and services == {"s3", "sqs"}


def test_python_dash_m_help_and_license(home, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "awscompat", "--version"], capture_output=True, text=True,
                          env=clean_env(home), cwd=tmp_path, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("awscompat, version"), proc
    for cmd in ("list", "run", "report"):
        proc = subprocess.run([sys.executable, "-m", "awscompat", cmd, "--help"], capture_output=True, text=True,
                              env=clean_env(home), cwd=tmp_path, timeout=60)
        assert proc.returncode == 0 and "DESIGN" not in proc.stdout, proc.stdout
    root = Path(__file__).resolve().parents[1]
    license_text = (root / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in license_text and "Version 2.0, January 2004" in license_text
    assert "END OF TERMS AND CONDITIONS" in license_text  # the full text, not a stub
    assert 'license = "Apache-2.0"' in (root / "pyproject.toml").read_text(encoding="utf-8")


def test_cleanup_takes_the_aws_profile(moto_server, home, tmp_path):
    from awscompat.engine.ledger import Ledger
    from awscompat.engine.namespace import Namespace

    run = tmp_path / "run"
    run.mkdir()
    ns = Namespace()
    (run / "run.json").write_text(json.dumps({"run_id": ns.run_id, "target": {
        "name": "custom", "endpoint": moto_server.url, "region": "us-east-1", "addressing": "path"}}))
    ledger = Ledger(run / "ledger.jsonl", ns)
    ledger.record("case", "s3", "s3-bucket", ns.name("b"), {"service": "s3", "operation": "CreateBucket"}, [])
    ledger.close()
    creds = home / "credentials"
    creds.write_text("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n", encoding="utf-8")
    env = clean_env(home, AWS_SHARED_CREDENTIALS_FILE=str(creds))
    r = awscompat("cleanup", run, "--profile", "nosuch", env=env, cwd=tmp_path)
    assert r.code == 2 and "AWS profile 'nosuch' not found" in r.stderr, r
    r = awscompat("cleanup", run, env=env, cwd=tmp_path)
    assert r.code == 2 and "no AWS credentials" in r.stderr, r  # no profile named, none in the environment
    r = awscompat("cleanup", run, "--profile", "dev", env=env, cwd=tmp_path)
    assert r.code in (0, 1) and f"of run {ns.run_id}" in r.stderr, r


def test_no_help_text_points_at_the_design_document():
    from click.testing import CliRunner

    from awscompat.cli.app import main

    runner = CliRunner()
    assert "DESIGN" not in runner.invoke(main, ["--help"]).output
    for name in main.commands:
        out = runner.invoke(main, [name, "--help"])
        assert out.exit_code == 0 and "DESIGN" not in out.output, (name, out.output)
