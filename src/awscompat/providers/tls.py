"""HTTPS on loopback for a provider that serves plain HTTP: a throwaway CA and a TLS-terminating front.

Contract:
- `make_ca(folder)` writes a throwaway certificate authority and a server certificate it signed
  (made with `cryptography`; ECDSA P-256; valid 7 days) for `127.0.0.1`, `::1`, `localhost` and
  `*.localhost`: `ca.pem` (the bundle a client trusts, the usual `--ca-bundle` / AWS_CA_BUNDLE
  file), `server.pem` and `server-key.pem` (the server's chain and key, 0600). The CA's own key is
  never written: nothing else can ever be signed with it.
- `python -m awscompat.providers.tls --listen PORT --backend HOST:PORT --cert F --key F` runs the
  front: it accepts TLS on 127.0.0.1:PORT only and copies bytes both ways to the backend (a plain
  TCP connection per client connection; HTTP keep-alive passes through unchanged). It never reads
  or changes what it copies: the backend sees the client's request as sent (so a server that
  checks the transport itself, like radosgw's SSE-C rule, must be given TLS natively instead).
- `tls_front(handle, workdir)` puts a started provider (providers.base.Running) behind a front:
  it returns the same handle with `url` the https:// address, `ca_bundle` the CA file,
  `backend_url` the server's own address, and the front's process added (stopped first, by PID).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import ipaddress
import os
import socket
import ssl
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from awscompat.engine.embedded import ServerProcess, free_port

VALID_DAYS = 7
CHUNK = 1 << 16


@dataclass(frozen=True)
class TlsFiles:
    ca: Path  # the CA certificate: what a client trusts
    cert: Path  # the server's certificate followed by the CA's
    key: Path  # the server's private key


def make_ca(folder: Path, names: tuple[str, ...] = ("localhost", "*.localhost")) -> TlsFiles:
    """A throwaway CA and a loopback server certificate signed by it, written under folder."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    until = now + dt.timedelta(days=VALID_DAYS)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "awscompat throwaway loopback CA")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now).not_valid_after(until)
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                            crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    sans = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.IPAddress(ipaddress.ip_address("::1")),
            *(x509.DNSName(n) for n in names)]
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(until)
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    files = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server-key.pem")
    files.ca.write_bytes(ca_cert.public_bytes(pem))
    files.cert.write_bytes(cert.public_bytes(pem) + ca_cert.public_bytes(pem))
    fd = os.open(files.key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return files


def answers_tls(url: str, ca: str | Path, wait: float = 5.0) -> bool:
    """Does an https:// URL answer HTTP (any status) with a certificate the CA vouches for?"""
    context = ssl.create_default_context(cafile=str(ca))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    try:
        opener.open(url.rstrip("/") + "/", timeout=wait).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


class _FrontProcess(ServerProcess):
    """The front as a server process: ready when it answers over TLS with the CA's certificate."""

    def __init__(self, *args, ca: Path, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ca = ca

    def _answers(self) -> bool:
        return answers_tls(self.url, self.ca, wait=1.0)


def front_command(listen: int, backend: str, files: TlsFiles) -> list[str]:
    return [sys.executable, "-m", "awscompat.providers.tls", "--listen", str(listen), "--backend", backend,
            "--cert", str(files.cert), "--key", str(files.key)]


def tls_front(handle, workdir: Path, files: TlsFiles | None = None):
    """Serve a started provider over HTTPS through a front (module docstring); returns the handle."""
    files = files or make_ca(workdir / "tls")
    backend = handle.url.split("://", 1)[1].rstrip("/")
    port = free_port()
    url = f"https://127.0.0.1:{port}"
    proc = _FrontProcess(front_command(port, backend, files), url, log=workdir / "tls-front.log", cwd=workdir,
                         grace=3.0, ca=files.ca)
    try:
        proc.start(wait=20)
    except RuntimeError:
        handle.stop()
        raise
    handle.backend_url = handle.url
    handle.url = url
    handle.ca_bundle = str(files.ca)
    handle.processes.append(proc)
    handle.ports = [*handle.ports, port]
    return handle


# -- the front itself (a separate process) ------------------------------------------------------
async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy until EOF or an error, then close the other side (an HTTP client never half-closes:
    when either side is done, so is the connection, and nothing is left waiting)."""
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (OSError, asyncio.IncompleteReadError, ssl.SSLError, RuntimeError):
        pass
    finally:
        writer.close()


async def _serve(listen: int, backend: tuple[str, int], context: ssl.SSLContext) -> None:
    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            b_reader, b_writer = await asyncio.open_connection(*backend)
        except OSError:
            writer.close()
            return
        sock = b_writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            # when one direction ends, the other is closed too (no task left pending)
            done, pending = await asyncio.wait([asyncio.ensure_future(_pipe(reader, b_writer)),
                                                asyncio.ensure_future(_pipe(b_reader, writer))],
                                               return_when=asyncio.FIRST_COMPLETED)
            for w in (writer, b_writer):
                w.close()
            await asyncio.wait(pending, timeout=5)
        finally:
            for w in (writer, b_writer):
                with contextlib.suppress(Exception):
                    w.close()

    server = await asyncio.start_server(client, "127.0.0.1", listen, ssl=context, ssl_handshake_timeout=30,
                                        backlog=256)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m awscompat.providers.tls",
                                     description="A TLS-terminating front on 127.0.0.1 for a plain-HTTP backend.")
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--backend", required=True, help="HOST:PORT of the plain-HTTP server (loopback)")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args(argv)
    host, _, port = args.backend.rpartition(":")
    if host not in ("127.0.0.1", "localhost", "[::1]"):
        parser.error("the backend must be on loopback")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.listen, (host.strip("[]"), int(port)), context))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
