"""Raw-HTTP steps of behaviour cases as data (docs/cases.md, `http:`; engine/httpstep.py): each way of
building and signing a request reaches a real server (moto) in the form it describes and is judged by
the same outcome rules as SDK steps; `xml:` members read an XML body, and a named step's checks read
its own answer."""

from __future__ import annotations

import awscompat.scenarios._cases  # noqa: F401 - registers the recipes and the shipped cases
from awscompat.catalog.casefile import check_case_file
from awscompat.engine.httpstep import body_bytes
from awscompat.engine.interpret import known_recipes, xml_text
from awscompat.scenarios._cases import to_case
from awscompat.spec import Spec
from test_cases_data import _run

HTTP_STEPS = """\
service: s3
feature: s3/sigv4
cases:
  - id: s3/scenario/sigv4/data-http-header-signed
    summary: A hand-signed PUT, then a hand-signed GET of what it stored, virtual-hosted.
    operations: [PutObject, GetObject]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html"}
    setup: [{recipe: bucket, as: bucket}]
    steps:
      - call: PutObject
        params: {Bucket: "${bucket}", Key: a/b.txt}
        http: {body: [hello, {repeat: "!", times: 3}], payload: UNSIGNED-PAYLOAD}
        expect: {status: 200, members: [{header: ETag, equals: '"eb9f373a6b7736d260257229e9f26979"'}]}
      - call: GetObject
        params: {Bucket: "${bucket}", Key: a/b.txt}
        http: {host: virtual}
        expect: {members: [{body: true, equals: hello!!!}, {path: ContentLength, equals: 8}]}
  - id: s3/scenario/sigv4/data-http-chunked-and-listed
    summary: An aws-chunked upload of two chunks is stored decoded; a raw ListObjects is read as its output.
    operations: [PutObject, ListObjects]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html"}
    setup: [{recipe: bucket, as: bucket}]
    steps:
      - call: PutObject
        params: {Bucket: "${bucket}", Key: k}
        http: {sign: chunked, chunk: 65536, body: [{repeat: x, times: 65536}, tail]}
      - call: ListObjects
        params: {Bucket: "${bucket}"}
        http: {}
        expect:
          members:
            - {path: Name, equals: "${bucket}"}
            - {path: "Contents[].Key", equals: [k]}
            - {path: "Contents[0].Size", equals: 65540}
            - {xml: ListBucketResult/Contents/Key, equals: k}
  - id: s3/scenario/sigv4/data-http-presigned-and-form
    summary: A presigned PUT and a POST form upload store their bytes; a presigned GET reads them.
    operations: [PutObject, PostObject, GetObject]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html"}
    setup: [{recipe: bucket, as: bucket}]
    steps:
      - call: PutObject
        params: {Bucket: "${bucket}", Key: p, Metadata: {m: v}}
        http: {sign: presigned, body: put-bytes, headers: {x-amz-meta-m: v}}
      - call: PostObject
        params: {Bucket: "${bucket}", Key: f}
        http: {sign: post-form, body: form-bytes, fields: {x-amz-meta-n: w}, conditions: [{x-amz-meta-n: w}]}
        expect: {status: 204}
      - call: GetObject
        params: {Bucket: "${bucket}", Key: f}
        http: {sign: presigned}
        expect: {members: [{body: true, equals: form-bytes}, {path: Metadata, equals: {n: w}}]}
      - call: GetObject
        params: {Bucket: "${bucket}", Key: p}
        expect: {members: [{body: true, equals: put-bytes}, {path: Metadata, equals: {m: v}}]}
  - id: s3/scenario/sigv4/data-http-wrong-body
    summary: >-
      An unsigned request to a private object is refused; a raw answer that contradicts the
      expectation is a fail with the exchange as evidence.
    operations: [GetObject]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html"}
    setup:
      - {recipe: bucket, as: bucket}
      - {recipe: object, as: obj, with: {bucket: "${bucket}", key: k, body: real}}
    steps:
      - call: GetObject
        params: {Bucket: "${bucket}", Key: k}
        http: {sign: unsigned}
        expect: {status: 403}
      - call: GetObject
        params: {Bucket: "${bucket}", Key: k}
        http: {query: {x-id: GetObject}}
        expect: {members: [{body: true, equals: other}]}
  - id: s3/scenario/sigv4/data-xml-and-own-answer
    summary: An SDK error answer's XML body is read by `xml:`; a named step's check reads its own headers.
    operations: [GetObject]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html"}
    setup: [{recipe: bucket, as: bucket}]
    steps:
      - name: missing
        call: GetObject
        params: {Bucket: "${bucket}", Key: nope}
        expect:
          status: 404
          members:
            - {xml: Error/Code, equals: NoSuchKey}
            - {xml: Error/Nothing, absent: true}
            - {header: x-amz-request-id, equals: '${steps.missing.ResponseMetadata.HTTPHeaders."x-amz-request-id"}'}
  - id: s3/scenario/sigv4/data-xml-wrong
    summary: An `xml:` member that the body contradicts is a fail.
    operations: [GetObject]
    provenance: {kind: aws-docs, ref: "https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html"}
    setup: [{recipe: bucket, as: bucket}]
    steps:
      - call: GetObject
        params: {Bucket: "${bucket}", Key: nope}
        http: {}
        expect: {status: 404, members: [{xml: Error/Code, equals: NoSuchBucket}]}
"""


def test_http_steps_check_clean(tmp_path):
    path = tmp_path / "http.yaml"
    path.write_text(HTTP_STEPS)
    _, problems = check_case_file(path, known_recipes(), Spec())
    assert problems == []
    # A signing kind the format does not have is a schema problem, with its line.
    path.write_text(HTTP_STEPS.replace("sign: chunked", "sign: chunky"))
    try:
        check_case_file(path, known_recipes(), Spec())
    except Exception as exc:  # noqa: BLE001 - UserFileError, one line
        assert "http.yaml:" in str(exc) and "chunky" in str(exc)
    else:
        raise AssertionError("an unknown signing kind was accepted")


def test_body_and_xml_helpers():
    assert body_bytes([{"repeat": "ab", "times": 3}, "c"]) == b"abababc"
    assert body_bytes(None) == b""
    doc = b'<?xml version="1.0"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' \
          b"<Name>b</Name><Contents><Key>k1</Key></Contents><Contents><Key>k2</Key></Contents></ListBucketResult>"
    assert xml_text(doc, "ListBucketResult/Name") == "b"
    assert xml_text(doc, "ListBucketResult/Contents/Key") == "k1"  # the first match
    assert xml_text(doc, "Error/Code") is None and xml_text(b"not xml", "Error") is None


def test_http_steps_on_moto(moto_server, tmp_path):
    path = tmp_path / "http.yaml"
    path.write_text(HTTP_STEPS)
    decls, _ = check_case_file(path, known_recipes(), Spec())
    results = _run([to_case(d) for d in decls], moto_server.url, tmp_path / "run")
    outcome = {k.rsplit("/", 1)[1]: r["outcome"] for k, r in results.items()}
    assert outcome == {"data-http-header-signed": "pass", "data-http-chunked-and-listed": "pass",
                       "data-http-presigned-and-form": "pass", "data-http-wrong-body": "fail",
                       "data-xml-and-own-answer": "pass", "data-xml-wrong": "fail"}, \
        {k: r.get("message") for k, r in results.items()}
    wrong = results["s3/scenario/sigv4/data-http-wrong-body"]
    assert "body: expected 'other', observed 'real'" in wrong["message"]
    request = wrong["evidence"]["request"]
    assert request["method"] == "GET" and "x-id=GetObject" in request["url"]
    assert "XML Error/Code: expected 'NoSuchBucket', observed 'NoSuchKey'" in \
        results["s3/scenario/sigv4/data-xml-wrong"]["message"]
