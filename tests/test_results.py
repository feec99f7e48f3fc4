"""The results package (src/awscompat/results): Outcome keeps the stored strings byte-identical,
CaseResult records, run-folder I/O, and the one suite digest agreeing with the shipped lock files."""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3

import pytest

from awscompat.results import (
    ERROR,
    FAIL,
    OUTCOMES,
    PASS,
    SKIP,
    UNSUPPORTED,
    CaseResult,
    Outcome,
    RunFolderError,
    digest_of_lines,
    iter_results,
    load_run,
)
from awscompat.results.runfolder import ResultsFile, read_meta, write_meta, write_results

STORED = ["pass", "fail", "unsupported", "error", "skip"]  # the strings run folders and databases hold


def test_outcome_members_are_the_stored_strings():
    assert [str(o) for o in OUTCOMES] == STORED
    assert (PASS, FAIL, UNSUPPORTED, ERROR, SKIP) == tuple(STORED)
    for member, text in zip(OUTCOMES, STORED, strict=True):
        assert member == text and hash(member) == hash(text)
        assert json.dumps({"outcome": member}) == json.dumps({"outcome": text})
        assert f"{member}" == text and str(member) == text
        assert Outcome(text) is member
    assert {"pass": 1}[PASS] == 1  # counts keyed by the stored string find a member, and back
    with pytest.raises(ValueError):
        Outcome("passed")


def test_outcome_round_trips_through_sqlite_as_text():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE r (outcome TEXT)")
    db.executemany("INSERT INTO r VALUES (?)", [(o,) for o in OUTCOMES])
    assert [row[0] for row in db.execute("SELECT outcome FROM r")] == STORED
    assert db.execute("SELECT count(*) FROM r WHERE outcome = ?", (UNSUPPORTED,)).fetchone()[0] == 1


def _result(outcome: Outcome, **kw) -> CaseResult:
    return CaseResult(id="s3/PutObject/recognised", outcome=outcome, duration_ms=12.345, service="s3",
                      operations=["PutObject"], feature="s3/objects", severity="required",
                      provenance={"kind": "model", "ref": "PutObject"}, family="recognised", **kw)


def test_case_result_record_holds_plain_strings():
    record = _result(FAIL, attempts=[FAIL, PASS], flaky=True, teardown=["teardown of bucket x"]).to_dict()
    assert type(record["outcome"]) is str and record["outcome"] == "fail"
    assert [type(a) for a in record["attempts"]] == [str, str] and record["attempts"] == ["fail", "pass"]
    assert list(record)[:12] == ["id", "outcome", "duration_ms", "service", "operations", "family", "revision",
                                 "feature", "severity", "provenance", "message", "evidence"]
    assert record["duration_ms"] == 12.35 and record["teardown"] == ["teardown of bucket x"]
    assert "exchanges" not in _result(PASS).to_dict()


def test_run_folder_round_trip(tmp_path):
    meta = {"run_id": "r1", "counts": {o: 0 for o in OUTCOMES}, "status": "running"}
    write_meta(tmp_path, meta)
    assert load_run(tmp_path) == {"run_id": "r1", "counts": dict.fromkeys(STORED, 0), "status": "running"}
    assert not (tmp_path / "run.json.tmp").exists()
    assert (tmp_path / "run.json").read_text().endswith("}\n")
    out = ResultsFile(tmp_path)
    out.append(_result(PASS).to_dict())
    out.append(_result(SKIP).to_dict())
    out.close()
    assert [r["outcome"] for r in iter_results(tmp_path)] == ["pass", "skip"]
    write_results(tmp_path, [_result(ERROR).to_dict()])
    assert [r["outcome"] for r in iter_results(tmp_path)] == ["error"]


def test_run_folder_damage(tmp_path):
    with pytest.raises(RunFolderError, match="no run.json"):
        load_run(tmp_path)
    assert read_meta(tmp_path) == {}
    (tmp_path / "run.json").write_text("{not json")
    with pytest.raises(RunFolderError, match="not valid JSON"):
        load_run(tmp_path)
    assert read_meta(tmp_path) == {}
    good = json.dumps(_result(PASS).to_dict())
    (tmp_path / "results.jsonl").write_text(good + "\n" + good[:20])  # a killed run's last line
    assert len(list(iter_results(tmp_path))) == 1
    (tmp_path / "results.jsonl").write_text(good[:20] + "\n" + good + "\n")  # damage in the middle
    with pytest.raises(RunFolderError, match=r"results.jsonl:1"):
        list(iter_results(tmp_path))


def test_published_folder_reads_compressed_results(tmp_path):
    lines = [json.dumps(_result(o).to_dict()) for o in OUTCOMES]
    with gzip.open(tmp_path / "results.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    assert [r["outcome"] for r in iter_results(tmp_path)] == STORED


def test_digest_is_sha256_of_sorted_lines():
    lines = ["s3/b@2", "s3/a@1"]
    assert digest_of_lines(lines) == "sha256:" + hashlib.sha256(b"s3/a@1\ns3/b@2\n").hexdigest()
    assert digest_of_lines(iter(lines)) == digest_of_lines(sorted(lines))


def test_digest_agrees_with_every_shipped_lock():
    """The pinned profiles declare the digest of their lock files; results/digest.py recomputes it."""
    from awscompat.ratings import list_profiles, load_profile
    from awscompat.ratings.lock import parse_lock

    checked = 0
    for name in list_profiles():
        profile = load_profile(name)
        if not profile.pinned:
            continue
        pinned = parse_lock(open(profile.lock, encoding="utf-8").read(), profile.lock)
        assert digest_of_lines(f"{c.id}@{c.revision}" for c in pinned.values()) == profile.pinned_digest
        checked += 1
    assert checked
