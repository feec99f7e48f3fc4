"""`recorded:` expectations in the shipped case files are checked offline against the recorded AWS
answers (../shared/reference/aws-recorded) under their normalisers; every recorded-aws provenance of
a case file names a recording that exists (issue 15, docs/cases.md "Evidence")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from awscompat.catalog.casefile import load_case_file, shipped_case_files
from awscompat.catalog.recordings import disagreements, resolve, view

ROOT = Path(os.environ.get("AWSCOMPAT_REFERENCE", Path(__file__).resolve().parents[2] / "shared" / "reference"))
RECORDED = ROOT / "aws-recorded"


@pytest.fixture(scope="module")
def recorded_root() -> Path:
    if not RECORDED.is_dir():
        pytest.fail(f"the reference data is not at {RECORDED} (set AWSCOMPAT_REFERENCE)", pytrace=False)
    return RECORDED


def _cited() -> list[tuple[str, int, dict]]:
    out = []
    for path in shipped_case_files():
        for decl in load_case_file(path):
            out += [(decl.id, i, step["expect"]) for i, step in enumerate(decl.steps, 1)
                    if "recorded" in (step.get("expect") or {})]
    return out


def test_recorded_expectations_agree_with_the_recordings(recorded_root):
    cited = _cited()
    assert len(cited) >= 7
    problems = []
    for case_id, step, expect in cited:
        seen = view(resolve(recorded_root, expect["recorded"]), expect.get("normalise", ["botocore"]))
        problems += [f"{case_id} step {step}: {p}" for p in disagreements(expect, seen)]
    assert problems == []


def test_recorded_provenance_names_an_existing_recording(recorded_root):
    count = 0
    for path in shipped_case_files():
        for decl in load_case_file(path):
            prov = decl.provenance
            if prov.kind == "recorded-aws":
                resolve(recorded_root, f"{prov.ref}#{prov.key}/{prov.step}")
                count += 1
    assert count >= 6


def test_a_step_name_may_hold_slashes():
    """The test key ends at the first slash after its last `::` (and its parameters): a recorded
    step such as `copy-object-special-char-test key//` is found whole."""
    from awscompat.catalog.recordings import split_ref

    key = "tests/aws/services/s3/test_s3.py::TestS3::test_copy_object_special_character"
    assert split_ref(f"s3/test_s3.snapshot.json#{key}/copy-object-special-char-a/%F0%9F%98%80/") == (
        "s3/test_s3.snapshot.json", key, "copy-object-special-char-a/%F0%9F%98%80/")
    assert split_ref("f.json#tests/x.py::T::test_p[a/b]/step") == ("f.json", "tests/x.py::T::test_p[a/b]", "step")
    assert split_ref("f.json#tests/x.py::T::test_q[head_object]/etag") == ("f.json", "tests/x.py::T::test_q[head_object]",
                                                                          "etag")


@pytest.mark.parametrize(("change", "says"), [
    ({"status": 200}, "status: the case expects 200, AWS answered 409"),
    ({"error": "NoSuchBucket"}, "error code: the case expects NoSuchBucket, AWS answered 'BucketNotEmpty'"),
    ({"status": None, "error": None}, "the case expects success, AWS answered an error"),
    ({"members": [{"path": "Error.Message", "type": "string"}, {"path": "Error.BucketName", "equals": "x"}]},
     "Error.BucketName: expected 'x', observed '<bucket-name:1>' (in the recording)"),
])
def test_a_wrong_expectation_is_caught(recorded_root, change, says):
    ref = ("s3/test_s3_api.snapshot.json#tests/aws/services/s3/test_s3_api.py::TestS3BucketCRUD::"
           "test_delete_bucket_with_objects/delete-with-obj")
    expect = {"status": 409, "error": "BucketNotEmpty", "recorded": ref, **change}
    expect = {k: v for k, v in expect.items() if v is not None}
    seen = view(resolve(recorded_root, ref))
    assert says in disagreements(expect, seen)


def test_normalisers(recorded_root):
    base = "s3/test_s3.snapshot.json#tests/aws/services/s3/test_s3.py::TestS3::test_create_bucket_head_bucket/"
    head = view(resolve(recorded_root, base + "head_bucket_not_exist"))
    assert (head.status, head.code) == (404, "404")
    assert view(resolve(recorded_root, base + "head_bucket_not_exist"), ["botocore", "status-only-error"]).code is None
    headers = view(resolve(recorded_root, base + "head_bucket_filtered_header"), ["headers"])
    assert disagreements({"members": [{"header": "X-Amz-Bucket-Region", "equals": "${region}"}]}, headers) == []
    assert disagreements({"members": [{"header": "content-type", "equals": "text/html"}]}, headers) == [
        "header content-type: expected 'text/html', observed 'application/xml' (in the recording)"]
    with pytest.raises(LookupError, match="recorded no step 'nope'"):
        resolve(recorded_root, base + "nope")
