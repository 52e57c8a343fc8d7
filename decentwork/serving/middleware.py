"""Middleware every response passes through (settings.MIDDLEWARE, after WhiteNoise,
so static files never reach it)."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

from decentwork.serving.logs import current_request_id

request_log = logging.getLogger("decentwork.requests")

# A proxy's request id is reused only when it looks like one: it lands in every log line.
PROXY_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response a view makes.

    Pages and API answers carry people's records, and even an anonymous page (the
    login form) carries a CSRF token: no browser, proxy or back button may keep one.
    Only static files are cached, and WhiteNoise serves those before this runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        add_never_cache_headers(response)
        # HTTP/1.0 caches know only Pragma.
        response["Pragma"] = "no-cache"
        return response


class RequestLogMiddleware:
    """One log line a request: method, path, status and duration, under a request id
    that every other line written meanwhile carries too (decentwork.serving.logs).

    The path is logged without its query string, which may hold what a counsellor
    searched for (a person's name); no user is named either.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if PROXY_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            request_log.info("%s %s %s %.1f ms", request.method, request.path,
                             response.status_code, duration_ms,
                             extra={"method": request.method, "path": request.path,
                                    "status": response.status_code,
                                    "duration_ms": duration_ms})
            return response
        finally:
            current_request_id.reset(token)
