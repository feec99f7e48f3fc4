"""ACM setup recipes for behaviour cases as data (docs/cases.md). A certificate's ARN is chosen by
the server: it is ledgered before ImportCertificate / RequestCertificate under its namespaced domain
and completed with DeleteCertificate once the ARN is known. Imported certificates are self-signed,
made here (RSA 2048, SHA-256) with the `cryptography` library; the private key never leaves the
recipe except as the PrivateKey member of an import (redacted in evidence). Outputs: a dict whose
`value` is what `${<as>}` means in a case file."""

from __future__ import annotations

import datetime as dt
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.sqs._resources import call, create_tracked

SVC = "acm"


def self_signed(domain: str, days: int = 365, sans: list[str] | None = None) -> tuple[bytes, bytes]:
    """(certificate PEM, private key PEM) of a self-signed RSA 2048 certificate for `domain`, valid
    for `days` from now (days <= 0: a certificate that expired that many days ago)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(minutes=5) if days > 0 else now + dt.timedelta(days=days - 30)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in [domain, *(sans or [])]]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def domain_name(ctx: CaseContext, hint: str = "cert") -> str:
    """`<namespaced label>.com`: like the route53 recipes, not under the IANA-reserved example domains."""
    return f"{ctx.name(hint, max_len=40)}.com"


def _undo(parsed: dict) -> list[dict]:
    return [call(SVC, "DeleteCertificate", CertificateArn=parsed["CertificateArn"])]


@recipe(SVC, "material")
def material(ctx: CaseContext, hint: str = "cert", days: int = 365) -> dict:
    """A self-signed certificate and its key (creates nothing). value = the certificate PEM
    (bytes); outputs key (the private key PEM), domain."""
    domain = domain_name(ctx, hint)
    cert, key = self_signed(domain, days)
    return {"value": cert, "key": key, "domain": domain}


@recipe(SVC, "imported-certificate")
def imported(ctx: CaseContext, hint: str = "cert", tags: dict | None = None, sans: list | None = None) -> dict:
    """A self-signed certificate imported into ACM. value = its ARN; outputs domain, pem (the
    certificate PEM as text), key (the private key PEM bytes, for a re-import)."""
    domain = domain_name(ctx, hint)
    cert, key = self_signed(domain, sans=[f"{s}.{domain}" for s in sans or []])
    params = {"Certificate": cert, "PrivateKey": key,
              "Tags": ctx.ns.tag_list() + [{"Key": k, "Value": v} for k, v in (tags or {}).items()]}
    reply = create_tracked(ctx, SVC, "acm-certificate", domain, "ImportCertificate", params, _undo)
    return {"value": reply["CertificateArn"], "domain": domain, "pem": cert.decode(), "key": key}


@recipe(SVC, "requested-certificate")
def requested(ctx: CaseContext, hint: str = "req", validation: str = "DNS", sans: list | None = None) -> dict:
    """A public certificate requested for a namespaced domain (it stays
    PENDING_VALIDATION: nobody answers the validation). value = its ARN; outputs domain, token."""
    domain = domain_name(ctx, hint)
    token = ctx.ns.run_id + "x" + ctx.name("t")[-5:]
    params: dict = {"DomainName": domain, "ValidationMethod": validation, "IdempotencyToken": token,
                    "Tags": ctx.ns.tag_list()}
    if sans:
        params["SubjectAlternativeNames"] = [f"{s}.{domain}" for s in sans]
    reply = create_tracked(ctx, SVC, "acm-certificate", domain, "RequestCertificate", params, _undo)
    return {"value": reply["CertificateArn"], "domain": domain, "token": token}


@recipe(SVC, "absent-certificate")
def absent(ctx: CaseContext) -> dict:
    """The ARN of a certificate that does not exist: this account's and region's form (learnt
    from STS GetCallerIdentity) with a random id."""
    account = ctx.fixture("sts", "GetCallerIdentity")["Account"]
    return {"value": f"arn:aws:acm:{ctx.region}:{account}:certificate/{uuid.uuid4()}"}


@recipe(SVC, "tag-list")
def tag_list(ctx: CaseContext, count: int) -> dict:
    """A list of `count` tags k0..k<count-1> (creates nothing); with the run's own tag on every
    certificate, `count` more make count + 1."""
    return {"value": [{"Key": f"k{i}", "Value": f"v{i}"} for i in range(count)]}
