"""The SSRF guard, the credential box, configuration and secrets kept out of logs."""

from __future__ import annotations

import ipaddress
import logging

import pytest
from cryptography.fernet import Fernet
from service_helpers import HOSTS, fake_resolver

from awscompat.engine.target import Credentials
from awscompat.service import netguard
from awscompat.service.config import ConfigError, build_config
from awscompat.service.netguard import Refused, address_problem, check_url, parse_allow_list
from awscompat.service.security import CredentialBox, hash_token, new_token

RESOLVE = fake_resolver(HOSTS)


@pytest.fixture
def db_url(tmp_path) -> str:
    """The pages do not depend on the database kind: SQLite only (the API tests cover both)."""
    return f"sqlite:///{tmp_path / 'service.db'}"



@pytest.mark.parametrize("addr,problem", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("10.0.0.1", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"), ("fd12::1", "private"),
    ("169.254.169.254", "metadata"), ("169.254.170.2", "metadata"), ("fd00:ec2::254", "metadata"),
    ("100.100.100.200", "metadata"), ("169.254.1.1", "link-local"), ("fe80::1", "link-local"),
    ("100.64.1.1", "shared"), ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("224.0.0.1", "multicast"),
    ("240.0.0.1", "reserved"), ("192.0.2.1", "private"), ("2001:db8::1", "private"),
])
def test_internal_addresses_are_named(addr: str, problem: str) -> None:
    assert problem in (address_problem(ipaddress.ip_address(addr)) or "")


@pytest.mark.parametrize("addr", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(addr: str) -> None:
    assert address_problem(ipaddress.ip_address(addr)) is None


def test_every_resolved_address_is_checked() -> None:
    assert check_url("https://public.example", [], RESOLVE) == [ipaddress.ip_address("93.184.216.34")]
    with pytest.raises(Refused, match="10.0.0.7.*private"):
        check_url("https://mixed.example", [], RESOLVE)
    with pytest.raises(Refused, match="does not resolve"):
        check_url("https://nowhere.example", [], RESOLVE)
    with pytest.raises(Refused, match="metadata"):
        check_url("http://metadata.example/latest/meta-data", [], RESOLVE)


def test_allow_list_entries() -> None:
    allow = parse_allow_list(["127.0.0.1:9000", "10.0.0.0/8", "[::1]:8080", "169.254.0.0/16"])
    check_url("http://127.0.0.1:9000", allow, RESOLVE)
    check_url("http://10.9.8.7", allow, RESOLVE)
    check_url("http://[::1]:8080", allow, RESOLVE)
    check_url("http://169.254.1.1", allow, RESOLVE)  # link-local: the /16 covers it
    for url in ("http://127.0.0.1:9001", "http://[::1]:8081", "http://192.168.0.1"):
        with pytest.raises(Refused):
            check_url(url, allow, RESOLVE)
    with pytest.raises(Refused, match="metadata"):  # only an entry naming the address itself lets it through
        check_url("http://169.254.169.254", allow, RESOLVE)
    check_url("http://169.254.169.254", parse_allow_list(["169.254.169.254"]), RESOLVE)
    assert [str(a) for a in allow] == ["127.0.0.1:9000", "10.0.0.0/8", "[::1]:8080", "169.254.0.0/16"]
    for bad in ("localhost", "10.0.0.0/33", "127.0.0.1:http", "1.2.3.4:70000", "[::1]x"):
        with pytest.raises(ConfigError):
            parse_allow_list([bad])


def test_real_resolver_is_used_by_default() -> None:
    with pytest.raises(Refused, match="loopback"):
        netguard.check_url("http://localhost:1", [])


def test_credential_box_and_rotation() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = CredentialBox([old]).seal(Credentials("AKIA1", "very-secret", "tok"))
    assert b"very-secret" not in sealed and b"AKIA1" not in sealed
    rotated = CredentialBox([new, old])
    assert rotated.open(sealed).secret_key == "very-secret" and rotated.open(sealed).token == "tok"
    with pytest.raises(ConfigError, match="cannot be decrypted"):
        CredentialBox([new]).open(sealed)
    with pytest.raises(ConfigError, match="not a Fernet key"):
        CredentialBox(["not-a-key"])
    with pytest.raises(ConfigError, match="no credential key"):
        CredentialBox([])
    assert "very-secret" not in repr(Credentials("AKIA1", "very-secret"))


def test_tokens_are_random_and_hashed() -> None:
    a, b = new_token(), new_token()
    assert a != b and a.startswith("acs_") and len(a) > 40
    assert hash_token(a) != a and len(hash_token(a)) == 64


def test_config_from_file_and_environment(tmp_path) -> None:
    key = Fernet.generate_key().decode()
    cfg_file = tmp_path / "service.toml"
    cfg_file.write_text(f'[service]\nworkers = 3\nallow_networks = ["10.0.0.0/8"]\nsecret_key = "{key}"\n'
                        'rerate_interval = 3600\n')
    cfg = build_config({"workers": None}, cfg_file, environ={})
    assert cfg.workers == 3 and cfg.allow_networks == ["10.0.0.0/8"] and cfg.secret_keys == [key]
    assert key not in repr(cfg)
    cfg = build_config({"workers": 5}, cfg_file, environ={"AWSCOMPAT_SECRET_KEY": "a,b"})
    assert cfg.workers == 5 and cfg.secret_keys == ["a", "b"]
    for text, message in (("workers = 0", "workers"), ("nonsense = 1", "unknown setting"), ("[service", "TOML"),
                          ('allow_networks = ["nope"]', "allow-list"), ('db = "mysql://x"', "--db")):
        cfg_file.write_text(text + "\n")
        with pytest.raises(ConfigError, match=message):
            build_config({}, cfg_file, environ={})


def test_secrets_never_reach_the_logs(client, caplog) -> None:
    from service_helpers import make_owner

    caplog.set_level(logging.DEBUG)
    owner = make_owner(client, "o")
    client.post("/api/v1/providers", json={"name": "acme"}, headers=owner)
    secret = "zz-top-secret-value-zz"
    body = {"name": "t", "endpoint": "https://public.example", "profiles": ["s3-core-2026.11"],
            "credentials": {"access_key_id": "AKIALOGTEST", "secret_access_key": secret}}
    assert client.post("/api/v1/providers/acme/targets", json=body, headers=owner).status_code == 201
    bad = {**body, "name": "u", "credentials": {"access_key_id": "AKIALOGTEST", "secret_access_key": secret * 20}}
    assert client.post("/api/v1/providers/acme/targets", json=bad, headers=owner).status_code == 422
    assert secret not in caplog.text
    token = owner["Authorization"].split()[1]
    assert token not in caplog.text
