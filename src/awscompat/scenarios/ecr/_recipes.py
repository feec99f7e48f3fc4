"""ECR setup recipes for behaviour cases as data (docs/cases.md). A repository is ledgered before
CreateRepository and deleted at teardown with DeleteRepository(force=True), which removes the
images in it. An image is pushed the way a registry client pushes it, through the API: its config
blob and one layer by InitiateLayerUpload / UploadLayerPart / CompleteLayerUpload, then PutImage
with a Docker image manifest (schema 2) naming them. Outputs: a dict whose `value` is what
`${<as>}` means in a case file."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios._names import absent_name
from awscompat.scenarios.sqs._resources import call, track_static

SVC = "ecr"
MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"


def _layer(text: str) -> bytes:
    """A gzipped tar holding one file (deterministic bytes: fixed mtime)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        data = text.encode()
        info = tarfile.TarInfo("awscompat.txt")
        info.size, info.mtime = len(data), 0
        tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)


def _push_blob(ctx: CaseContext, repository: str, blob: bytes) -> str:
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    upload = ctx.fixture(SVC, "InitiateLayerUpload", repositoryName=repository)["uploadId"]
    ctx.fixture(SVC, "UploadLayerPart", repositoryName=repository, uploadId=upload, partFirstByte=0,
                partLastByte=len(blob) - 1, layerPartBlob=blob)
    ctx.fixture(SVC, "CompleteLayerUpload", repositoryName=repository, uploadId=upload, layerDigests=[digest])
    return digest


def manifest(ctx: CaseContext, repository: str, text: str) -> str:
    """Push a config blob and one layer (distinct per `text`); return the image manifest naming them
    (its layer's digest is the manifest's layers[0].digest)."""
    layer = _layer(text)
    diff_id = "sha256:" + hashlib.sha256(gzip.decompress(layer)).hexdigest()
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": [diff_id]}}, separators=(",", ":")).encode()
    config_digest = _push_blob(ctx, repository, config)
    layer_digest = _push_blob(ctx, repository, layer)
    return json.dumps({
        "schemaVersion": 2, "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config),
                   "digest": config_digest},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": len(layer),
                    "digest": layer_digest}],
    }, indent=3)


@recipe(SVC, "repository")
def repository(ctx: CaseContext, hint: str = "repo", mutability: str = "", tags: dict | None = None,
               scan_on_push: bool | None = None, path: str = "") -> dict:
    """A private repository of the case's own (name: the run's namespace, lower case, then
    `/<path>` when a path is given). value = the name; outputs arn, uri, registry (the registry id)."""
    name = ctx.name(hint, max_len=100) + (f"/{path}" if path else "")
    params: dict = {"repositoryName": name, "tags": [{"Key": k, "Value": v} for k, v in
                                                     {**ctx.ns.tags, **(tags or {})}.items()]}
    if mutability:
        params["imageTagMutability"] = mutability
    if scan_on_push is not None:
        params["imageScanningConfiguration"] = {"scanOnPush": scan_on_push}
    track_static(ctx, SVC, "ecr-repository", name, "CreateRepository", params,
                 [call(SVC, "DeleteRepository", repositoryName=name, force=True)])
    repo = ctx.fixture(SVC, "CreateRepository", **params)["repository"]
    return {"value": name, "arn": repo["repositoryArn"], "uri": repo["repositoryUri"], "registry": repo["registryId"]}


@recipe(SVC, "image")
def image(ctx: CaseContext, repository: str, tag: str = "", text: str = "awscompat") -> dict:
    """An image pushed into `repository` (see the module contract), tagged `tag` if given. value =
    its digest (what PutImage answered); outputs manifest (the manifest text sent), tag, computed
    (the SHA-256 digest of the manifest), layer (its layer's digest)."""
    body = manifest(ctx, repository, text)
    params = {"repositoryName": repository, "imageManifest": body, "imageManifestMediaType": MANIFEST_TYPE}
    if tag:
        params["imageTag"] = tag
    put = ctx.fixture(SVC, "PutImage", **params)
    return {"value": put["image"]["imageId"]["imageDigest"], "manifest": body, "tag": tag,
            "computed": "sha256:" + hashlib.sha256(body.encode()).hexdigest(),
            "layer": json.loads(body)["layers"][0]["digest"]}


@recipe(SVC, "manifest")
def manifest_only(ctx: CaseContext, repository: str, text: str = "awscompat") -> dict:
    """The blobs of an image pushed into `repository`, no PutImage yet. value = the manifest text;
    `digest` = its SHA-256 digest (what AWS names the image by)."""
    body = manifest(ctx, repository, text)
    return {"value": body, "digest": "sha256:" + hashlib.sha256(body.encode()).hexdigest()}


absent_name(SVC, "absent-repository", max_len=100, hint="absent-repo")


@recipe(SVC, "repository-name")
def repository_name(ctx: CaseContext, hint: str = "repo", length: int = 0) -> dict:
    """A fresh repository name in the run's namespace (for a create under test; creates nothing);
    `length` pads it with x to exactly that many characters."""
    name = ctx.name(hint, max_len=100)
    return {"value": name.ljust(length, "x") if length else name}


@recipe(SVC, "arn-of")
def arn_of(ctx: CaseContext, arn: str, name: str) -> dict:
    """The ARN `arn` (a repository's) with its repository name replaced by `name` (creates nothing)."""
    return {"value": arn.rsplit("/", 1)[0] + "/" + name if "/" in arn else arn}


@recipe(SVC, "tag-list")
def tag_list(ctx: CaseContext, count: int) -> dict:
    """A list of `count` tags k0..k<count-1> (creates nothing). Every repository of a run already
    carries the run's own tag, so `count` more make count + 1."""
    return {"value": [{"Key": f"k{i}", "Value": f"v{i}"} for i in range(count)]}
