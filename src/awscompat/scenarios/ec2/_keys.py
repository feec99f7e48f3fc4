"""Key material for the key-pair cases: fresh public keys and the fingerprints EC2 gives them
(recomputed here from the material, never taken from the server)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives import serialization as _ser
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa


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


def loose(fingerprint: str | None) -> str:
    """A SHA-256 fingerprint without the padding or `SHA256:` prefix some tools add."""
    return (fingerprint or "").removeprefix("SHA256:").rstrip("=")
