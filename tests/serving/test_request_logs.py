"""Structured logs: one line a request with its id, path, status and duration; JSON
when LOG_FORMAT=json (the production server test reads them from gunicorn's stderr)."""

from __future__ import annotations

import json
import logging

import pytest

from decentwork.serving.logs import JsonFormatter, RequestIdFilter
from tests.conftest import World


def test_each_request_is_logged_once_with_its_id(world: World,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="decentwork.requests"):
        response = world.client_for(world.alice).get("/seekers/?q=Sam+Knight")
    lines = [r for r in caplog.records if r.name == "decentwork.requests"]
    assert len(lines) == 1
    line = lines[0]
    assert (line.method, line.path, line.status) == ("GET", "/seekers/", 200)  # type: ignore[attr-defined]
    assert line.duration_ms > 0  # type: ignore[attr-defined]
    # Ids join the proxy's lines to ours; the query (a searched name) is not logged.
    assert len(response["X-Request-ID"]) == 32
    assert "Knight" not in line.getMessage()


def test_a_proxy_request_id_is_kept_unless_it_is_junk(world: World) -> None:
    client = world.client_for(None)
    assert client.get("/health/", HTTP_X_REQUEST_ID="lb-7f3a9c21")["X-Request-ID"] == "lb-7f3a9c21"
    assert client.get("/health/", HTTP_X_REQUEST_ID='x"}\n{"level":"forged')[
        "X-Request-ID"] != 'x"}\n{"level":"forged'


def test_the_json_line() -> None:
    record = logging.LogRecord("decentwork.requests", logging.INFO, __file__, 1,
                               "%s %s", ("GET", "/seekers/"), None)
    record.status, record.path = 200, "/seekers/"
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert set(line) == {"timestamp", "level", "logger", "message", "path", "status"}
    assert (line["level"], line["logger"], line["message"]) == (
        "INFO", "decentwork.requests", "GET /seekers/")
    assert line["timestamp"].endswith("+00:00")


def test_a_traceback_stays_on_one_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = JsonFormatter().format(record)
    assert "\n" not in text
    assert "ValueError: boom" in json.loads(text)["exception"]
