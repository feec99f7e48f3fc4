"""The AWS CLI's high-level S3 commands (`aws s3 cp`, `sync`, `ls`), the tool most users try first
(issue 18, docs/clients.md). These cases (ids `s3/scenario/<feature>/awscli-<name>`) run only
with `awscompat run --client awscli` (the CLI from its own environment, .providers/awscli-venv;
engine/clients.py), `skip` otherwise.

Each case runs the CLI against the target with a config of its own (a 5 MiB multipart threshold
and part size, path-style addressing, the target's credentials in the CLI's environment, never on
its command line) and judges what the S3 server stored and answered, read back with the suite's own
client: the bytes, the ETag (the MD5 of a single PUT, `<md5 of md5s>-<parts>` of a multipart
upload, so it tells which one the CLI made), the listing. A CLI that cannot reach the target is
`error`; a CLI command that fails on the server's answer is `fail`, with the CLI's message."""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import time
from pathlib import Path

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.outcomes import HarnessError
from awscompat.scenarios.s3._fixtures import body, credentials, make_bucket, md5_etag, multipart_etag

CP = docs("https://docs.aws.amazon.com/cli/latest/reference/s3/cp.html")
SYNC = docs("https://docs.aws.amazon.com/cli/latest/reference/s3/sync.html")
LS = docs("https://docs.aws.amazon.com/cli/latest/reference/s3/ls.html")
THRESHOLDS = docs("https://docs.aws.amazon.com/cli/latest/topic/s3-config.html")
MIB = 1024 * 1024
CONFIG = """[default]
region = {region}
s3 =
  multipart_threshold = 5MB
  multipart_chunksize = 5MB
  addressing_style = path
"""


def case(case_id: str, operations: list[str], provenance):
    """An AWS CLI case: its name starts with `awscli-` (what engine/runner.py runs with --client
    awscli); its feature is the one its id names (objects, multipart, listing)."""
    return scenario(id=case_id, feature="s3/" + case_id.split("/")[2], operations=operations, provenance=provenance,
                    timeout=120)


def aws(ctx: CaseContext, *args: str, home: Path) -> str:
    """Run `aws <args>` against the target; its stdout. Skip unless the run's client is awscli."""
    from awscompat.engine.clients import awscli_path

    aws_guard(ctx)
    creds = credentials(ctx)
    config = home / "config"
    config.write_text(CONFIG.format(region=ctx.region), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(HOME=str(home), AWS_CONFIG_FILE=str(config), AWS_SHARED_CREDENTIALS_FILE=str(home / "none"),
               AWS_ACCESS_KEY_ID=creds.access_key, AWS_SECRET_ACCESS_KEY=creds.secret_key,
               AWS_EC2_METADATA_DISABLED="true", AWS_PAGER="")
    if creds.token:
        env["AWS_SESSION_TOKEN"] = creds.token
    endpoint = ctx.transport.target.endpoint_for("s3")
    argv = [str(awscli_path()), *args, *(["--no-progress"] if args[1] in ("cp", "sync") else [])]
    if endpoint:
        argv += ["--endpoint-url", endpoint]
    left = max(5.0, ctx.deadline - time.monotonic() - 5)
    try:
        done = subprocess.run(argv, env=env, cwd=home, capture_output=True, text=True, timeout=left,  # noqa: S603
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise HarnessError(f"`aws {' '.join(args[:2])}` did not finish within {left:.0f}s") from exc
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip()[-600:]
        if "Could not connect" in message or "Connect timeout" in message:
            raise HarnessError(f"`aws {' '.join(args[:2])}` could not reach the target: {message}")
        ctx.fail(f"`aws {' '.join(args[:2])}` failed (exit {done.returncode}): {message}",
                 expected="exit 0", observed=message)
    return done.stdout


def _workdir(ctx: CaseContext) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="awscompat-awscli-"))

    def remove() -> None:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)

    ctx.defer("remove the CLI's working folder", remove)
    return folder


def _data(size: int, seed: bytes) -> bytes:
    block = hashlib.sha256(seed).digest() * 2048  # 64 KiB, different per case
    return (block * (size // len(block) + 1))[:size]


def _upload(ctx: CaseContext, size: int, seed: bytes) -> tuple[str, bytes, Path]:
    aws_guard(ctx)
    home = _workdir(ctx)
    bucket = make_bucket(ctx, "cli")
    data = _data(size, seed)
    (home / "file.bin").write_bytes(data)
    aws(ctx, "s3", "cp", "file.bin", f"s3://{bucket}/file.bin", home=home)
    return bucket, data, home


def _stored(ctx: CaseContext, bucket: str, key: str, data: bytes, etag: str) -> None:
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key=key), "GetObject of the CLI's upload")
    ctx.equal(reply.get("ContentLength"), len(data), "ContentLength", reply)
    ctx.check(body(reply) == data, "the stored bytes differ from the file the CLI uploaded",
              expected=f"{len(data)} bytes, md5 {hashlib.md5(data).hexdigest()}",  # noqa: S324
              observed=f"md5 {hashlib.md5(body(reply)).hexdigest()}", reply=reply)  # noqa: S324
    ctx.equal(reply.get("ETag"), etag, "ETag (single PUT or multipart, as the CLI chose)", reply)


@case("s3/scenario/objects/awscli-cp-below-threshold", ["PutObject", "GetObject"], CP)
def cp_below_threshold(ctx: CaseContext) -> None:
    """`aws s3 cp` of a 1 MiB file (under the 5 MiB threshold) is one PutObject: the object holds
    the file's bytes and its ETag is their MD5."""
    bucket, data, _ = _upload(ctx, MIB, b"below")
    _stored(ctx, bucket, "file.bin", data, md5_etag(data))


@case("s3/scenario/multipart/awscli-cp-above-threshold", ["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload",
                                               "GetObject"], THRESHOLDS)
def cp_above_threshold(ctx: CaseContext) -> None:
    """`aws s3 cp` of an 11 MiB file (over the 5 MiB threshold) is a multipart upload of three
    5 MiB parts: the object holds the file's bytes and its ETag is that of a 3-part upload."""
    bucket, data, _ = _upload(ctx, 11 * MIB, b"above")
    _stored(ctx, bucket, "file.bin", data, multipart_etag([data[i:i + 5 * MIB] for i in range(0, len(data), 5 * MIB)]))


@case("s3/scenario/multipart/awscli-cp-download-multipart", ["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload",
                                                  "HeadObject", "GetObject"], CP)
def cp_download_multipart(ctx: CaseContext) -> None:
    """`aws s3 cp` from S3 of an 11 MiB object (the CLI downloads it in ranged GETs) writes the
    same bytes as were uploaded."""
    bucket, data, home = _upload(ctx, 11 * MIB, b"download")
    aws(ctx, "s3", "cp", f"s3://{bucket}/file.bin", "back.bin", home=home)
    got = (home / "back.bin").read_bytes()
    ctx.check(got == data, "the downloaded file differs from the uploaded one",
              expected=f"{len(data)} bytes", observed=f"{len(got)} bytes")


@case("s3/scenario/objects/awscli-sync-uploads-then-nothing", ["ListObjectsV2", "PutObject", "HeadObject"], SYNC)
def sync_uploads_then_nothing(ctx: CaseContext) -> None:
    """`aws s3 sync` of a folder uploads every file under the prefix; a second sync of the same
    folder uploads nothing (the listing's sizes and times say the objects are current)."""
    aws_guard(ctx)
    home = _workdir(ctx)
    bucket = make_bucket(ctx, "cli")
    folder = home / "tree"
    (folder / "sub").mkdir(parents=True)
    files = {"a.txt": b"alpha", "sub/b.txt": b"beta" * 100, "sub/c.bin": _data(6 * MIB, b"sync")}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    aws(ctx, "s3", "sync", "tree", f"s3://{bucket}/p/", home=home)
    listed = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket), "ListObjectsV2")
    keys = sorted(o["Key"] for o in listed.get("Contents") or [])
    ctx.equal(keys, sorted(f"p/{n}" for n in files), "keys after the sync", listed)
    again = aws(ctx, "s3", "sync", "tree", f"s3://{bucket}/p/", home=home)
    ctx.check("upload:" not in again, "the second sync uploaded files that were already current",
              expected="no upload", observed=again.strip()[:500])


@case("s3/scenario/listing/awscli-ls-keys-and-prefixes", ["PutObject", "ListObjectsV2"], LS)
def ls_keys_and_prefixes(ctx: CaseContext) -> None:
    """`aws s3 ls s3://bucket/` shows the keys at the top level and each common prefix as `PRE
    <prefix>/` (a delimited listing); `--recursive` shows every key with its size."""
    aws_guard(ctx)
    home = _workdir(ctx)
    bucket = make_bucket(ctx, "cli")
    for key, data in {"top.txt": b"12345", "dir/inner.txt": b"1234567"}.items():
        ctx.fixture("s3", "PutObject", Bucket=bucket, Key=key, Body=data)
    lines = [line.split() for line in aws(ctx, "s3", "ls", f"s3://{bucket}/", home=home).splitlines() if line.strip()]
    ctx.check(["PRE", "dir/"] in lines, "no `PRE dir/` line", expected="PRE dir/", observed=lines)
    ctx.check(any(line[-1] == "top.txt" and line[-2] == "5" for line in lines), "no `top.txt` line of 5 bytes",
              expected="... 5 top.txt", observed=lines)
    deep = aws(ctx, "s3", "ls", f"s3://{bucket}/", "--recursive", home=home)
    names = sorted(line.split()[-1] for line in deep.splitlines() if line.strip())
    ctx.equal(names, ["dir/inner.txt", "top.txt"], "keys of `ls --recursive`")


def aws_guard(ctx: CaseContext) -> None:
    """Skip before creating anything unless the run's client is the AWS CLI."""
    if getattr(ctx.transport, "client_name", "botocore") != "awscli":
        ctx.skip("an AWS CLI case: it runs with --client awscli")
