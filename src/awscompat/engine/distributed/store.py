"""What the coordinator and the workers share in Redis besides the Celery queue.

Keys (prefix `awscompat:`), all of one run expiring RUN_TTL after the run was published:
    run:<r>:spec      JSON: target (credentials sealed), options, selection, services, limits
    run:<r>:shard:<i> JSON list of "id@revision"
    run:<r>:results   hash case id -> result JSON, written once (HSETNX) and never changed
    run:<r>:done      list of case ids in the order they were recorded (the coordinator tails it)
    run:<r>:by        hash case id -> the worker token that recorded it
    run:<r>:claims    hash case id -> the worker token running it
    run:<r>:starts    hash case id -> how often a worker started it
    run:<r>:ledger    list of ledger lines, pushed before each create is sent
    run:<r>:seq / :serial   counters handed out in blocks (ledger entry numbers, names)
    run:<r>:stop      set when the coordinator stops the run
    worker:<token>    a live worker's heartbeat (expires after the lease)
    target:<key>:slots  sorted set: the target's semaphore (member -> lease expiry)
    target:<key>:run    the run that holds the target (one run per target at a time)

Every write that a retry could repeat is idempotent (Lua scripts guard the results; a ledger
line pushed twice has the same entry number, which the ledger reader folds), so the client
retries through a broker restart.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from awscompat.engine.target import Credentials, Target

PREFIX = "awscompat:"
RUN_TTL = 7 * 86400
MAX_STARTS = 2  # a case is started at most twice (once more after its worker died)
KEY_ENV = "AWSCOMPAT_SECRET_KEY"
BLOCK = 256  # counter values taken at a time

_CLAIM = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 'done' end
local holder = redis.call('HGET', KEYS[2], ARGV[1])
if holder and holder ~= ARGV[2] and redis.call('EXISTS', ARGV[4] .. holder) == 1 then return 'held' end
local n = redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
if n > tonumber(ARGV[3]) then return 'exhausted' end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 'mine'
"""
_RECORD = """
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
  return 1
end
return 0
"""
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('EXPIRE', KEYS[1], 86400)
  return 1
end
return 0
"""
_RENEW = """
local t = redis.call('TIME')
local until_ = tonumber(t[1]) + tonumber(t[2]) / 1000000 + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', until_, ARGV[i]) end
return 1
"""
_LOCK_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 0
"""
_LOCK_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class BrokerError(Exception):
    """The broker cannot be used as configured (no key to seal credentials, unreachable...)."""


def connect(url: str, *, patience: int = 40) -> redis.Redis:
    """A client that retries through a broker restart (about patience x 2 s at most)."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise BrokerError(f"the broker must be a redis:// URL, not {url.split(':', 1)[0]!r}")
    return redis.Redis.from_url(
        url, decode_responses=True, socket_timeout=30, socket_connect_timeout=5, health_check_interval=15,
        retry=Retry(ExponentialBackoff(cap=2.0, base=0.05), patience),
        retry_on_error=[RedisConnectionError, RedisTimeoutError])


def redacted(url: str) -> str:
    """The broker URL without a password, for messages and run.json."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "…@" + rest.rpartition("@")[2]
    return scheme + sep + rest


# -- sealing credentials ----------------------------------------------------------------------
def _fernet(keys: list[str] | None = None):
    from cryptography.fernet import Fernet, MultiFernet

    keys = keys or [k.strip() for k in os.environ.get(KEY_ENV, "").replace("\n", ",").split(",") if k.strip()]
    if not keys:
        raise BrokerError(f"set {KEY_ENV} (a Fernet key, the same for the run and every worker): credentials "
                          "travel through the broker sealed with it")
    try:
        return MultiFernet([Fernet(k.encode("ascii")) for k in keys])
    except (ValueError, UnicodeEncodeError):
        raise BrokerError(f"{KEY_ENV} is not a Fernet key (32 url-safe base64 bytes)") from None


def _seal(creds: Credentials | None, keys: list[str] | None) -> str | None:
    if creds is None:
        return None
    plain = json.dumps({"a": creds.access_key, "s": creds.secret_key, "t": creds.token, "src": creds.source})
    return _fernet(keys).encrypt(plain.encode()).decode("ascii")


def _open(sealed: str | None) -> Credentials | None:
    if not sealed:
        return None
    from cryptography.fernet import InvalidToken

    try:
        plain = json.loads(_fernet().decrypt(sealed.encode("ascii")))
    except InvalidToken:
        raise BrokerError(f"this worker's {KEY_ENV} cannot open the run's credentials (another key)") from None
    return Credentials(plain["a"], plain["s"], plain.get("t"), plain.get("src", ""))


def seal_target(target: Target, keys: list[str] | None = None) -> dict:
    return {"name": target.name, "endpoint": target.endpoint, "endpoints": dict(target.endpoints),
            "region": target.region, "addressing": target.addressing, "verify_tls": target.verify_tls,
            "disposable": target.disposable, "credentials": _seal(target.credentials, keys),
            "second_credentials": _seal(getattr(target, "second_credentials", None), keys)}


def open_target(data: dict) -> Target:
    target = Target(name=data["name"], endpoint=data.get("endpoint"), endpoints=dict(data.get("endpoints") or {}),
                    region=data["region"], addressing=data["addressing"], verify_tls=data["verify_tls"],
                    disposable=data["disposable"], credentials=_open(data.get("credentials")))
    target.second_credentials = _open(data.get("second_credentials"))  # the s3/cross-account principal
    return target


def target_key(target: Target) -> str:
    """The provider as the per-target limits see it: its endpoint URLs (region for AWS)."""
    urls = sorted({u for u in [target.endpoint, *target.endpoints.values()] if u}) or [f"aws:{target.region}"]
    return hashlib.sha256("\n".join(urls).encode()).hexdigest()[:24]


class Store:
    def __init__(self, url: str, *, patience: int = 40) -> None:
        self.url = url
        self.r = connect(url, patience=patience)
        self._claim = self.r.register_script(_CLAIM)
        self._record = self.r.register_script(_RECORD)
        self._acquire = self.r.register_script(_ACQUIRE)
        self._renew = self.r.register_script(_RENEW)
        self._lock_renew = self.r.register_script(_LOCK_RENEW)
        self._lock_release = self.r.register_script(_LOCK_RELEASE)

    @staticmethod
    def key(run: str, part: str) -> str:
        return f"{PREFIX}run:{run}:{part}"

    def ping(self) -> None:
        try:
            self.r.ping()
        except redis.RedisError as exc:
            raise BrokerError(f"cannot reach the broker {redacted(self.url)}: {exc}") from exc

    # -- the run ------------------------------------------------------------------------------
    def publish(self, run: str, spec: dict, shards: list[list[str]]) -> None:
        pipe = self.r.pipeline(transaction=False)
        pipe.set(self.key(run, "spec"), json.dumps(spec), ex=RUN_TTL)
        for i, refs in enumerate(shards):
            pipe.set(self.key(run, f"shard:{i}"), json.dumps(refs), ex=RUN_TTL)
        for part in ("results", "done", "by", "claims", "starts", "ledger", "seq", "serial"):
            pipe.delete(self.key(run, part))
        pipe.execute()

    def expire_run(self, run: str) -> None:
        parts = ["results", "done", "by", "claims", "starts", "ledger", "seq", "serial", "stop"]
        pipe = self.r.pipeline(transaction=False)
        for part in parts:
            pipe.expire(self.key(run, part), RUN_TTL)
        pipe.execute()

    def spec(self, run: str) -> dict | None:
        raw = self.r.get(self.key(run, "spec"))
        return json.loads(raw) if raw else None

    def shard(self, run: str, index: int) -> list[str]:
        raw = self.r.get(self.key(run, f"shard:{index}"))
        return json.loads(raw) if raw else []

    def stop(self, run: str) -> None:
        self.r.set(self.key(run, "stop"), "1", ex=RUN_TTL)

    def stopped(self, run: str) -> bool:
        return bool(self.r.exists(self.key(run, "stop")))

    # -- cases --------------------------------------------------------------------------------
    def claim(self, run: str, case: str, token: str) -> str:
        """'mine' (run it), 'done' (recorded), 'held' (a live worker runs it), 'exhausted'."""
        return self._claim(keys=[self.key(run, "results"), self.key(run, "claims"), self.key(run, "starts")],
                           args=[case, token, MAX_STARTS, f"{PREFIX}worker:"])

    def record(self, run: str, case: str, result: dict, token: str) -> bool:
        """Store a case's result unless one is already stored; True when this one was stored."""
        return bool(self._record(keys=[self.key(run, "results"), self.key(run, "done"), self.key(run, "by")],
                                 args=[case, json.dumps(result, default=str), token]))

    def tail(self, run: str, offset: int, count: int = 2000) -> list[tuple[str, dict]]:
        """Results recorded since offset, in record order."""
        ids = self.r.lrange(self.key(run, "done"), offset, offset + count - 1)
        if not ids:
            return []
        raw = self.r.hmget(self.key(run, "results"), ids)
        return [(cid, json.loads(text)) for cid, text in zip(ids, raw, strict=True) if text]

    def recorded(self, run: str) -> int:
        return int(self.r.llen(self.key(run, "done")))

    def push_ledger(self, run: str, lines: list[str]) -> None:
        self.r.rpush(self.key(run, "ledger"), *lines)

    def ledger_lines(self, run: str, offset: int) -> list[str]:
        return self.r.lrange(self.key(run, "ledger"), offset, -1)

    def counter(self, run: str, name: str) -> Iterator[int]:
        """Unique numbers for this run, increasing in this process (taken BLOCK at a time)."""
        key = self.key(run, name)

        def numbers() -> Iterator[int]:
            while True:
                top = int(self.r.incrby(key, BLOCK))
                yield from range(top - BLOCK + 1, top + 1)

        return _Locked(numbers())

    # -- workers ------------------------------------------------------------------------------
    def beat(self, token: str, lease: float, slots: str | None, held: list[str]) -> None:
        self.r.set(f"{PREFIX}worker:{token}", "1", px=int(lease * 1000))
        if slots and held:
            self._renew(keys=[slots], args=[lease, *held])

    def alive(self, token: str) -> bool:
        return bool(self.r.exists(f"{PREFIX}worker:{token}"))

    def gone(self, token: str) -> None:
        self.r.delete(f"{PREFIX}worker:{token}")

    # -- per-target limits --------------------------------------------------------------------
    @staticmethod
    def slots_key(tkey: str) -> str:
        return f"{PREFIX}target:{tkey}:slots"

    def try_slot(self, slots: str, member: str, limit: int, lease: float) -> bool:
        return bool(self._acquire(keys=[slots], args=[member, limit, lease]))

    def release_slot(self, slots: str, member: str) -> None:
        self.r.zrem(slots, member)

    def in_flight(self, tkey: str) -> int:
        return int(self.r.zcard(self.slots_key(tkey)))

    def lock_target(self, tkey: str, run: str, ttl: int) -> str | None:
        """Take the target for this run; None, or the run that holds it."""
        key = f"{PREFIX}target:{tkey}:run"
        if self.r.set(key, run, nx=True, ex=ttl):
            return None
        return self.r.get(key) or None

    def renew_target(self, tkey: str, run: str, ttl: int) -> bool:
        return bool(self._lock_renew(keys=[f"{PREFIX}target:{tkey}:run"], args=[run, ttl]))

    def unlock_target(self, tkey: str, run: str) -> None:
        self._lock_release(keys=[f"{PREFIX}target:{tkey}:run"], args=[run])


class _Locked:
    """A thread-safe iterator."""

    def __init__(self, it: Iterator[int]) -> None:
        self._it = it
        self._lock = threading.Lock()

    def __iter__(self) -> _Locked:
        return self

    def __next__(self) -> int:
        with self._lock:
            return next(self._it)


@contextmanager
def slot(store: Store, slots: str, member: str, limit: int, lease: float, held: set[str],
         stop: threading.Event | None = None) -> Iterator[None]:
    """Hold one of the target's slots while the block runs (polls with a growing pause)."""
    pauses = itertools.chain([0.005, 0.01, 0.02, 0.05], itertools.repeat(0.1))
    while not store.try_slot(slots, member, limit, lease):
        if stop is not None and stop.is_set():
            raise InterruptedError("the worker is stopping")
        time.sleep(next(pauses))
    held.add(member)
    try:
        yield
    finally:
        held.discard(member)
        store.release_slot(slots, member)
