"""`awscompat keygen`, `awscompat attest` and `awscompat verify` (DESIGN 3.5)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from awscompat.cli.commands._common import UsageError, load_run_or_exit


def register(main: click.Group) -> None:
    main.add_command(keygen)
    main.add_command(attest)
    main.add_command(verify)


@click.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), metavar="PATH",
              help="Private key file (mode 0600); the public key goes to PATH.pub.")
@click.option("--force", is_flag=True, help="Overwrite existing key files.")
def keygen(out: str, force: bool) -> None:
    """Make an Ed25519 key pair for signing attestations: PATH (private) and PATH.pub."""
    from awscompat.ratings.attest import AttestError, write_keypair

    try:
        private, public, kid = write_keypair(Path(out), force=force)
    except AttestError as exc:
        raise UsageError(str(exc)) from exc
    click.echo(f"wrote {private} (private, 0600) and {public} (public); keyid {kid}")


@click.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--rating", "--profile", "profile_name", required=True, metavar="NAME",
              help="Rating profile the run is rated against (`--profile` is the deprecated 2026 spelling).")
@click.option("--class", "klass", type=click.Choice(["cloud", "emulator"]), default=None,
              help="Provider class to rate as [default: the class the run declares, else cloud].")
@click.option("--key", "key_path", required=True, type=click.Path(dir_okay=False), metavar="KEYFILE",
              help="Ed25519 private key (PEM), e.g. from `awscompat keygen`.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Where to write the DSSE envelope ('-' for stdout).")
@click.option("--expires-days", default=90, show_default=True, type=click.IntRange(0, 3650),
              help="Days until the attestation expires.")
def attest(run_dir: str, profile_name: str, klass: str | None, key_path: str, out: str, expires_days: int) -> None:
    """Sign an attestation of a run's rating: an in-toto Statement in a DSSE envelope.

    The statement names the target and carries the profile, score, grade, compliant mark,
    counts per outcome, failed case IDs, run start/end, tool version and expiry (rules 2027.01:
    also the provider class, axes, completeness and the pinned digest). A run that is `not rated`
    is refused (exit 2).
    """
    from awscompat.cli.commands.ratings import load_checked_profile
    from awscompat.ratings import ProfileError
    from awscompat.ratings.attest import AttestError, build_statement, load_private_key, sign_envelope
    from awscompat.ratings.score import catalog_digest
    from awscompat.results.runfolder import RunFolderError

    profile = load_checked_profile(profile_name)
    meta = load_run_or_exit(run_dir)
    try:
        key = load_private_key(Path(key_path))
        statement = build_statement(Path(run_dir), meta, profile, expires_days, klass=klass)
    except (AttestError, RunFolderError, ProfileError) as exc:
        raise UsageError(str(exc)) from exc
    envelope = sign_envelope(statement, key)
    text = json.dumps(envelope, indent=2) + "\n"
    if out == "-":
        click.echo(text, nl=False)
    else:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc
    pred = statement["predicate"]
    res = pred["result"]
    mark = res.get("mark") or ("compliant" if res["compliant"] else "not compliant")
    click.echo(f"attested {profile.name}: {res['grade']} {res['score']} {mark}, expires {pred['expires_at']}"
               + ("" if out == "-" else f" -> {out}"), err=True)
    if not profile.pinned and pred["profile"]["digest"] != catalog_digest(profile):
        click.echo(f"warning: the run does not cover exactly the cases of {profile.name} in this catalog;"
                   " `awscompat verify` will report a profile digest mismatch", err=True)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--pubkey", "pubkey", required=True, type=click.Path(dir_okay=False), metavar="KEYFILE",
              help="The signer's Ed25519 public key (PEM).")
@click.option("--profile-check/--no-profile-check", default=True, show_default=True,
              help="Check the profile digest against this installation's catalog.")
@click.option("--json", "as_json", is_flag=True, help="On success, print the verified statement as JSON.")
def verify(file: str, pubkey: str, profile_check: bool, as_json: bool) -> None:
    """Verify an attestation offline: signature, expiry and profile digest.

    Exit code: 0 valid, 1 invalid (the reason on one line), 2 unreadable file or key.
    """
    from awscompat.ratings.attest import AttestError, VerifyError, load_public_key, verify_envelope

    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        key = load_public_key(Path(pubkey))
    except OSError as exc:
        raise UsageError(f"cannot read the public key {pubkey}: {exc.strerror or exc}") from exc
    except AttestError as exc:
        raise UsageError(str(exc)) from exc
    try:
        verified = verify_envelope(text, key, profile_check=profile_check)
    except VerifyError as exc:
        click.echo(f"invalid: {exc}", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(verified.statement, indent=2))
    else:
        click.echo(verified.summary())
