"""The fault rule, as the run tests check it (tests/test_faultproxy.py, tests/test_fault_raw.py):
run a suite once directly and once per fault type through `awscompat run --fault`, a few runs
at once, then compare case by case: a fault may turn an outcome into `error`, never into
anything else."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from clirun import CliResult, awscompat, check_run_folder, cli_env, exit_code_for

# fault type -> (specs, the proxy counter that must show it fired, how often at least)
Faults = dict[str, tuple[tuple[str, ...], str, int]]
# Seconds to wait for an answer: short where hangs are injected (each costs one), the default
# elsewhere, so that a slow moto on a busy machine cannot time out the runs compared.
TIMEOUTS = {"hang": "3"}
PARALLEL = 4  # runs at once: they mostly wait (latency, backoff, hangs), but share one server


def run_each_fault(url: str, base: Path, suite: tuple[str, ...], faults: Faults, *, seed: int,
                   timeout: float) -> dict[str, tuple[CliResult, Path]]:
    """The clean run ("clean") and one run per fault type, PARALLEL at a time."""
    home = base / "home"
    home.mkdir()

    def run(out: Path, specs: tuple[str, ...]) -> CliResult:
        args = [arg for spec in (*specs, f"seed={seed}") for arg in ("--fault", spec)] if specs else []
        return awscompat("run", "--endpoint", url, *suite, "-q", "--timeout", TIMEOUTS.get(out.name, "30"),
                         "--out", out, *args, env=cli_env(home), cwd=out.parent, timeout=timeout)

    jobs = {"clean": ()} | {name: specs for name, (specs, _, _) in faults.items()}
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        futures = {name: pool.submit(run, base / name, specs) for name, specs in jobs.items()}
        return {name: (fut.result(), base / name) for name, fut in futures.items()}


def outcomes(r: CliResult, out: Path) -> tuple[dict, dict[str, dict]]:
    """run.json and the results by case ID, after checking the run completed in a sound way."""
    assert "Traceback" not in r.output, r
    assert r.code in (0, 1, 3), r
    meta, results = check_run_folder(out)
    assert meta["status"] in ("complete", "incomplete"), meta["status"]
    assert r.code == exit_code_for(meta["counts"]), (meta["counts"], r)
    return meta, {x["id"]: x for x in results}


def assert_rated_alike(fault: str, faults: Faults, clean: dict[str, dict], faulted: dict[str, dict], meta: dict,
                       ids: set[str]) -> dict[str, tuple]:
    """The fault fired; every case of ids whose outcome changed became an `error` with a reason
    and evidence; latency alone changed nothing. Returns the changed cases."""
    specs, counter, least = faults[fault]
    stats = meta["faults"]["proxies"][0]["stats"]
    assert stats.get(counter, 0) >= least, f"the fault did not fire often enough: {stats}"
    changed = {i: (clean[i]["outcome"], faulted[i]["outcome"], faulted[i]["message"]) for i in sorted(ids)
               if faulted[i]["outcome"] != clean[i]["outcome"]}
    wrong = {i: c for i, c in changed.items() if c[1] != "error"}
    assert not wrong, f"{len(wrong)} case(s) rated differently through `{' '.join(specs)}`:\n" + "\n".join(
        f"{i}: {a} -> {b}: {m}" for i, (a, b, m) in list(wrong.items())[:20])
    for i, (_, _, message) in changed.items():
        assert message and faulted[i]["evidence"], f"{i}: an error without a reason or evidence"
    if fault == "latency":
        assert not changed, f"latency alone changed outcomes: {changed}"
    return changed
