"""Key pairs, what data cannot say (the rest is cases/ec2/key-pairs.yaml): fingerprints recomputed
from the private key EC2 answered (SHA-1 of an RSA key's PKCS#8 DER, SHA-256 of an ED25519 key's
public half), and comparisons that allow for the formatting tools add (a `SHA256:` prefix, base64
padding, an OpenSSH comment)."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization as _ser

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.ec2._fixtures import first, make_key
from awscompat.scenarios.ec2._keys import colon_hex, loose, new_ed25519_public, new_rsa_public, sha256_b64
from awscompat.scenarios.ec2._ledger import KEY_IMPORT, create


def private_key(ctx: CaseContext, reply, loader):
    """The private key in a CreateKeyPair answer, read with loader (a fail if it cannot be read)."""
    try:
        return loader(str(reply.get("KeyMaterial", "")).encode(), password=None)
    except (ValueError, TypeError) as exc:
        ctx.fail(f"KeyMaterial is not a key in the expected format: {exc}", expected="a private key",
                 observed=str(reply.get("KeyMaterial", ""))[:60], reply=reply)


@scenario(id="ec2/scenario/key-pairs/create-rsa-fingerprint-sha1-of-private-key", feature="ec2/key-pairs",
          operations=["CreateKeyPair"], provenance=docs("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/verify-keys.html"))
def rsa_fingerprint(ctx: CaseContext) -> None:
    """An RSA key EC2 made has as fingerprint the SHA-1 of its private key (PKCS#8 DER)."""
    reply = make_key(ctx)
    key = private_key(ctx, reply, _ser.load_pem_private_key)
    der = key.private_bytes(_ser.Encoding.DER, _ser.PrivateFormat.PKCS8, _ser.NoEncryption())
    ctx.equal(reply.get("KeyFingerprint"), colon_hex(hashlib.sha1(der).digest()), "KeyFingerprint", reply)


@scenario(id="ec2/scenario/key-pairs/create-ed25519-fingerprint-sha256", feature="ec2/key-pairs",
          operations=["CreateKeyPair"], provenance=docs("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/verify-keys.html"))
def ed25519_fingerprint(ctx: CaseContext) -> None:
    """An ED25519 key EC2 made has as fingerprint the base64 SHA-256 of its public key."""
    reply = make_key(ctx, KeyType="ed25519")
    key = private_key(ctx, reply, _ser.load_ssh_private_key)
    expected = sha256_b64(key.public_key().public_bytes(_ser.Encoding.OpenSSH, _ser.PublicFormat.OpenSSH))
    ctx.equal(loose(reply.get("KeyFingerprint")), expected, "KeyFingerprint (padding aside)", reply)


@scenario(id="ec2/scenario/key-pairs/import-ed25519-fingerprint-sha256", feature="ec2/key-pairs",
          operations=["ImportKeyPair"], provenance=docs("https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/verify-keys.html"))
def import_ed25519(ctx: CaseContext) -> None:
    """An imported ED25519 public key has as fingerprint its base64 SHA-256."""
    material = new_ed25519_public()
    reply = ctx.expect_ok(create(ctx, KEY_IMPORT, {"PublicKeyMaterial": material}, fixture=False))
    ctx.equal(loose(reply.get("KeyFingerprint")), sha256_b64(material), "KeyFingerprint (padding aside)", reply)


@scenario(id="ec2/scenario/key-pairs/imported-public-key-returned", feature="ec2/key-pairs",
          operations=["ImportKeyPair", "DescribeKeyPairs"], provenance=docs("https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_KeyPairInfo.html"), severity="advisory")
def imported_returned(ctx: CaseContext) -> None:
    """The public key described for an imported key is the one imported."""
    material = new_rsa_public()[0]
    name = create(ctx, KEY_IMPORT, {"PublicKeyMaterial": material})["KeyName"]
    got = first(ctx, "DescribeKeyPairs", "KeyPairs", KeyNames=[name], IncludePublicKey=True)
    ctx.equal(str(got.get("PublicKey", "")).split()[:2], material.decode().split()[:2], "PublicKey (type and key)")
