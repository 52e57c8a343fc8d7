"""Load and faults: a million job seekers on PostgreSQL, 50 users, the production server.

What it does, each step bounded in time:

1. **Data.** A PostgreSQL cluster of its own (``bench/load_cluster.py``, a free port
   on 127.0.0.1, never the shared server), migrated, the demo loaded, then grown to
   ``--seekers`` people with their profiles, recommendation lists and, for one copy
   in ``--history-every``, their whole casework history (``bench/load_data.py``,
   streamed with ``COPY``). ``--reuse`` keeps the cluster and its data for the next
   run (generating a million people takes minutes); migrations are applied anyway.
2. **Serve** with gunicorn and production settings (``DEBUG=0``, Redis cache in db 14,
   persistent connections with health checks).
3. **Load.** ``--users`` simulated users, each signed in (counsellors of every office,
   job seekers, employers), ask for the caseload, seeker and recommendation pages
   with a pause between pages (``--think``, seconds on average). p50/p95/p99 per page
   and overall, errors, requests per second, and the CPU each request cost the server
   and the database. Target p95 < 150 ms with no error.

   Baseline, in the same run: the same users and pages served by ``manage.py
   runserver``, which is how the probe of issue 18 served them (p95 860 ms at demo
   size with 20 clients). It is the comparison an operator makes: the same code and
   data, served the way the demo serves them or the way ``docs/deploy.md`` does.
   ``--rounds`` rounds per server take the servers in turn (ABBA), each ``--warmup``
   seconds not counted then ``--seconds`` counted.

   The machine may be shared: the JSON records how many cores others kept busy, and
   ``--priority -10`` gives the benchmark's processes the CPU they ask for (see
   docs/benchmarks.md, "Load and faults").
4. **Faults.** The load again, with some counsellors writing (case notes and
   appointments through the API); the PostgreSQL cluster is restarted (fast
   shutdown) in the middle. Every write the server acknowledged (201 with its id)
   must be in the database afterwards, and no request started after the database was
   back may fail.
5. **Backup and restore.** ``scripts/backup`` then ``scripts/restore`` into a fresh
   database of the same cluster; the restore compares the row count of every table
   with the counts taken in the backup's own snapshot.

Signing in: sessions are written directly in the bench database, exactly as
``django.contrib.auth.login`` and ``django_otp.login`` write them (user, backend,
password hash digest, and for staff the id of a confirmed TOTP device), so staff
sessions are verified without typing codes. Signing in is not what is measured, and
the login pages change with issue 18's accounts work; the pages then see ordinary
signed-in, second-factor-verified sessions.

Usage::

    .venv/bin/python bench/load.py                # 1,000,000 seekers (~25 min in all)
    .venv/bin/python bench/load.py --reuse        # keep the generated cluster for next time
    .venv/bin/python bench/load.py --quick        # 20,000 seekers, a few minutes

Writes ``bench/results/load.json`` (``load_quick.json`` with ``--quick``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_client import PageRequest, Sample, SimulatedUser, run_load, summarise, summarise_by_page
from load_cluster import BenchCluster

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"
DATABASE = "decentwork_load"
PYTHON = sys.executable
# The demo's development key (settings.py): the benchmark loads the demo itself, and
# a dataset kept with --reuse must stay readable by the next run.
FIELD_ENCRYPTION_KEY = "aW5zZWN1cmUtZGV2ZWxvcG1lbnQta2V5LTMyLWJ5dGU="
REDIS_URL = "redis://127.0.0.1:6379/14"
TARGET_P95_MS = 150
# A counsellor reads a page for far longer than this; three seconds on average makes
# 50 people ask for about 16 pages a second, a busy office's peak.
THINK_S = 3.0


def app_environment(database_url: str, *, static_root: Path) -> dict[str, str]:
    """Production settings (DEBUG=0), on 127.0.0.1 only."""
    return {
        "DJANGO_SETTINGS_MODULE": "decentwork.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-load-secret-key-for-a-throwaway-local-cluster-0123456789",
        "FIELD_ENCRYPTION_KEY": FIELD_ENCRYPTION_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Port 9 (discard) refuses at once: a notice's email fails and is logged,
        # its inbox copy stays, as with a mail server that is down.
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DATABASE_CONN_HEALTH_CHECKS": "1",
        "REDIS_URL": REDIS_URL,
        # Jobs stay in-process: nothing is queued on the shared Redis.
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_RESULT_BACKEND": "cache+memory://",
        # Plain HTTP on 127.0.0.1: no TLS proxy in front.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_FORMAT": "json",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 seekers, 20 s of load")
    parser.add_argument("--seekers", type=int, default=1_000_000)
    parser.add_argument("--history-every", type=int, default=4,
                        help="one copy of the demo's people in N gets their casework history")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=THINK_S,
                        help="average pause between a user's pages, seconds")
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--seconds", type=float, default=30,
                        help="seconds counted per round and server")
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds per server, taking the servers in turn")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per gunicorn worker (1: sync workers)")
    parser.add_argument("--baseline", choices=["runserver", "none"], default="runserver")
    parser.add_argument("--priority", type=int, default=0,
                        help="nice value for the servers, the database and this client "
                             "while measuring (e.g. -10 on a machine shared with other work)")
    parser.add_argument("--skip-faults", action="store_true")
    parser.add_argument("--skip-backup", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the cluster and its data; reuse them if already generated")
    parser.add_argument("--regenerate", action="store_true",
                        help="generate the data again even if a kept cluster has it")
    parser.add_argument("--directory", type=Path, default=ROOT / "var" / "bench-load")
    parser.add_argument("--pg-port", type=int, default=55432)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--output", default=None,
                        help="file name under bench/results/ (load.json by default)")
    args = parser.parse_args()
    if args.quick:
        args.seekers, args.warmup, args.seconds, args.rounds = 20_000, 5, 10, 2
        args.directory = args.directory.with_name(args.directory.name + "-quick")

    cluster = BenchCluster(args.directory, args.pg_port)
    env = app_environment(cluster.url(DATABASE), static_root=args.directory / "static")
    os.environ.update(env)
    load_at_start = os.getloadavg()[0]
    result: dict[str, Any] = {"benchmark": "load", "quick": args.quick}
    servers: list[subprocess.Popen[bytes]] = []
    try:
        result["dataset"] = prepare_dataset(cluster, args)
        _collectstatic()
        users = simulated_users(args.users, args.seed)
        result["users"] = _describe_users(users)
        result["load"] = {"warmup_s_per_round": args.warmup,
                          "seconds_per_round": args.seconds, "rounds": args.rounds,
                          "think_s_mean": args.think, "nice": args.priority}
        result["server"] = {"name": "gunicorn", "workers": args.workers,
                            "worker_class": "gthread" if args.threads > 1 else "sync",
                            "threads": args.threads}
        running = {"production": start_gunicorn(args.workers, args.threads, args.directory)}
        servers.append(running["production"].process)
        if args.baseline == "runserver":
            running["baseline_runserver"] = start_runserver(args.directory)
            servers.append(running["baseline_runserver"].process)
        result.update(compare(running, users, cluster, args))
        for server in running.values():
            stop_server(server.process)
        if "baseline_runserver" in result:
            result["p95_ratio_runserver_to_gunicorn"] = round(
                result["baseline_runserver"]["overall"]["p95_ms"]
                / result["production"]["overall"]["p95_ms"], 1)
        if not args.skip_faults:
            gunicorn = start_gunicorn(args.workers, args.threads, args.directory)
            servers.append(gunicorn.process)
            result["faults"] = faults(gunicorn, users, cluster, args)
            stop_server(gunicorn.process)
        if not args.skip_backup:
            result["backup_restore"] = backup_restore(cluster)
    finally:
        for process in servers:
            stop_server(process)
        _close_connections()
        if args.reuse:
            cluster.stop()
        else:
            cluster.remove()
    result["machine"] = {"cpus": os.cpu_count(),
                         "load_average_1m_at_start": round(load_at_start, 2),
                         "load_average_1m_at_end": round(os.getloadavg()[0], 2)}
    report(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / (args.output or ("load_quick.json" if args.quick else "load.json"))
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"Wrote {path.relative_to(ROOT)}")


# 1. Data ------------------------------------------------------------------------------


def _manage(*arguments: str, timeout: float = 1800) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *arguments], check=True, cwd=ROOT,
                   timeout=timeout)


def _setup_django() -> None:
    import django

    django.setup()


def _close_connections() -> None:
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()


def prepare_dataset(cluster: BenchCluster, args: argparse.Namespace) -> dict[str, Any]:
    marker = cluster.directory / "dataset.json"
    wanted = {"seekers": args.seekers, "history_every": args.history_every, "seed": args.seed}
    if args.reuse and not args.regenerate and cluster.exists and marker.exists():
        kept = json.loads(marker.read_text())
        if kept["parameters"] == wanted:
            print(f"Reusing the generated dataset in {cluster.directory}")
            cluster.start()
            _manage("migrate", "--no-input", "-v", "0")
            _setup_django()
            kept["reused"] = True
            return dict(kept)
    print(f"Creating a PostgreSQL cluster in {cluster.directory} on port {cluster.port}…")
    cluster.remove()
    cluster.init()
    cluster.start()
    cluster.create_database(DATABASE)
    started = time.perf_counter()
    _manage("migrate", "--no-input", "-v", "0")
    _manage("load_demo", "--force", "--seed", "20261124")
    demo_s = time.perf_counter() - started
    _setup_django()
    from django.db import connection, transaction
    from load_data import generate

    print(f"Growing the demo to {args.seekers:,} job seekers…")
    started = time.perf_counter()
    with transaction.atomic():
        generated = generate(total_seekers=args.seekers, history_every=args.history_every,
                             seed=args.seed)
        _create_bench_accounts(args.seed)
    generate_s = time.perf_counter() - started  # the commit included
    started = time.perf_counter()
    # What autovacuum would have done by the time a real database got this big:
    # statistics for the planner, visibility maps for index-only scans.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        vacuum_s = time.perf_counter() - started
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    dataset = {"parameters": wanted, "seekers": generated.seekers,
               "rows_copied": generated.rows, "rows_copied_total": sum(generated.rows.values()),
               "demo_load_s": round(demo_s, 1), "generate_s": round(generate_s, 1),
               "vacuum_analyze_s": round(vacuum_s, 1),
               "database_size_gb": round(size / 2**30, 2), "reused": False}
    marker.write_text(json.dumps(dataset, indent=2) + "\n")
    print(f"Generated {generated.seekers:,} seekers ({dataset['rows_copied_total']:,} rows) "
          f"in {generate_s:.0f} s; database {dataset['database_size_gb']} GB")
    return dataset


def _collectstatic() -> None:
    _manage("collectstatic", "--no-input", "-v", "0")


# The simulated users --------------------------------------------------------------------

COUNSELLORS_PER_OFFICE = 10
SEEKER_LOGINS_PER_OFFICE = 4


def _create_bench_accounts(seed: int) -> None:
    """Counsellors for every office (an office of 250,000 people has many) and logins
    for some generated job seekers who have a recommendation list."""
    from django.contrib.auth.hashers import make_password

    from decentwork.accounts.models import Role, User
    from decentwork.network.models import Office, StaffMembership
    from decentwork.recommendations.models import Recommendation
    from decentwork.seekers.models import JobSeeker, SeekerStatus

    rng = random.Random(seed)
    unusable = make_password(None)
    for office in Office.objects.order_by("id"):
        for number in range(1, COUNSELLORS_PER_OFFICE + 1):
            user = User.objects.create(username=f"bench.counsellor.{office.slug}.{number}",
                                       role=Role.COUNSELLOR, password=unusable,
                                       first_name="Bench", last_name=office.name)
            StaffMembership.objects.create(user=user, office=office)
        listed = list(Recommendation.objects.filter(
            seeker__office=office, seeker__user__isnull=True,
            seeker__status=SeekerStatus.ACTIVE, rank=1).values_list("seeker_id", flat=True)
            .order_by("seeker_id")[:5000])
        for number, seeker_id in enumerate(rng.sample(listed, SEEKER_LOGINS_PER_OFFICE), 1):
            seeker = JobSeeker.objects.get(pk=seeker_id)
            seeker.user = User.objects.create(
                username=f"bench.seeker.{office.slug}.{number}", role=Role.JOB_SEEKER,
                password=unusable, first_name=seeker.first_name, last_name=seeker.last_name)
            seeker.save(update_fields=["user"])


def _signed_in(user: Any) -> str:
    """A new session of ``user``, as ``auth.login`` (and ``django_otp.login`` for those
    who need a second factor) would leave it; returns the session key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = _verified_device(user)
    if device is not None:
        from django_otp import DEVICE_ID_SESSION_KEY

        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return str(store.session_key)


def _verified_device(user: Any) -> Any:
    """A confirmed TOTP device for a user who must pass a second factor, if the
    deployment asks for one."""
    from django.conf import settings

    if "django_otp.plugins.otp_totp" not in settings.INSTALLED_APPS:
        return None
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from decentwork.accounts.second_factor import needs_second_factor

    if not needs_second_factor(user):
        return None
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "authenticator app"})
    return device


def simulated_users(count: int, seed: int) -> list[SimulatedUser]:
    """Six in ten counsellors (spread over the offices), a quarter job seekers, the
    rest employers, each with the pages such a person opens."""
    from django.middleware.csrf import _get_new_csrf_string

    from decentwork.accounts.models import User
    from decentwork.employers.models import EmployerMembership, Vacancy
    from decentwork.network.models import Office, Region
    from decentwork.recommendations.access import latest_done_run
    from decentwork.recommendations.models import Recommendation
    from decentwork.seekers.models import JobSeeker, SeekerStatus
    from decentwork.seekers.views import CASELOAD_PAGE_SIZE

    rng = random.Random(seed)
    counsellors = round(count * 0.6)
    seekers = round(count * 0.24)
    employers = count - counsellors - seekers
    users: list[SimulatedUser] = []

    def user(account: Any, plan: Callable[[random.Random], PageRequest]) -> SimulatedUser:
        return SimulatedUser(account.username, account.role, _signed_in(account),
                             _get_new_csrf_string(), plan)

    offices = list(Office.objects.order_by("id"))
    # The people each office's counsellors open: a sample of everyone registered there
    # (the caseload's order would favour those waiting longest, who are cached).
    registered = {office.pk: list(JobSeeker.objects.filter(office=office)
                                  .values_list("id", flat=True)) for office in offices}
    people = {office: rng.sample(ids, min(5000, len(ids))) for office, ids in registered.items()}
    pages = {office.pk: -(-JobSeeker.objects.filter(
        office=office, status=SeekerStatus.ACTIVE).count() // CASELOAD_PAGE_SIZE)
        for office in offices}
    for number in range(counsellors):
        office = offices[number % len(offices)]
        account = User.objects.get(
            username=f"bench.counsellor.{office.slug}.{number // len(offices) + 1}")
        users.append(user(account, _counsellor_plan(people[office.pk], pages[office.pk])))
    seeker_accounts = list(User.objects.filter(username__startswith="bench.seeker.")
                           .order_by("username"))
    for number in range(seekers):
        account = seeker_accounts[number % len(seeker_accounts)]
        seeker_id = JobSeeker.objects.get(user=account).pk
        users.append(user(account, _seeker_plan(seeker_id)))
    # The lists in use: the latest finished run of each region.
    in_use = [latest_done_run(region.pk) for region in Region.objects.all()]
    proposed = set(Recommendation.objects.filter(run__in=[run for run in in_use if run])
                   .values_list("vacancy_id", flat=True).distinct())
    memberships = [m for m in EmployerMembership.objects.select_related("user", "employer")
                   .order_by("employer_id")
                   if Vacancy.objects.filter(employer=m.employer, pk__in=proposed).exists()]
    rng.shuffle(memberships)
    for membership in memberships[:employers]:
        vacancies = list(Vacancy.objects.filter(employer=membership.employer, pk__in=proposed)
                         .values_list("id", flat=True))
        users.append(user(membership.user, _employer_plan(vacancies)))
    return users


# A counsellor mostly reads the first pages of the caseload; one look in twenty goes
# further back (the page count at a million seekers is in the thousands).
DEEP_CASELOAD_SHARE = 0.05


def _counsellor_plan(people: list[int], pages: int) -> Callable[[random.Random], PageRequest]:
    def next_request(rng: random.Random) -> PageRequest:
        roll = rng.random()
        if roll < 0.3:
            deepest = pages if rng.random() < DEEP_CASELOAD_SHARE else min(pages, 10)
            return PageRequest("caseload", f"/seekers/?page={rng.randint(1, max(deepest, 1))}")
        seeker = rng.choice(people)
        if roll < 0.6:
            return PageRequest("seeker", f"/seekers/{seeker}/")
        if roll < 0.8:
            return PageRequest("recommendations", f"/recommendations/seekers/{seeker}/")
        return PageRequest("recommendation_details",
                           f"/recommendations/seekers/{seeker}/details/")
    return next_request


def _seeker_plan(seeker_id: int) -> Callable[[random.Random], PageRequest]:
    def next_request(rng: random.Random) -> PageRequest:
        if rng.random() < 0.5:
            return PageRequest("my_profile", "/seekers/me/")
        return PageRequest("my_recommendations", f"/recommendations/seekers/{seeker_id}/")
    return next_request


def _employer_plan(vacancies: list[int]) -> Callable[[random.Random], PageRequest]:
    def next_request(rng: random.Random) -> PageRequest:
        # The best candidates first; one look in five goes a few pages further.
        page = 1 if rng.random() < 0.8 else rng.randint(2, 5)
        return PageRequest("candidates", f"/recommendations/vacancies/{rng.choice(vacancies)}"
                                         f"/candidates/?page={page}")
    return next_request


def _describe_users(users: list[SimulatedUser]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for user in users:
        roles[user.role] = roles.get(user.role, 0) + 1
    return roles


# 2. Serve --------------------------------------------------------------------------------


class Server:
    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(server: Server, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with {server.process.returncode}")
        try:
            requests.get(server.url + "/accounts/login/", timeout=60)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise RuntimeError("the server did not answer")


def _up(server: Server) -> Server:
    try:
        _wait_until_up(server)
        _wait_until_booted(server)
    except BaseException:
        stop_server(server.process)
        raise
    return server


def _wait_until_booted(server: Server, timeout: float = 300) -> None:
    """Until the server's processes stop using CPU: each gunicorn worker imports the
    application for itself (some ten CPU seconds each), which on a busy machine takes
    longer than the warm-up and would be measured as the pages' time."""
    deadline = time.monotonic() + timeout
    quiet = 0
    before = _tree_cpu_seconds(server.process.pid)
    while time.monotonic() < deadline and quiet < 3:
        time.sleep(1)
        now = _tree_cpu_seconds(server.process.pid)
        quiet = quiet + 1 if now - before < 0.1 else 0
        before = now


def start_gunicorn(workers: int, threads: int, directory: Path) -> Server:
    """gunicorn with the project's production settings (decentwork/serving/gunicorn_conf.py,
    as docs/deploy.md runs it), on a free port of 127.0.0.1."""
    port = _free_port()
    log = (directory / "gunicorn.log").open("ab")
    process = subprocess.Popen(
        [str(Path(PYTHON).with_name("gunicorn")), "-c", "python:decentwork.serving.gunicorn_conf",
         "decentwork.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads)],
        cwd=ROOT, stdout=log, stderr=log, start_new_session=True)
    return _up(Server(process, port))


def start_runserver(directory: Path) -> Server:
    port = _free_port()
    log = (directory / "runserver.log").open("ab")
    process = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, stdout=log, stderr=log, start_new_session=True)
    return _up(Server(process, port))


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def _flush_cache() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# 3. Load -----------------------------------------------------------------------------------


def compare(servers: dict[str, Server], users: list[SimulatedUser], cluster: BenchCluster,
            args: argparse.Namespace) -> dict[str, Any]:
    """The same load on each server, in ``--rounds`` rounds that take the servers in turn
    (ABBA...): what drifts during the run (the database's cache warming up, other work
    on the machine) falls on each server alike."""
    names = list(servers)
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    cpu: dict[str, dict[str, float]] = {name: {} for name in names}
    for number in range(args.rounds):
        for index, name in enumerate(names if number % 2 == 0 else names[::-1]):
            print(f"Round {number + 1} of {args.rounds} on {name}…")
            # Each round asks for other people's pages: a server never finds the pages
            # the one before it has just brought into the database's cache.
            counted, used = measure_round(servers[name], users, cluster, args,
                                          seed=args.seed + 100 * number + index)
            samples[name] += counted
            for key, value in used.items():
                cpu[name][key] = cpu[name].get(key, 0.0) + value
    figures = {}
    for name in names:
        seconds = args.seconds * args.rounds
        figures[name] = summarise_by_page(samples[name], seconds)
        figures[name]["cpu"] = _cpu_figures(cpu[name], len(samples[name]))
        overall, used = figures[name]["overall"], figures[name]["cpu"]
        print(f"  {name}: {overall['requests']} requests, {overall['requests_per_s']}/s, "
              f"p50 {overall['p50_ms']} ms, p95 {overall['p95_ms']} ms, "
              f"p99 {overall['p99_ms']} ms, {overall['errors']} errors; CPU per request: "
              f"server {used['server_ms_per_request']} ms, database "
              f"{used['database_ms_per_request']} ms; machine busy "
              f"{used['machine_busy_cores']} of {os.cpu_count()} cores, "
              f"{used['others_cores']} of them others' work")
    return figures


def measure_round(server: Server, users: list[SimulatedUser], cluster: BenchCluster,
                  args: argparse.Namespace, *, seed: int
                  ) -> tuple[list[Sample], dict[str, float]]:
    """``--warmup`` seconds not counted, then ``--seconds`` counted; the samples counted
    and the CPU seconds used meanwhile."""
    _flush_cache()
    _prioritise(server, cluster, args)
    meters: list[CpuSnapshot] = []

    def meter(started: float) -> None:
        time.sleep(max(0.0, started + args.warmup - time.perf_counter()))
        meters.append(CpuSnapshot.take(server.process.pid, cluster.postmaster_pid()))
        time.sleep(max(0.0, started + args.warmup + args.seconds - time.perf_counter()))
        meters.append(CpuSnapshot.take(server.process.pid, cluster.postmaster_pid()))

    run = run_load(server.url, users, seconds=args.warmup + args.seconds, think_s=args.think,
                   seed=seed, during=meter)
    return [s for s in run.samples if s.started_s >= args.warmup], meters[1].since(meters[0])


def _cpu_figures(used: dict[str, float], requests: int) -> dict[str, float]:
    per = 1000 / max(requests, 1)
    server, database = used["server"] * per, used["database"] * per
    return {"server_ms_per_request": round(server, 1),
            "database_ms_per_request": round(database, 1),
            "client_ms_per_request": round(used["client"] * per, 1),
            "machine_busy_cores": round(used["busy"] / used["seconds"], 2),
            "others_cores": round(used["others"] / used["seconds"], 2),
            # What two cores of our own would serve at this cost, if nothing else ran.
            "capacity_req_per_s_if_machine_were_ours": round(
                (os.cpu_count() or 1) * 1000 / max(1.0, server + database), 1)}


@dataclass(frozen=True)
class CpuSnapshot:
    """CPU seconds used so far by the server, the database, this process, and the whole
    machine (Linux ``/proc``): the machine is shared, so each run says how much of it
    was the benchmark's and how much other work."""

    at: float
    server: float
    database: float
    client: float
    machine_busy: float

    @classmethod
    def take(cls, server_pid: int, database_pid: int) -> CpuSnapshot:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return cls(time.perf_counter(), _tree_cpu_seconds(server_pid),
                   _tree_cpu_seconds(database_pid), usage.ru_utime + usage.ru_stime,
                   _machine_busy_seconds())

    def since(self, earlier: CpuSnapshot) -> dict[str, float]:
        """CPU seconds used between the two snapshots, by whom."""
        server, database = self.server - earlier.server, self.database - earlier.database
        client = self.client - earlier.client
        busy = self.machine_busy - earlier.machine_busy
        return {"seconds": self.at - earlier.at, "server": server, "database": database,
                "client": client, "busy": busy,
                "others": max(0.0, busy - server - database - client)}


TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int | str) -> list[str]:
    # Fields after the command name, which may hold spaces: state is [0], ppid [1].
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _tree_cpu_seconds(pid: int) -> float:
    """A process and its children, living (their own time) and ended (reaped into the
    parent's children time)."""
    def own(fields: list[str]) -> int:
        return sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime

    total = own(_stat(pid))
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat(entry.name)
        except (FileNotFoundError, ProcessLookupError):
            continue
        if fields[1] == str(pid):
            total += own(fields)
    return total / TICKS


def _prioritise(server: Server, cluster: BenchCluster, args: argparse.Namespace) -> None:
    if args.priority:
        for pid in (server.process.pid, cluster.postmaster_pid(), os.getpid()):
            _renice_tree(pid, args.priority)


def _renice_tree(pid: int, value: int) -> None:
    """A process and its children (gunicorn's workers, PostgreSQL's backends; those
    forked later, and this client's threads started later, inherit it). With the
    kernel's autogroups, sessions share the CPU equally whatever their processes' nice
    values, so the session's group gets the value too."""
    pids = [pid] + [int(entry.name) for entry in Path("/proc").iterdir()
                    if entry.name.isdigit() and _parent(entry.name) == pid]
    for each in pids:
        try:
            os.setpriority(os.PRIO_PROCESS, each, value)
            autogroup = Path(f"/proc/{each}/autogroup")
            if autogroup.exists():
                autogroup.write_text(str(value))
        except (ProcessLookupError, FileNotFoundError):
            continue


def _parent(pid: str) -> int | None:
    try:
        return int(_stat(pid)[1])
    except (FileNotFoundError, ProcessLookupError):
        return None


def _machine_busy_seconds() -> float:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICKS


# 4. Faults ---------------------------------------------------------------------------------

WRITERS = 10
SEEKER_IN_PATH = re.compile(r"/seekers/(\d+)/")


def faults(server: Server, users: list[SimulatedUser], cluster: BenchCluster,
           args: argparse.Namespace) -> dict[str, Any]:
    """Restart PostgreSQL in the middle of a load where some counsellors write."""
    from django.utils import timezone

    seconds = 45.0
    restart_at = seconds / 3
    writers = [u for u in users if u.role == "counsellor"][:WRITERS]
    tomorrow = (timezone.now() + timezone.timedelta(days=1)).replace(microsecond=0)

    def writing(user: SimulatedUser) -> SimulatedUser:
        reads = user.next_request

        def next_request(rng: random.Random) -> PageRequest:
            # About half their requests write, about a person they were going to open.
            request = reads(rng)
            named = SEEKER_IN_PATH.search(request.path)
            if named is None or rng.random() < 0.3:
                return request
            seeker = named.group(1)
            if rng.random() < 0.5:
                return PageRequest("write_case_note", f"/api/seekers/{seeker}/case-notes",
                                   "POST", {"text": f"Load test note {rng.random()}",
                                            "confidentiality": "ordinary"}, expect=201)
            starts = tomorrow + timezone.timedelta(minutes=15 * rng.randrange(0, 4 * 24 * 30))
            return PageRequest("book_appointment", f"/api/seekers/{seeker}/appointments",
                               "POST", {"starts_at": starts.isoformat(), "channel": "phone",
                                        "purpose": "Load test"}, expect=201)
        return SimulatedUser(user.username, user.role, user.session_key, user.csrf_token,
                             next_request)

    load_users = [writing(u) if u in writers else u for u in users]
    window: dict[str, float] = {}

    def restart(started: float) -> None:
        time.sleep(restart_at)
        window["stop"] = time.perf_counter() - started
        cluster.restart()
        window["ready"] = time.perf_counter() - started
        _prioritise(server, cluster, args)  # the restarted server's processes are new

    _close_connections()
    _prioritise(server, cluster, args)
    print(f"Faults: {seconds:.0f} s of load with {len(writers)} writing counsellors, "
          f"PostgreSQL restarted at {restart_at:.0f} s…")
    run = run_load(server.url, load_users, seconds=seconds, think_s=args.think,
                   seed=args.seed + 1, during=restart)
    before = [s for s in run.samples if s.started_s + s.seconds < window["stop"]]
    after = [s for s in run.samples if s.started_s > window["ready"]]
    during = [s for s in run.samples if s not in before and s not in after]
    acknowledged = _acknowledged(run.samples)
    stored = _stored(acknowledged)
    result = {
        "seconds": seconds, "restart_window_s": [round(window["stop"], 2),
                                                round(window["ready"], 2)],
        "restart_took_s": round(window["ready"] - window["stop"], 2),
        "requests_before": len(before), "errors_before": sum(not s.ok for s in before),
        "requests_during": len(during), "errors_during": sum(not s.ok for s in during),
        "requests_after": len(after), "errors_after": sum(not s.ok for s in after),
        "first_success_after_restart_s": _first_success_after(run.samples, window["ready"]),
        "writes": {kind: {"attempted": sum(s.page == kind for s in run.samples),
                          "acknowledged": len(ids), "found_in_database": stored[kind],
                          "lost": len(ids) - stored[kind]}
                   for kind, ids in acknowledged.items()},
        "after_restart": summarise(after, seconds - window["ready"]),
    }
    lost = sum(w["lost"] for w in result["writes"].values())
    print(f"  restart took {result['restart_took_s']} s; errors before/during/after: "
          f"{result['errors_before']}/{result['errors_during']}/{result['errors_after']}; "
          f"acknowledged writes lost: {lost}")
    return result


def _acknowledged(samples: list[Sample]) -> dict[str, list[int]]:
    kinds: dict[str, list[int]] = {"write_case_note": [], "book_appointment": []}
    for sample in samples:
        if sample.page in kinds and sample.ok and sample.created_id is not None:
            kinds[sample.page].append(sample.created_id)
    return kinds


def _stored(acknowledged: dict[str, list[int]]) -> dict[str, int]:
    from django.db import connection

    tables = {"write_case_note": "casenotes_casenote", "book_appointment": "agenda_appointment"}
    with connection.cursor() as cursor:
        found = {}
        for kind, ids in acknowledged.items():
            cursor.execute(f"SELECT count(*) FROM {tables[kind]} WHERE id = ANY(%s)", [ids])
            found[kind] = cursor.fetchone()[0]
    return found


def _first_success_after(samples: list[Sample], ready: float) -> float | None:
    times = [s.started_s + s.seconds for s in samples if s.ok and s.started_s > ready]
    return round(min(times) - ready, 2) if times else None


# 5. Backup and restore -------------------------------------------------------------------


def backup_restore(cluster: BenchCluster) -> dict[str, Any]:
    dump = cluster.directory / "backup.dump"
    target = f"{DATABASE}_restored"
    cluster.drop_database(target)
    _close_connections()
    print("Backup and restore into a fresh database…")
    started = time.perf_counter()
    subprocess.run([PYTHON, str(ROOT / "scripts" / "backup"), str(dump)], check=True,
                   env={**os.environ, "DATABASE_URL": cluster.url(DATABASE)}, timeout=3600)
    backup_s = time.perf_counter() - started
    started = time.perf_counter()
    restored = subprocess.run([PYTHON, str(ROOT / "scripts" / "restore"), str(dump),
                               cluster.url(target)], timeout=3600, capture_output=True,
                              text=True)
    restore_s = time.perf_counter() - started
    print(restored.stdout[-2000:], restored.stderr[-2000:])
    manifest = json.loads(Path(f"{dump}.counts.json").read_text())
    result = {"backup_s": round(backup_s, 1), "restore_s": round(restore_s, 1),
              "dump_size_mb": round(dump.stat().st_size / 2**20, 1),
              "tables": len(manifest["tables"]), "rows": sum(manifest["tables"].values()),
              "counts_match": restored.returncode == 0}
    cluster.drop_database(target)
    dump.unlink()
    Path(f"{dump}.counts.json").unlink()
    print(f"  backup {result['backup_s']} s, restore {result['restore_s']} s, "
          f"{result['tables']} tables, {result['rows']:,} rows, "
          f"counts match: {result['counts_match']}")
    return result


def report(result: dict[str, Any]) -> None:
    def line(name: str, figures: dict[str, Any]) -> str:
        return (f"  {name:<24} {figures['requests']:>6} {figures['p50_ms']:>8} "
                f"{figures['p95_ms']:>8} {figures['p99_ms']:>8} {figures['errors']:>6}")

    for key in ("production", "baseline_runserver"):
        if key not in result:
            continue
        print(f"\n{key}: {'page':<16} {'requests':>6} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'p99 ms':>8} {'errors':>6}")
        for page, figures in result[key].items():
            if isinstance(figures, dict) and "p95_ms" in figures:
                print(line(page, figures))
    if "production" in result:
        p95 = result["production"]["overall"]["p95_ms"]
        print(f"\nTarget p95 < {TARGET_P95_MS} ms: {'met' if p95 < TARGET_P95_MS else 'NOT met'}"
              f" ({p95} ms)")
    if "p95_ratio_runserver_to_gunicorn" in result:
        print(f"runserver p95 / gunicorn p95: {result['p95_ratio_runserver_to_gunicorn']}x")


if __name__ == "__main__":
    main()
