"""A batch run survives workers killed in the middle of a chunk (ADR 0003, 0010).

Two real Celery worker processes (prefork, one child each) consume a queue of
their own on the real Redis, against the pytest PostgreSQL database. While the
run is in flight the test kills, with SIGKILL:

1. the prefork *child* of worker A while it computes a chunk: A's parent sees
   the child die and, because tasks are acknowledged late and rejected when
   their worker is lost, puts the message back on the queue at once;
2. the *whole* worker B (parent and child) while it computes a chunk: nobody is
   left to reject the message, so it stays unacknowledged in Redis until the
   visibility timeout (a few seconds here, through
   ``CELERY_BROKER_TRANSPORT_OPTIONS``) returns it to the queue for A.

The run must then finish on A alone with every chunk done, no duplicated row,
and exactly the lists that an in-process run of the same region computes.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from decentwork.celery import app
from decentwork.recommendations.actions import (
    MAX_CHUNK_SIZE,
    run_matching_in_process,
    start_matching_run,
)
from decentwork.recommendations.models import MatchingRun, Recommendation, RunChunk, RunStatus
from tests.recommendations.synthetic_region import build_region

pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)
CELERY = str(Path(sys.executable).parent / "celery")
VISIBILITY_TIMEOUT = 15  # seconds; above the longest task here (the preparation, ~5 s)
RUN_TIMEOUT = 240


def _skip_reason() -> str | None:
    if not os.environ.get("REDIS_URL"):
        return "needs REDIS_URL: real Celery workers need the Redis broker"
    if connection.vendor != "postgresql":
        return ("needs PostgreSQL: worker processes must share the test database, which an "
                "in-memory SQLite test database cannot be")
    return None


@dataclass
class Worker:
    name: str
    node: str
    process: subprocess.Popen[bytes]
    log: Path

    def active_chunks(self) -> list[dict[str, Any]]:
        """The chunk tasks this worker is executing now, with the child's pid."""
        replies = app.control.inspect(destination=[self.node], timeout=1.0, limit=1).active()
        return [task for task in (replies or {}).get(self.node, [])
                if task.get("name") == "recommendations.match_chunk"]


@dataclass
class WorkerPool:
    queue: str
    env: dict[str, str]
    tmp: Path
    workers: list[Worker] = field(default_factory=list)

    def start(self, name: str) -> Worker:
        node = f"{name}-{self.queue}@dwtest"
        log = self.tmp / f"{name}.log"
        process = subprocess.Popen(
            [CELERY, "-A", "decentwork.celery", "worker", "--concurrency=1", "--pool=prefork",
             "-Q", self.queue, "-n", node, "--without-mingle", "--without-gossip",
             "--without-heartbeat", "--loglevel=INFO"],
            cwd=ROOT, env=self.env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True)  # its own process group: killpg reaches its children
        worker = Worker(name, node, process, log)
        self.workers.append(worker)
        return worker

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        pending = {w.node for w in self.workers}
        while pending and time.monotonic() < deadline:
            replies = app.control.inspect(destination=sorted(pending), timeout=1.0).ping() or {}
            pending -= set(replies)
        assert not pending, f"workers did not start: {pending}; see {self.tmp}"

    def stop(self) -> None:
        for worker in self.workers:
            if worker.process.poll() is None:
                os.killpg(worker.process.pid, signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(worker.process.pid, signal.SIGKILL)
                worker.process.wait(timeout=15)
            with contextlib.suppress(ProcessLookupError):  # children outliving their parent
                os.killpg(worker.process.pid, signal.SIGKILL)


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return (f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}")


@pytest.fixture
def worker_pool(transactional_db: None, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[WorkerPool]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    # A queue of our own: parallel test runs on the same Redis never take our tasks.
    queue = f"dw-killed-worker-{uuid.uuid4().hex[:12]}"
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    monkeypatch.setattr(app.conf, "task_default_queue", queue)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_TASK_DEFAULT_QUEUE": queue,  # tasks a worker queues stay on this queue
        "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps({
            "visibility_timeout": VISIBILITY_TIMEOUT,
            "unacked_restore_interval": 1, "unacked_restore_throttle": 1}),
        "OPENBLAS_NUM_THREADS": "1",
    }
    pool = WorkerPool(queue, env, tmp_path)
    try:
        yield pool
    finally:
        pool.stop()
        _forget_queue(queue)


def _forget_queue(queue: str) -> None:
    """Delete whatever the broker keeps for our queue: the queue (with its priority
    lists), its bindings, and unacknowledged messages that name it."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    names = list(client.scan_iter(match=f"*{queue}*"))
    if names:
        client.delete(*names)
    for tag, payload in client.hscan_iter("unacked"):
        if queue.encode() in payload:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def _kill_while_holding_a_chunk(worker: Worker, run: MatchingRun, *, whole_worker: bool,
                                timeout: float = 60) -> int:
    """SIGKILL the worker's child (or the whole worker) while it computes a chunk;
    returns the chunk number it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for task in worker.active_chunks():
            run_id, number = task["args"]
            if run_id != run.pk or RunChunk.objects.filter(
                    run=run, number=number, done_at__isnull=False).exists():
                continue
            if whole_worker:
                os.killpg(worker.process.pid, signal.SIGKILL)
                worker.process.wait(timeout=15)
            else:
                os.kill(task["worker_pid"], signal.SIGKILL)
            return int(number)
        time.sleep(0.05)
    raise AssertionError(f"{worker.name} never held a chunk; see {worker.log}")


def _stored(run: MatchingRun) -> dict[tuple[int, int, int], float]:
    return {(s, v, r): score for s, v, r, score in Recommendation.objects.filter(run=run)
            .values_list("seeker_id", "vacancy_id", "rank", "score")}


def test_a_run_survives_killed_workers(worker_pool: WorkerPool) -> None:
    region = build_region(n_seekers=4000, n_vacancies=1200)
    a, b = worker_pool.start("a"), worker_pool.start("b")
    worker_pool.wait_until_ready()

    run = start_matching_run(None, region, chunk_size=200)  # queued on commit (autocommit)
    assert RunChunk.objects.filter(run=run).count() == 20

    killed_child_chunk = _kill_while_holding_a_chunk(a, run, whole_worker=False)
    killed_worker_chunk = _kill_while_holding_a_chunk(b, run, whole_worker=True)
    assert b.process.poll() is not None and a.process.poll() is None

    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in {RunStatus.DONE, RunStatus.FAILED}:
            break
        time.sleep(0.5)
    assert run.status == RunStatus.DONE, (run.status, run.error, a.log.read_text()[-3000:])

    assert not RunChunk.objects.filter(run=run, done_at__isnull=True).exists()
    assert RunChunk.objects.filter(
        run=run, number__in=[killed_child_chunk, killed_worker_chunk]).count() == 2
    stored = _stored(run)
    assert Recommendation.objects.filter(run=run).count() == len(stored)  # no duplicates
    pairs = Recommendation.objects.filter(run=run).values_list("seeker_id", "vacancy_id")
    assert len(set(pairs)) == len(stored)
    assert run.parameters["market"]["priced_vacancies"] > 0  # congestion re-ranking was on
    # A's parent saw its child killed and gave the message back (WorkerLostError).
    log = a.log.read_text()
    assert "signal 9" in log or "WorkerLostError" in log, log[-3000:]

    # The same region computed here, in one piece: the very same lists and scores.
    reference = run_matching_in_process(None, region, chunk_size=MAX_CHUNK_SIZE,
                                        as_of=run.as_of)
    assert reference.pk != run.pk
    assert _stored(reference) == stored
    assert len(stored) > 40_000
