"""gunicorn's settings for the production server (``make serve``, docs/deploy.md):
``gunicorn -c python:decentwork.serving.gunicorn_conf decentwork.wsgi``.

Command-line options and ``GUNICORN_CMD_ARGS`` override these; gunicorn itself reads
``FORWARDED_ALLOW_IPS`` (which proxies it believes about HTTPS, 127.0.0.1 by default).
"""

from __future__ import annotations

import os

from decentwork.serving.logs import JsonFormatter

bind = [os.environ.get("BIND", "127.0.0.1:8000")]
# gunicorn's own rule of thumb, two workers a core and one; a worker holds its own
# linking index in memory, so a small machine may want fewer (WEB_CONCURRENCY).
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
# The application logs every request itself, with its id and duration
# (decentwork.serving.middleware); gunicorn logs only its own events, on stderr.
accesslog = None
errorlog = "-"
if os.environ.get("LOG_FORMAT") == "json":
    # gunicorn's own lines as JSON too; they reach stderr through the root logger,
    # whose handler Django's LOGGING replaces (same format) once a worker starts.
    logconfig_dict = {
        "root": {"level": "INFO", "handlers": ["stderr"]},
        "loggers": {name: {"level": "INFO", "handlers": [], "propagate": True}
                    for name in ("gunicorn.error", "gunicorn.access")},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}},
        "formatters": {"json": {"()": JsonFormatter}},
    }
