"""The simulated users of the load benchmark and the figures drawn from their requests.

Each user is a thread with its own keep-alive HTTP connection and signed-in
session. It asks for a page, waits for the answer, thinks for a while (an
exponential pause, ``think_s`` on average) and asks again, until the time is up.
Every request is recorded: which page, when it started, how long it took, its
status, and for a write the id of the row the server said it stored.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import requests

TIMEOUT_S = 30.0


@dataclass(frozen=True)
class PageRequest:
    page: str  # the name figures are reported under
    path: str
    method: str = "GET"
    body: dict[str, Any] | None = None
    expect: int = 200


@dataclass
class SimulatedUser:
    username: str
    role: str
    session_key: str
    csrf_token: str
    # Draws the user's next request.
    next_request: Callable[[random.Random], PageRequest]

    @property
    def headers(self) -> dict[str, str]:
        # Sent by hand: the session cookie is marked Secure (DEBUG=0) and this
        # benchmark speaks plain HTTP on 127.0.0.1, so a cookie jar would drop it.
        return {"Cookie": f"sessionid={self.session_key}; csrftoken={self.csrf_token}",
                "X-CSRFToken": self.csrf_token, "Accept-Language": "en"}


@dataclass(frozen=True)
class Sample:
    user: str
    page: str
    started_s: float  # since the start of the run
    seconds: float
    status: int  # 0 when no answer came (refused, reset, timed out)
    ok: bool
    created_id: int | None = None


@dataclass
class LoadRun:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


def run_load(base_url: str, users: list[SimulatedUser], *, seconds: float, think_s: float,
             seed: int, during: Callable[[float], None] | None = None) -> LoadRun:
    """Run every user for ``seconds``; ``during(started)`` runs in the calling thread
    meanwhile (the fault injection), ``started`` being the run's ``perf_counter`` origin."""
    run = LoadRun()
    started = time.perf_counter()
    deadline = started + seconds
    threads = [threading.Thread(target=_user_loop, name=user.username,
                                args=(base_url, user, run, started, deadline, think_s,
                                      random.Random(f"{seed} {number}")))
               for number, user in enumerate(users)]
    for thread in threads:
        thread.start()
    if during is not None:
        during(started)
    for thread in threads:
        thread.join(seconds + TIMEOUT_S + 5)
    return run


def _user_loop(base_url: str, user: SimulatedUser, run: LoadRun, started: float,
               deadline: float, think_s: float, rng: random.Random) -> None:
    http = requests.Session()
    # Users do not all start in step.
    time.sleep(rng.uniform(0, think_s))
    while time.perf_counter() < deadline:
        request = user.next_request(rng)
        begun = time.perf_counter()
        status, created = 0, None
        try:
            response = http.request(request.method, base_url + request.path,
                                    headers=user.headers, json=request.body,
                                    allow_redirects=False, timeout=TIMEOUT_S)
            status = response.status_code
            if status == request.expect and request.method == "POST":
                created = int(response.json()["id"])
        except (requests.RequestException, ValueError, KeyError):
            http.close()
            http = requests.Session()
        run.add(Sample(user.username, request.page, begun - started,
                       time.perf_counter() - begun, status, status == request.expect, created))
        if think_s > 0:
            time.sleep(min(rng.expovariate(1 / think_s), 10 * think_s))
    http.close()


def summarise(samples: list[Sample], seconds: float) -> dict[str, Any]:
    """p50/p95/p99 in milliseconds, counts, errors and requests per second."""
    if not samples:
        return {"requests": 0, "errors": 0}
    times = np.array([s.seconds for s in samples]) * 1000
    errors = [s for s in samples if not s.ok]
    statuses: dict[str, int] = {}
    for sample in errors:
        statuses[str(sample.status)] = statuses.get(str(sample.status), 0) + 1
    return {
        "requests": len(samples),
        "requests_per_s": round(len(samples) / seconds, 1),
        "p50_ms": round(float(np.percentile(times, 50)), 1),
        "p95_ms": round(float(np.percentile(times, 95)), 1),
        "p99_ms": round(float(np.percentile(times, 99)), 1),
        "max_ms": round(float(times.max()), 1),
        "errors": len(errors),
        "error_statuses": statuses,
    }


def summarise_by_page(samples: list[Sample], seconds: float) -> dict[str, Any]:
    pages = sorted({s.page for s in samples})
    return {"overall": summarise(samples, seconds),
            **{page: summarise([s for s in samples if s.page == page], seconds)
               for page in pages}}
