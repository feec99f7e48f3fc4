"""The market's records: a provider's class, its ratings and results, the whole market (what
market.json holds). Written by awscompat.market.runner, read by awscompat.market.report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The provider class each market provider is rated as (docs/methodology.md): storage servers that hold
# customer data are `cloud`; local development and test tools are `emulator`.
PROVIDER_CLASS = {"moto": "emulator", "ministack": "emulator", "localstack": "emulator", "s3rver": "emulator",
                  "dynalite": "emulator", "kinesalite": "emulator", "seaweedfs": "cloud", "radosgw": "cloud"}


def provider_class(name: str) -> str:
    return PROVIDER_CLASS.get(name, "cloud")


@dataclass
class Rating:
    profile: str
    title: str
    score: float
    grade: str
    compliant: bool
    counts: dict[str, int]
    reasons: list[str]
    failed: int
    top_failing: list[tuple[str, int]]
    attestation: str
    badge: str
    klass: str = "cloud"
    rated: bool = True
    axes: dict = field(default_factory=dict)
    completeness: float | None = None
    pinned_digest: str = ""
    mark: str = ""


@dataclass
class ProviderResult:
    name: str
    title: str
    status: str = "pending"  # rated | not installed | did not start | incomplete | interrupted
    message: str = ""
    version: str = ""
    url: str = ""
    homepage: str = ""
    started_s: float = 0.0
    run_s: float = 0.0
    stop_s: float = 0.0
    stopped: bool = False
    pids: list[int] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    cases: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    ratings: list[Rating] = field(default_factory=list)
    size: int = 0
    profiles: list[str] = field(default_factory=list)  # the profiles it was to be rated on
    client: str = ""  # the client that sent the requests and its version (run.json `client`)


@dataclass
class Market:
    date: str
    command: str
    tool_version: str
    revision: str
    keyid: str
    providers: list[ProviderResult]
    results: dict[str, dict[str, dict]]  # provider -> case id -> compact result (for the findings)
    profiles: dict[str, str]  # name -> title

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("results")
        return d
