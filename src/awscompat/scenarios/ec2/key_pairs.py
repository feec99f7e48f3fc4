"""Key pairs: CreateKeyPair (RSA, ED25519, PEM and PPK material), ImportKeyPair, the fingerprint
each kind gets (SHA-1 of the private key for an RSA key EC2 made, MD5 of the public key for an
imported RSA key, SHA-256 for ED25519), describing (by name, id, filter, with the public key),
duplicates, bad material and deletion. Fingerprints are recomputed here from the key material."""

from __future__ import annotations

import base64
import hashlib
import re

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._evidence import ERRORS, KEY_FINGERPRINTS, api, cases
from awscompat.scenarios.ec2._fixtures import expect_gone, first, make_key, tags_of
from awscompat.scenarios.ec2._ledger import KEY_IMPORT, KEY_PAIR, SVC, create

_ser = serialization
key_case = cases("key-pairs")


def colon_hex(digest: bytes) -> str:
    return ":".join(f"{b:02x}" for b in digest)


def sha256_b64(openssh_public: bytes) -> str:
    """The OpenSSH SHA-256 fingerprint of a public key line, base64 without padding."""
    blob = base64.b64decode(openssh_public.split()[1])
    return base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def new_rsa_public() -> tuple[bytes, str]:
    """A fresh RSA public key (OpenSSH line) and the fingerprint EC2 gives it when imported: the
    MD5 of its DER SubjectPublicKeyInfo, as colon-separated hex."""
    pub = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    der = pub.public_bytes(_ser.Encoding.DER, _ser.PublicFormat.SubjectPublicKeyInfo)
    return pub.public_bytes(_ser.Encoding.OpenSSH, _ser.PublicFormat.OpenSSH), colon_hex(hashlib.md5(der).digest())


def new_ed25519_public() -> bytes:
    return ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(_ser.Encoding.OpenSSH, _ser.PublicFormat.OpenSSH)


def import_key(ctx: CaseContext, material: bytes, *, fixture: bool = True, **params):
    return create(ctx, KEY_IMPORT, {"PublicKeyMaterial": material, **params}, fixture=fixture)


def described(ctx: CaseContext, name: str, **params) -> dict:
    return first(ctx, "DescribeKeyPairs", "KeyPairs", KeyNames=[name], **params)


def private_key(ctx: CaseContext, reply, loader):
    """The private key in a CreateKeyPair answer, read with loader (a fail if it cannot be read)."""
    try:
        return loader(str(reply.get("KeyMaterial", "")).encode(), password=None)
    except (ValueError, TypeError) as exc:
        ctx.fail(f"KeyMaterial is not a key in the expected format: {exc}", expected="a private key",
                 observed=str(reply.get("KeyMaterial", ""))[:60], reply=reply)


def loose(fingerprint: str | None) -> str:
    """A SHA-256 fingerprint without the padding or `SHA256:` prefix some tools add."""
    return (fingerprint or "").removeprefix("SHA256:").rstrip("=")


@key_case("create-rsa-answer", ["CreateKeyPair"], api("CreateKeyPair"))
def create_rsa(ctx: CaseContext) -> None:
    """CreateKeyPair answers the name, a key-... id, a PEM RSA private key and a 20-byte
    colon-separated fingerprint."""
    reply = ctx.expect_ok(make_key(ctx, fixture=False))
    ctx.check(str(reply.get("KeyPairId", "")).startswith("key-"), "KeyPairId is not key-...", expected="key-...",
              observed=reply.get("KeyPairId"), reply=reply)
    ctx.check(str(reply.get("KeyMaterial", "")).startswith("-----BEGIN RSA PRIVATE KEY-----"),
              "KeyMaterial is not a PEM RSA private key", expected="-----BEGIN RSA PRIVATE KEY-----",
              observed=str(reply.get("KeyMaterial", ""))[:40], reply=reply)
    ctx.check(re.fullmatch(r"([0-9a-f]{2}:){19}[0-9a-f]{2}", reply.get("KeyFingerprint", "")),
              "KeyFingerprint is not 20 colon-separated hex bytes", expected="SHA-1 as aa:bb:...",
              observed=reply.get("KeyFingerprint"), reply=reply)


@key_case("create-rsa-fingerprint-sha1-of-private-key", ["CreateKeyPair"], KEY_FINGERPRINTS)
def rsa_fingerprint(ctx: CaseContext) -> None:
    """An RSA key EC2 made has as fingerprint the SHA-1 of its private key (PKCS#8 DER)."""
    reply = make_key(ctx)
    key = private_key(ctx, reply, _ser.load_pem_private_key)
    der = key.private_bytes(_ser.Encoding.DER, _ser.PrivateFormat.PKCS8, _ser.NoEncryption())
    ctx.equal(reply.get("KeyFingerprint"), colon_hex(hashlib.sha1(der).digest()), "KeyFingerprint", reply)


@key_case("create-ed25519-material", ["CreateKeyPair"], api("CreateKeyPair"))
def create_ed25519(ctx: CaseContext) -> None:
    """An ED25519 key pair comes as an OpenSSH private key, and is described with KeyType ed25519."""
    reply = make_key(ctx, KeyType="ed25519")
    ctx.check(str(reply.get("KeyMaterial", "")).startswith("-----BEGIN OPENSSH PRIVATE KEY-----"),
              "KeyMaterial is not an OpenSSH private key", expected="-----BEGIN OPENSSH PRIVATE KEY-----",
              observed=str(reply.get("KeyMaterial", ""))[:40], reply=reply)
    ctx.equal(described(ctx, reply["KeyName"]).get("KeyType"), "ed25519", "KeyType")


@key_case("create-ed25519-fingerprint-sha256", ["CreateKeyPair"], KEY_FINGERPRINTS)
def ed25519_fingerprint(ctx: CaseContext) -> None:
    """An ED25519 key EC2 made has as fingerprint the base64 SHA-256 of its public key."""
    reply = make_key(ctx, KeyType="ed25519")
    key = private_key(ctx, reply, _ser.load_ssh_private_key)
    expected = sha256_b64(key.public_key().public_bytes(_ser.Encoding.OpenSSH, _ser.PublicFormat.OpenSSH))
    ctx.equal(loose(reply.get("KeyFingerprint")), expected, "KeyFingerprint (padding aside)", reply)


@key_case("create-ppk-format", ["CreateKeyPair"], api("CreateKeyPair"))
def create_ppk(ctx: CaseContext) -> None:
    """KeyFormat ppk gives the private key in PuTTY's format."""
    reply = make_key(ctx, KeyFormat="ppk")
    ctx.check(str(reply.get("KeyMaterial", "")).startswith("PuTTY-User-Key-File-"), "KeyMaterial is not a PPK key",
              expected="PuTTY-User-Key-File-...", observed=str(reply.get("KeyMaterial", ""))[:40], reply=reply)


@key_case("create-duplicate-refused", ["CreateKeyPair"], ERRORS)
def create_duplicate(ctx: CaseContext) -> None:
    """Creating a key pair under a name in use is refused with InvalidKeyPair.Duplicate."""
    name = make_key(ctx)["KeyName"]
    ctx.expect_error(make_key(ctx, fixture=False, KeyName=name), "InvalidKeyPair.Duplicate", 400)


@key_case("import-rsa-fingerprint-md5", ["ImportKeyPair"], KEY_FINGERPRINTS)
def import_rsa(ctx: CaseContext) -> None:
    """An imported RSA public key has as fingerprint the MD5 of the public key (DER), colon-separated."""
    material, expected = new_rsa_public()
    reply = ctx.expect_ok(import_key(ctx, material, fixture=False))
    ctx.equal(reply.get("KeyFingerprint"), expected, "KeyFingerprint", reply)


@key_case("import-ed25519-fingerprint-sha256", ["ImportKeyPair"], KEY_FINGERPRINTS)
def import_ed25519(ctx: CaseContext) -> None:
    """An imported ED25519 public key has as fingerprint its base64 SHA-256."""
    material = new_ed25519_public()
    reply = ctx.expect_ok(import_key(ctx, material, fixture=False))
    ctx.equal(loose(reply.get("KeyFingerprint")), sha256_b64(material), "KeyFingerprint (padding aside)", reply)


@key_case("import-key-type", ["ImportKeyPair", "DescribeKeyPairs"], api("KeyPairInfo"))
def import_key_type(ctx: CaseContext) -> None:
    """Imported keys are described with the KeyType of their material (rsa, ed25519)."""
    rsa_name = import_key(ctx, new_rsa_public()[0])["KeyName"]
    ed_name = import_key(ctx, new_ed25519_public())["KeyName"]
    ctx.equal((described(ctx, rsa_name).get("KeyType"), described(ctx, ed_name).get("KeyType")), ("rsa", "ed25519"),
              "(KeyType of the RSA key, of the ED25519 key)")


@key_case("import-duplicate-refused", ["ImportKeyPair"], ERRORS)
def import_duplicate(ctx: CaseContext) -> None:
    """Importing under a name in use is refused with InvalidKeyPair.Duplicate."""
    name = make_key(ctx)["KeyName"]
    reply = import_key(ctx, new_rsa_public()[0], fixture=False, KeyName=name)
    ctx.expect_error(reply, "InvalidKeyPair.Duplicate", 400)


@key_case("import-bad-material-refused", ["ImportKeyPair"], ERRORS)
def import_bad(ctx: CaseContext) -> None:
    """Material that is not an OpenSSH public key is refused with InvalidKey.Format."""
    ctx.expect_error(import_key(ctx, b"not a public key", fixture=False), "InvalidKey.Format", 400)


@key_case("describe-by-name", ["DescribeKeyPairs"], api("DescribeKeyPairs"))
def describe_by_name(ctx: CaseContext) -> None:
    """DescribeKeyPairs by name gives the key's id, fingerprint and type as created."""
    made = make_key(ctx)
    got = described(ctx, made["KeyName"])
    ctx.equal((got.get("KeyPairId"), got.get("KeyFingerprint"), got.get("KeyType")),
              (made.get("KeyPairId"), made.get("KeyFingerprint"), "rsa"), "(KeyPairId, KeyFingerprint, KeyType)")


@key_case("describe-by-id", ["DescribeKeyPairs"], api("DescribeKeyPairs"))
def describe_by_id(ctx: CaseContext) -> None:
    """DescribeKeyPairs by KeyPairId finds the key by its id."""
    made = make_key(ctx)
    got = first(ctx, "DescribeKeyPairs", "KeyPairs", KeyPairIds=[made["KeyPairId"]])
    ctx.equal(got.get("KeyName"), made["KeyName"], "KeyName")


@key_case("describe-create-time", ["DescribeKeyPairs"], api("KeyPairInfo"))
def create_time(ctx: CaseContext) -> None:
    """A described key pair has its CreateTime."""
    ctx.check(described(ctx, make_key(ctx)["KeyName"]).get("CreateTime"), "no CreateTime", expected="a timestamp",
              observed=None)


@key_case("describe-include-public-key", ["DescribeKeyPairs"], api("DescribeKeyPairs"))
def include_public_key(ctx: CaseContext) -> None:
    """IncludePublicKey=true adds the public key (an ssh-rsa line) to the description."""
    got = described(ctx, make_key(ctx)["KeyName"], IncludePublicKey=True)
    ctx.check(str(got.get("PublicKey", "")).startswith("ssh-rsa "), "PublicKey is not an ssh-rsa line",
              expected="ssh-rsa AAAA...", observed=got.get("PublicKey"))


@key_case("imported-public-key-returned", ["ImportKeyPair", "DescribeKeyPairs"], api("KeyPairInfo"), "advisory")
def imported_returned(ctx: CaseContext) -> None:
    """The public key described for an imported key is the one imported."""
    material = new_rsa_public()[0]
    got = described(ctx, import_key(ctx, material)["KeyName"], IncludePublicKey=True)
    ctx.equal(str(got.get("PublicKey", "")).split()[:2], material.decode().split()[:2], "PublicKey (type and key)")


@key_case("filter-fingerprint", ["DescribeKeyPairs"], api("DescribeKeyPairs"))
def filter_fingerprint(ctx: CaseContext) -> None:
    """The fingerprint filter keeps the key with that fingerprint only."""
    a, b = make_key(ctx), make_key(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeKeyPairs", KeyNames=[a["KeyName"], b["KeyName"]],
                                   Filters=[{"Name": "fingerprint", "Values": [a["KeyFingerprint"]]}]))
    ctx.equal([k.get("KeyName") for k in reply.get("KeyPairs") or []], [a["KeyName"]], "keys listed", reply)


@key_case("tags-on-create", ["CreateKeyPair", "DescribeKeyPairs"], api("CreateKeyPair"))
def tags_on_create(ctx: CaseContext) -> None:
    """Tags given with TagSpecifications are on the described key pair."""
    name = make_key(ctx, TagSpecifications=[{"ResourceType": "key-pair", "Tags": [{"Key": "team", "Value": "ops"}]}])["KeyName"]
    ctx.equal(tags_of(described(ctx, name)).get("team"), "ops", "tag team")


@key_case("describe-missing", ["DescribeKeyPairs"], ERRORS, mutating=False)
def describe_missing(ctx: CaseContext) -> None:
    """Describing a key pair name that does not exist answers InvalidKeyPair.NotFound."""
    reply = ctx.call(SVC, "DescribeKeyPairs", KeyNames=[ctx.name("absent-key")])
    ctx.expect_error(reply, "InvalidKeyPair.NotFound", 400)


def _deleted(by: str) -> None:
    def run(ctx: CaseContext) -> None:
        made = make_key(ctx)
        ctx.expect_ok(ctx.call(SVC, "DeleteKeyPair", **{by: made[by]}))
        expect_gone(ctx, "DescribeKeyPairs", "InvalidKeyPair.NotFound", KeyNames=[made["KeyName"]])

    run.__doc__ = f"After DeleteKeyPair by {by}, describing the key answers InvalidKeyPair.NotFound."
    key_case(f"delete-by-{'name' if by == 'KeyName' else 'id'}", ["DeleteKeyPair", "DescribeKeyPairs"],
             api("DeleteKeyPair"))(run)


_deleted("KeyName")
_deleted("KeyPairId")


@key_case("name-too-long-refused", ["CreateKeyPair"], api("CreateKeyPair"), "advisory")
def name_too_long(ctx: CaseContext) -> None:
    """A key name longer than 255 characters is refused."""
    name = ctx.name("x" * 300, max_len=256)
    ctx.expect_error(create(ctx, KEY_PAIR, {"KeyName": name}, fixture=False), status=400)
