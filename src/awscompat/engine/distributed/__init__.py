"""Distributed runs: one run's cases split into shards, queued on Celery with a Redis broker,
executed by any number of `awscompat worker` processes on any number of machines, and merged
back into ONE run folder by the process that started the run (the coordinator).

Contract (DESIGN 6, issue 17):
- The coordinator is the engine's Runner with a BrokerPool (pool.py) in place of the local
  worker processes: preflight, early results (read-only skips, preflight errors), events,
  the run folder, and the one sweep at the end are the local run's own code. The run folder
  has one namespace, one ledger (the workers' ledger lines are merged into it as they
  arrive) and one suite digest.
- Shards (shards.py) group cases by service and feature and are sized from recorded case
  durations; each shard's estimate stays under a quarter of the broker's visibility timeout.
- Messages are acknowledged late (acks_late, reject_on_worker_lost); a message whose worker
  died is delivered again after the visibility timeout.
- Results are idempotent, keyed by (run, case id) (store.py): a case is claimed before it
  runs and recorded with HSETNX; a redelivered shard skips recorded cases and cases held by a
  live worker, so no result is ever recorded twice or changed. A case whose worker died is
  started once more elsewhere; started a third time it is recorded as `error` with the reason.
- Per-target limits: every case in flight holds a slot of the target's semaphore in Redis
  (leases renewed by a live worker, so a dead worker's slots expire): the provider never sees
  more cases in flight than the run's concurrency, however many workers there are. One run
  per target at a time (a lock renewed by the coordinator).
- Credentials travel sealed with a Fernet key (AWSCOMPAT_SECRET_KEY, the same on the
  coordinator and every worker), never in clear text through the broker.
"""
