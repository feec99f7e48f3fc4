"""The cleanup ledger: written before creates, readable after a kill, namespace-checked."""

import pytest

from awscompat.engine.ledger import Ledger, read_ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.sweep import undo_calls


def test_record_done_and_read_back(tmp_path):
    ns = Namespace("0badcafe")
    led = Ledger(tmp_path / "ledger.jsonl", ns)
    a = led.record("c1", "s3", "s3-bucket", ns.name(), {"operation": "CreateBucket"}, [])
    b = led.record("c2", "s3", "s3-bucket", ns.name(), {"operation": "CreateBucket"}, [])
    led.done(a)
    led.close()
    header, pending = read_ledger(tmp_path / "ledger.jsonl")
    assert header["run_id"] == "0badcafe" and header["namespace"] == "awscompat-0badcafe-"
    assert [e.seq for e in pending] == [b.seq]


def test_a_line_cut_short_by_a_kill_is_tolerated(tmp_path):
    ns = Namespace()
    led = Ledger(tmp_path / "l.jsonl", ns)
    led.record("c", "s3", "s3-bucket", ns.name(), {}, [])
    led.close()
    with open(tmp_path / "l.jsonl", "a") as fh:
        fh.write('{"seq": 2, "case": "c", "serv')
    _, pending = read_ledger(tmp_path / "l.jsonl")
    assert len(pending) == 1


def test_refuses_names_outside_the_namespace(tmp_path):
    ns = Namespace()
    led = Ledger(tmp_path / "l.jsonl", ns)
    with pytest.raises(ValueError):
        led.record("c", "s3", "s3-bucket", "awscompat-foreign-0001", {}, [])
    with pytest.raises(ValueError):
        led.record("c", "s3", "s3-bucket", "awscompat-deadbeef-00001", {}, [])
    led.close()


def test_namespace_names_are_unique_and_valid_bucket_names():
    ns = Namespace()
    names = {ns.name("Some Hint!") for _ in range(100)}
    assert len(names) == 100
    for n in names:
        assert n.startswith(ns.prefix) and len(n) <= 63 and n == n.lower()


def test_undo_is_derived_from_the_model():
    assert undo_calls("s3", "CreateBucket", {"Bucket": "b"}) == [
        {"service": "s3", "operation": "DeleteBucket", "params": {"Bucket": "b"}}]
    assert undo_calls("iam", "CreateUser", {"UserName": "u"})[0]["operation"] == "DeleteUser"
    sqs = undo_calls("sqs", "CreateQueue", {"QueueName": "q"}, {"QueueUrl": "http://x/1/q"})
    assert sqs == [{"service": "sqs", "operation": "DeleteQueue", "params": {"QueueUrl": "http://x/1/q"}}]
    assert undo_calls("sqs", "CreateQueue", {"QueueName": "q"}) == []  # no URL known: nothing guessed


def test_delete_calls_known_only_after_the_create(tmp_path):
    ns = Namespace()
    led = Ledger(tmp_path / "l.jsonl", ns)
    entry = led.record("c", "kms", "kms-key", ns.name(), {"operation": "CreateKey"}, [])
    led.set_delete(entry, [{"service": "kms", "operation": "ScheduleKeyDeletion",
                            "params": {"KeyId": "1234", "PendingWindowInDays": 7}}])
    led.close()
    _, pending = read_ledger(tmp_path / "l.jsonl")
    assert pending[0].delete[0]["params"]["KeyId"] == "1234"
