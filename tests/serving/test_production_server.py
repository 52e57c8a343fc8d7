"""The production server as deployed: gunicorn, DEBUG off, static files collected and
served by WhiteNoise, behind a TLS proxy (played by an X-Forwarded-Proto header).

Started on 127.0.0.1 on a free port, against the test database; every wait is bounded.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.serving.conftest import ROOT

START_TIMEOUT = 40.0
STOP_TIMEOUT = 10.0
HTTPS = {"X-Forwarded-Proto": "https"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    port: int
    log: Path

    def get(self, path: str, headers: dict[str, str] | None = None,
            ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def log_lines(self) -> list[str]:
        return [line for line in self.log.read_text().splitlines() if line.strip()]


def start_gunicorn(env: dict[str, str], log: Path) -> Iterator[Server]:
    server = Server(port=_free_port(), log=log)
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:decentwork.serving.gunicorn_conf",
             "--bind", f"127.0.0.1:{server.port}", "decentwork.wsgi"],
            cwd=ROOT, env={**env, "WEB_CONCURRENCY": "1"}, stdout=stderr, stderr=stderr)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, f"gunicorn exited:\n{log.read_text()[-3000:]}"
            try:
                server.get("/health/")
                break
            except OSError:
                assert time.monotonic() < deadline, f"no answer:\n{log.read_text()[-3000:]}"
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture(scope="module")
def server(production_env: dict[str, str], collected_static: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start_gunicorn(production_env, tmp_path_factory.mktemp("gunicorn") / "stderr")


def test_health_answers_over_plain_http(server: Server) -> None:
    """A load balancer's probe inside the network: no HTTPS redirect, no login."""
    status, _headers, body = server.get("/health/")
    assert status == 200
    assert json.loads(body)["status"] == "ok"


def test_plain_http_is_sent_to_https(server: Server) -> None:
    status, headers, _body = server.get("/accounts/login/")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{server.port}/accounts/login/"


def test_login_page_behind_the_proxy(server: Server) -> None:
    status, headers, body = server.get("/accounts/login/", HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "no-store" in headers["Cache-Control"]
    assert b"<form" in body


def test_hashed_stylesheet_is_served_compressed_and_kept(server: Server) -> None:
    _status, _headers, body = server.get("/accounts/login/", HTTPS)
    stylesheet = re.search(rb'href="(/static/decentwork/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links the collected, hashed stylesheet"
    status, headers, css = server.get(stylesheet.group(1).decode(),
                                      {**HTTPS, "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"] and "no-store" not in headers["Cache-Control"]
    assert len(css) > 100


def test_logs_are_json_lines_naming_each_request(server: Server) -> None:
    server.get("/accounts/login/", {**HTTPS, "X-Request-ID": "probe-0123456789"})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in server.log_lines()]  # every line is JSON
        ours = [line for line in lines if line.get("request_id") == "probe-0123456789"]
        if ours:
            break
        time.sleep(0.1)
    assert ours, server.log_lines()[-5:]
    assert ours[0]["logger"] == "decentwork.requests"
    assert (ours[0]["path"], ours[0]["status"], ours[0]["level"]) == (
        "/accounts/login/", 200, "INFO")
    assert ours[0]["duration_ms"] > 0
    # gunicorn's own lines (booting a worker) are JSON too.
    assert any(line["logger"] == "gunicorn.error" for line in lines)


def test_health_names_a_database_that_is_down(production_env: dict[str, str],
                                              collected_static: Path, tmp_path: Path) -> None:
    nowhere = f"postgres://postgres@127.0.0.1:{_free_port()}/absent"
    for server in start_gunicorn({**production_env, "DATABASE_URL": nowhere}, tmp_path / "log"):
        status, _headers, body = server.get("/health/")
        assert status == 503
        answer = json.loads(body)
        assert (answer["status"], answer["database"]) == ("failing", "failing")
