"""Bad input for `awscompat footprint`: each bad file is reported with its name and reason and
skipped; the footprint of everything else is still produced (exit 0)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from awscompat.advisor.collect import build_footprint
from awscompat.spec import get_spec
from clirun import awscompat, cli_env


def cmd_env(home: Path) -> dict[str, str]:
    """The command's environment, sharing this process's model cache (with a fresh HOME the
    first footprint would parse every botocore model from JSON)."""
    cache = get_spec().cache_dir
    return cli_env(home, **({"AWSCOMPAT_CACHE": str(cache.parent)} if cache else {}))


GOOD_PY = "import boto3\n\ns3 = boto3.client('s3')\ns3.put_object(Bucket='b', Key='k', Body=b'')\n"
TRAIL = {"Records": [{"eventSource": "sqs.amazonaws.com", "eventName": "SendMessage", "eventType": "AwsApiCall"}]}


def make_inputs(root: Path) -> dict[str, str]:
    """Writes one good file of each kind and the bad ones; returns {file name: expected reason start}."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.py").write_text(GOOD_PY)
    (root / "trail.json").write_text(json.dumps(TRAIL))
    (root / "policy.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Resource": "*",
        "Action": ["sns:Publish", "s3:GetObjectt", "nosuchservice:DoIt", "s3", 42, "sqs:Nope*"]}]}))
    (root / "stack.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n"
                                     "      TopicName: !Sub 'x-${AWS::Region}'\n")
    bad = {
        "broken.py": "Python syntax error at line 2",
        "binary.py": "binary file (NUL bytes)",
        "latin1.py": "not decodable Python source",
        "cut.json": "not valid JSON (truncated?)",
        "cut.json.gz": "truncated or corrupt gzip",
        "other.json": "JSON that is not a CloudTrail log",
        "records.json": "not a CloudTrail log: no record has an eventSource",
        "tags.yaml": "not readable YAML: unknown tag '!Frobnicate' at line 4",
        "notes.yaml": "YAML that is not a CloudTrail log",
    }
    (root / "broken.py").write_text("import boto3\ndef f(:\n    pass\n")
    (root / "binary.py").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00boto3")
    (root / "latin1.py").write_bytes("import boto3\nname = 'caf\xe9'\n".encode("latin-1"))
    (root / "cut.json").write_text(json.dumps(TRAIL)[:-12])
    (root / "cut.json.gz").write_bytes(gzip.compress(json.dumps(TRAIL).encode())[:-10])
    (root / "other.json").write_text('{"name": "not aws", "items": [1, 2]}')
    (root / "records.json").write_text('{"Records": [1, {"no": "source"}]}')
    (root / "tags.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Name: !Frobnicate x\n")
    (root / "notes.yaml").write_text("just: some\nnotes: [1, 2]\n")
    return bad


def test_bad_files_are_reported_and_skipped(tmp_path: Path) -> None:
    bad = make_inputs(tmp_path / "in")
    fp = build_footprint([tmp_path / "in"], jobs=1).to_dict()
    problems = {Path(p["file"]).name: p["reason"] for p in fp["problems"] if Path(p["file"]).name in bad}
    assert set(problems) == set(bad), fp["problems"]
    for name, start in bad.items():
        assert problems[name].startswith(start), (name, problems[name])
    # the policy's invalid actions: each reported, the valid one still read
    policy = sorted(p["reason"] for p in fp["problems"] if p["file"].endswith("policy.json"))
    assert policy == sorted([
        "IAM policy statement 0: invalid action 's3' (expected service:Action)",
        "IAM policy statement 0: invalid action 's3:GetObjectt': no such action",
        "IAM policy statement 0: invalid action 'nosuchservice:DoIt': unknown service prefix 'nosuchservice'",
        "IAM policy statement 0: invalid action 'sqs:Nope*': the pattern matches no action",
        "IAM policy statement 0: invalid action 42 (expected service:Action)",
    ])
    # everything else is still in the footprint
    ops = {f"{s}.{o}": e["usage"] for s, v in fp["services"].items() for o, e in v.items()}
    assert ops["s3.PutObject"] == "used" and ops["sqs.SendMessage"] == "used"
    assert ops["sns.Publish"] == "permitted" and ops["sns.CreateTopic"] == "used"
    assert fp["files"] == {"cloudformation": 1, "cloudtrail": 1, "iam-policy": 1, "python": 1}


def test_partly_bad_cloudtrail_keeps_the_good_records(tmp_path: Path) -> None:
    doc = {"Records": [TRAIL["Records"][0], "junk", {"eventSource": "s3.amazonaws.com"}]}
    (tmp_path / "t.json").write_text(json.dumps(doc))
    fp = build_footprint([tmp_path / "t.json"], jobs=1).to_dict()
    assert fp["problems"] == [{"file": str(tmp_path / "t.json"),
                               "reason": "2 of 3 records have no eventSource/eventName: skipped"}]
    assert fp["services"]["sqs"]["SendMessage"]["seen"][0]["count"] == 1


def test_explicit_binary_file_of_unknown_kind(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "README").write_text("A workload.\n\nNothing to see.\n")
    fp = build_footprint([tmp_path / "photo.png", tmp_path / "README", tmp_path], jobs=1).to_dict()
    reasons = {Path(p["file"]).name: p["reason"] for p in fp["problems"]}
    assert reasons["photo.png"].startswith("binary file")
    assert reasons["README"].startswith("YAML that is not")  # plain text reads as a YAML string
    assert fp["summary"]["operations"] == 0


def test_cli_exit_0_and_problems_on_stderr(tmp_path: Path, home: Path) -> None:
    bad = make_inputs(tmp_path / "in")
    out = tmp_path / "fp.json"
    res = awscompat("footprint", str(tmp_path / "in"), "--out", str(out), env=cmd_env(home), cwd=tmp_path)
    assert res.code == 0, res
    for name in bad:
        assert f"skipped {tmp_path / 'in' / name}:" in res.stderr, (name, res.stderr)
    data = json.loads(out.read_text())
    assert data["format"] == "awscompat-footprint/1" and "PutObject" in data["services"]["s3"]
    assert len(data["problems"]) == len(bad) + 5  # + the policy's five invalid actions


def test_cli_usage_errors(tmp_path: Path, home: Path) -> None:
    res = awscompat("footprint", str(tmp_path / "missing"), "--out", str(tmp_path / "x.json"),
                    env=cmd_env(home), cwd=tmp_path)
    assert res.code == 2 and "does not exist" in res.stderr
    res = awscompat("footprint", str(tmp_path), env=cmd_env(home), cwd=tmp_path)
    assert res.code == 2 and "--out" in res.stderr


def test_files_without_sdk_are_parsed_only_with_parse_all(tmp_path: Path) -> None:
    (tmp_path / "util.py").write_text("def f(:\n    pass\n")  # no SDK named: cannot add to the footprint
    (tmp_path / "app.py").write_text(GOOD_PY)
    fp = build_footprint([tmp_path], jobs=1).to_dict()
    assert fp["problems"] == [] and fp["files"] == {"python": 1, "python without SDK use": 1}
    fp = build_footprint([tmp_path], jobs=1, parse_all=True).to_dict()
    assert fp["problems"] == [{"file": str(tmp_path / "util.py"), "reason": "Python syntax error at line 1: "
                                                                            "invalid syntax"}]
    assert "PutObject" in fp["services"]["s3"]


def test_cloudtrail_digest_files_are_not_problems(tmp_path: Path) -> None:
    (tmp_path / "digest.json.gz").write_bytes(gzip.compress(json.dumps({
        "awsAccountId": "123456789012", "digestStartTime": "2026-11-20T11:00:00Z",
        "digestEndTime": "2026-11-20T12:00:00Z", "logFiles": []}).encode()))
    fp = build_footprint([tmp_path], jobs=1).to_dict()
    assert fp["problems"] == [] and fp["files"] == {"cloudtrail digests (no calls)": 1}

