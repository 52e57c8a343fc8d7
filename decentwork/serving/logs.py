"""Structured logs: one JSON object a line on stderr when ``LOG_FORMAT=json``.

Each line carries the id of the request it was written under, so an operator can
gather every line of one request (the proxy's ``X-Request-ID`` when it sends one).
Plain standard library: gunicorn's master process loads this before Django.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

# The id of the request this thread is serving; "" outside a request (jobs, commands).
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")

# What a request line adds to a record (see RequestLogMiddleware), copied into the JSON.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms")


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request id (or "")."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """timestamp (UTC, ISO 8601), level, logger, message, request_id, and for request
    lines method, path, status and duration_ms; a traceback as ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or current_request_id.get()
        if request_id:
            entry["request_id"] = request_id
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
