"""A PostgreSQL cluster of the load benchmark's own, on 127.0.0.1 and a free port.

The shared server on port 5432 runs other people's tests: the benchmark never
touches it. Its cluster lives in a directory of its own (``var/bench-load/`` by
default), so that a generated million seekers can be kept between runs, and is
restarted in the middle of the load to see the application recover.

PostgreSQL refuses to run as root: when the benchmark runs as root, the server
runs as the ``postgres`` system user (``runuser``), which owns the directory.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
# Sized for a 2-core, 24 GiB machine shared with other jobs: the million seekers'
# tables and indexes (a few GB) mostly fit in shared buffers plus the page cache.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "200",
    "shared_buffers": "'2GB'",
    "effective_cache_size": "'8GB'",
    "work_mem": "'16MB'",
    "maintenance_work_mem": "'512MB'",
    "max_wal_size": "'8GB'",
    "checkpoint_timeout": "'15min'",
    # Durability as in production: an acknowledged commit is on disk.
    "fsync": "on",
    "synchronous_commit": "on",
    "random_page_cost": "1.1",
    "jit": "off",
    "log_min_duration_statement": "-1",
}


class BenchCluster:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory = directory.resolve()
        self.data = self.directory / "pgdata"
        self.socket_dir = self.directory / "socket"
        self.log = self.directory / "postgres.log"
        self.port = port
        self._as_postgres = os.geteuid() == 0

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(a) for a in args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, text=True, capture_output=True)

    @property
    def exists(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def init(self) -> None:
        """A fresh cluster: trust authentication on 127.0.0.1 only (a throwaway)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        if self._as_postgres:
            owner = pwd.getpwnam("postgres")
            for path in (self.directory, self.socket_dir):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        self._run(PG_BIN / "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8")
        with (self.data / "postgresql.auto.conf").open("a") as conf:
            conf.write(f"port = {self.port}\n")
            conf.write(f"unix_socket_directories = '{self.socket_dir}'\n")
            for name, value in SETTINGS.items():
                conf.write(f"{name} = {value}\n")

    def pg_ctl(self, action: str, *extra: str) -> None:
        self._run(PG_BIN / "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w",
                  "-t", "120", action, *extra)

    def start(self) -> None:
        if not self.is_ready():
            self.pg_ctl("start")

    def stop(self) -> None:
        if self.exists:
            self._run(PG_BIN / "pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop",
                      check=False)

    def restart(self) -> float:
        """A fast restart (connections cut, committed work kept); the seconds it took."""
        started = time.perf_counter()
        self.pg_ctl("restart", "-m", "fast")
        return time.perf_counter() - started

    def is_ready(self) -> bool:
        return self._run(PG_BIN / "pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port),
                         check=False).returncode == 0

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def create_database(self, name: str) -> None:
        self._run(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  name)

    def drop_database(self, name: str) -> None:
        self._run(PG_BIN / "dropdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "--if-exists", "--force", name)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
