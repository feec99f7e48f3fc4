"""The service's configuration: command-line options, an optional TOML file and the environment.

Precedence: an explicit option, then the environment (AWSCOMPAT_*), then the config file, then
the default. Secrets (the credential key) are read from the environment or the file only, never
from an option, so they stay out of shell history and process listings.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awscompat.service.errors import ConfigError
from awscompat.service.netguard import parse_allow_list

DEFAULT_DATA_DIR = Path("awscompat-data")
SECRET_ENV = "AWSCOMPAT_SECRET_KEY"


@dataclass
class ServiceConfig:
    db_url: str | None = None  # None: sqlite:///<data_dir>/awscompat.db
    data_dir: Path = DEFAULT_DATA_DIR
    secret_keys: list[str] = field(default_factory=list, repr=False)  # Fernet keys, newest first
    allow_networks: list[str] = field(default_factory=list)  # CIDRs or host:port that the SSRF guard lets through
    workers: int = 2
    # Runs of one owner (account) running at once, across every service process; 0: workers - 1
    # (at least 1), so one owner's runs always leave a slot for another's.
    owner_slots: int = 0
    concurrency: int = 8  # cases in flight per run
    case_timeout: float = 30.0
    rerate_interval: float = 86400.0  # seconds between re-ratings of every target; 0 disables
    stale_after: float = 60.0  # a running run whose heartbeat is older than this is orphaned
    max_attempts: int = 2  # an orphaned run is started again until it has been tried this often
    poll_interval: float = 0.5
    signing_key: Path | None = None  # Ed25519 PEM; default <data_dir>/signing.key, made on first start
    attestation_days: int = 90
    badge_cache_seconds: int = 300
    admin_token: str | None = field(default=None, repr=False)  # seeds the first admin's token
    demo: bool = False
    base_url: str | None = None
    secure_cookies: bool = False
    session_hours: float = 12.0  # a web sign-in expires on the server after this long
    broker: str | None = None  # Celery/Redis broker: runs become shards for `awscompat worker`s (docs/scaling.md)
    broker_visibility_timeout: float = 3600.0

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{(self.data_dir / 'awscompat.db').resolve()}"

    @property
    def owner_cap(self) -> int:
        return self.owner_slots or max(1, self.workers - 1)

    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"

    @property
    def signing_key_path(self) -> Path:
        return self.signing_key or self.data_dir / "signing.key"


_FILE_KEYS = {
    "db": "db_url", "data_dir": "data_dir", "allow_networks": "allow_networks", "workers": "workers",
    "owner_slots": "owner_slots",
    "concurrency": "concurrency", "case_timeout": "case_timeout", "rerate_interval": "rerate_interval",
    "stale_after": "stale_after", "max_attempts": "max_attempts", "signing_key": "signing_key",
    "attestation_days": "attestation_days", "badge_cache_seconds": "badge_cache_seconds",
    "base_url": "base_url", "secure_cookies": "secure_cookies", "session_hours": "session_hours",
    "broker": "broker", "broker_visibility_timeout": "broker_visibility_timeout",
}
_INTS = ("workers", "owner_slots", "concurrency", "max_attempts", "attestation_days", "badge_cache_seconds")
_FLOATS = ("case_timeout", "rerate_interval", "stale_after", "session_hours", "broker_visibility_timeout")


CONFIG_MAX_BYTES = 1024 * 1024


def read_config_file(path: Path) -> dict[str, Any]:
    """The [service] table of a TOML config file: a user file (awscompat.userfiles: size bound,
    UTF-8, nesting bound) validated against data/schemas/service-config.schema.json; ConfigError
    is one line naming the file and the setting."""
    import json
    from importlib import resources

    from awscompat import userfiles

    try:
        text = userfiles.read_text(path, "config", CONFIG_MAX_BYTES)
        if userfiles.json_depth(text) > userfiles.MAX_DEPTH:  # arrays/inline tables: tomllib recurses
            raise userfiles.UserFileError(f"{path}: nested deeper than {userfiles.MAX_DEPTH} levels")
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise userfiles.UserFileError(f"{path}: not valid TOML ({exc})") from None
        section = doc.get("service", doc)
        if not isinstance(section, dict):
            raise userfiles.UserFileError(f"{path}: [service] must be a table")
        unknown = sorted(set(section) - set(_FILE_KEYS) - {"secret_key", "secret_key_file", "admin_token"})
        if unknown:
            raise userfiles.UserFileError(f"{path}: unknown setting(s) {', '.join(unknown)}")
        schema = json.loads((resources.files("awscompat") / "data" / "schemas" / "service-config.schema.json")
                            .read_text(encoding="utf-8"))
        userfiles.validate(section, schema, str(path))
    except userfiles.UserFileError as exc:
        raise ConfigError(str(exc)) from None
    return section


def _parse_keys(text: str) -> list[str]:
    return [k.strip() for k in text.replace("\n", ",").split(",") if k.strip()]


def build_config(options: dict[str, Any], config_file: Path | None = None,
                 environ: dict[str, str] | None = None) -> ServiceConfig:
    """options: the explicit values (None for "not given")."""
    env = os.environ if environ is None else environ
    file = read_config_file(config_file) if config_file else {}
    cfg = ServiceConfig()
    for fkey, attr in _FILE_KEYS.items():
        if fkey in file:
            setattr(cfg, attr, file[fkey])
    for attr, value in options.items():
        if value is not None and value != () and value != []:
            setattr(cfg, attr, list(value) if isinstance(value, tuple) else value)
    if env.get("AWSCOMPAT_DB") and options.get("db_url") is None:
        cfg.db_url = env["AWSCOMPAT_DB"]
    if env.get("AWSCOMPAT_BROKER") and options.get("broker") is None:
        cfg.broker = env["AWSCOMPAT_BROKER"]
    if cfg.broker and not env.get(SECRET_ENV):
        raise ConfigError(f"with a broker, set {SECRET_ENV} (the same on every `awscompat worker`): run credentials"
                          " travel through the broker sealed with it")
    cfg.data_dir = Path(cfg.data_dir)
    if cfg.signing_key is not None:
        cfg.signing_key = Path(cfg.signing_key)
    keys = env.get(SECRET_ENV, "")
    if not keys and "secret_key" in file:
        keys = str(file["secret_key"])
    if not keys and "secret_key_file" in file:
        try:
            keys = Path(file["secret_key_file"]).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read secret_key_file: {exc.strerror or exc}") from exc
    cfg.secret_keys = _parse_keys(keys)
    cfg.admin_token = env.get("AWSCOMPAT_ADMIN_TOKEN") or file.get("admin_token") or cfg.admin_token
    validate(cfg)
    return cfg


def validate(cfg: ServiceConfig) -> None:
    for attr in _INTS:
        value = getattr(cfg, attr)
        if not isinstance(value, int) or isinstance(value, bool) or value < (0 if attr in ("badge_cache_seconds", "owner_slots") else 1):
            raise ConfigError(f"{attr} must be a positive whole number, not {value!r}")
    for attr in _FLOATS:
        value = getattr(cfg, attr)
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{attr} must be a number of seconds >= 0, not {value!r}")
    if cfg.stale_after <= 0:
        raise ConfigError("stale_after must be > 0 seconds")
    if not isinstance(cfg.allow_networks, list) or not all(isinstance(n, str) for n in cfg.allow_networks):
        raise ConfigError("allow_networks is a list of CIDRs or host:port strings")
    parse_allow_list(cfg.allow_networks)  # raises ConfigError on a bad entry
    if cfg.broker is not None and not (isinstance(cfg.broker, str) and cfg.broker.startswith(("redis://", "rediss://"))):
        raise ConfigError("broker must be a redis:// URL")
    url = cfg.database_url
    if not (url.startswith("sqlite") or url.startswith("postgresql")):
        raise ConfigError(f"--db must be a sqlite:/// or postgresql+psycopg:// URL, not {url.split(':', 1)[0]!r}")
