"""Evidence never carries secrets, and always carries a reproduce line."""

from awscompat.engine.evidence import Exchange, excerpt, redact_header, redact_text, redact_url

AUTH = ("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEKEY123456/20261122/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef")


def test_authorization_and_tokens_are_redacted():
    red = redact_header("Authorization", AUTH)
    assert "0123456789abcdef" not in red and "AKIAEXAMPLEKEY123456" not in red
    assert red.startswith("AWS4-HMAC-SHA256 Credential=AKIA")
    assert redact_header("X-Amz-Security-Token", "FwoGZXIvYXdzE") == "<redacted>"
    assert redact_header("Content-Type", "text/plain") == "text/plain"


def test_secrets_in_bodies_and_urls_are_redacted():
    xml = "<AccessKey><AccessKeyId>AKIA1</AccessKeyId><SecretAccessKey>wJalr/K7MDENG</SecretAccessKey></AccessKey>"
    assert "wJalr" not in redact_text(xml) and "AKIA1" not in redact_text(xml)  # key ids too (issue 14)
    js = '{"Credentials": {"SecretAccessKey": "wJalr\\"x", "SessionToken": "FwoG"}}'
    assert "wJalr" not in redact_text(js) and "FwoG" not in redact_text(js)
    assert "hunter2" not in redact_text("Action=CreateLoginProfile&Password=hunter2&UserName=u")
    url = "https://b.s3.amazonaws.com/k?X-Amz-Signature=abc123&X-Amz-Credential=AKIA%2F&partNumber=1"
    red = redact_url(url)
    assert "abc123" not in red and "partNumber=1" in red


def test_excerpt_bounds_and_binary():
    assert excerpt(b"x" * 5000).endswith("(5000 bytes)")
    assert excerpt(b"\xff\xfe\x00") == "<3 bytes binary>"
    assert excerpt(None) == ""


def test_exchange_reproduce_lines():
    ex = Exchange(service="s3", operation="PutObject", params={"Bucket": "b", "Key": "k", "Body": b"hi"},
                  method="PUT", url="http://127.0.0.1:5000/b/k",
                  request_headers={"Authorization": AUTH, "Content-Type": "text/plain", "X-Amz-Date": "x"},
                  request_body=b"hi", status=500, response_headers={"x": "y"}, response_body=b"<Error/>")
    d = ex.to_dict("us-east-1", "s3")
    curl = d["reproduce"]["curl"]
    assert "--aws-sigv4 aws:amz:us-east-1:s3" in curl and "0123456789abcdef" not in curl
    assert "'Content-Type: text/plain'" in curl and "http://127.0.0.1:5000/b/k" in curl
    assert "put_object" in d["reproduce"]["boto3"] and "endpoint_url='http://127.0.0.1:5000'" in d["reproduce"]["boto3"]
    assert d["response"]["status"] == 500 and d["request"]["method"] == "PUT"
