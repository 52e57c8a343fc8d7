"""``/health/``: is this server able to serve? For load balancers and monitors.

No login, no session, no personal data: each dependency answers "ok" or "failing"
(the reason goes to the log, not to whoever asks). 200 when all are ok, else 503.
Exempt from the HTTPS redirect (settings.SECURE_REDIRECT_EXEMPT) so that a probe
inside the network may use plain HTTP.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)

# A probe must answer before the balancer gives up on it (seconds).
REDIS_TIMEOUT = 2.0


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row: tuple[int] | None = cursor.fetchone()
            return row == (1,)
    except Exception:
        log.exception("health: the database does not answer")
        return False


def _redis(url: str) -> bool:
    try:
        client = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT,
                                      socket_connect_timeout=REDIS_TIMEOUT)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        log.exception("health: Redis does not answer")
        return False


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database()}
    if settings.REDIS_URL:
        checks["redis"] = _redis(settings.REDIS_URL)
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "failing"}
    body.update({name: "ok" if passed else "failing" for name, passed in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
