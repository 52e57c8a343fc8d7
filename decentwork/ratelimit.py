"""Rate limits kept in the cache: how many calls one key (a user, an address) may
make of one thing (linking, sign-up) per period.

Counters live in Django's default cache: Redis when ``REDIS_URL`` is set, so that
every web process counts together; the local-memory cache otherwise (one process,
as in development). A rate reads ``"<calls>/<period>"`` (``60/minute``,
``20/hour``, ``10/15m``); a *fixed* window counts per clock period (cheap, but a
burst may straddle two periods), a *sliding* one (``"60/minute sliding"``) weighs
the previous period's count by how much of it is still within the last period,
which smooths that edge at the cost of one more read.

A call over its limit raises :class:`RateLimited`; :class:`RateLimitMiddleware`
answers it on every page and ``decentwork.api`` in every API operation, with 429,
``Retry-After`` and a message saying when to try again. A refused call is not
counted, so ``Retry-After`` is honest: the next call after it is allowed.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import ParamSpec

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

_P = ParamSpec("_P")

_UNITS = {"s": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600,
          "d": 86400, "day": 86400}
_RATE = re.compile(r"^\s*(?P<calls>\d+)\s*/\s*(?P<count>\d*)\s*(?P<unit>[a-z]+?)s?"
                   r"(?:\s+(?P<sliding>sliding))?\s*$")


@dataclass(frozen=True)
class Rate:
    """``limit`` calls per ``seconds``, counted in fixed or sliding windows."""

    limit: int
    seconds: int
    sliding: bool = False

    @classmethod
    def parse(cls, text: str) -> Rate:
        """Read ``"60/minute"``, ``"10/15m"``, ``"100/day sliding"``; ValueError otherwise."""
        found = _RATE.match(text.lower())
        unit = _UNITS.get(found["unit"]) if found else None
        if found is None or unit is None:
            raise ValueError(f"not a rate: {text!r} (write e.g. 60/minute or 10/15m sliding)")
        seconds = int(found["count"] or 1) * unit
        if int(found["calls"]) < 1 or seconds < 1:
            raise ValueError(f"a rate allows at least one call per second or more: {text!r}")
        return cls(int(found["calls"]), seconds, bool(found["sliding"]))


@lru_cache(maxsize=32)
def _parsed(text: str) -> Rate:
    return Rate.parse(text)


def rate_of(setting: str) -> Rate:
    """The rate a setting (``RATE_LIMIT_LINK``...) names; a malformed one is refused
    loudly rather than silently leaving the door open."""
    text = str(getattr(settings, setting))
    try:
        return _parsed(text)
    except ValueError as error:
        raise ImproperlyConfigured(f"{setting}: {error}") from None


@dataclass(frozen=True)
class Allowance:
    """What a key may still do: ``retry_after`` whole seconds until the next call is
    allowed (0 when this one was)."""

    allowed: bool
    limit: int
    remaining: int
    retry_after: int


class RateLimited(Exception):  # noqa: N818 - the name callers catch
    """A call over its rate; ``message`` says what was limited, for people."""

    def __init__(self, allowance: Allowance, message: str) -> None:
        super().__init__(message)
        self.allowance = allowance
        self.message = message

    def advice(self) -> str:
        """The message and when to try again, in the active language."""
        wait = self.allowance.retry_after
        if wait < 120:
            when = ngettext("Please try again in %(count)d second.",
                            "Please try again in %(count)d seconds.", wait) % {"count": wait}
        else:
            minutes = math.ceil(wait / 60)
            when = ngettext("Please try again in %(count)d minute.",
                            "Please try again in %(count)d minutes.", minutes) % {
                "count": minutes}
        return f"{self.message} {when}"


def _key(name: str, key: str, window: int) -> str:
    # Hashed: user ids and addresses are not written to the cache as they are.
    digest = hashlib.sha256(f"{name}\n{key}".encode()).hexdigest()[:32]
    return f"{settings.RATE_LIMIT_KEY_PREFIX}:{name}:{digest}:{window}"


def _count(cache_key: str, timeout: int) -> int:
    cache.add(cache_key, 0, timeout)
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout)
        return 1


def hit(name: str, key: str, rate: Rate, *, now: float | None = None) -> Allowance:
    """Count one call of ``name`` by ``key`` (a refused call is taken back).

    Wall-clock time, not ``decentwork.clock``: windows are shared by every process
    through the cache, and a replay travelling in time must not move them.
    """
    moment = time.time() if now is None else now
    window = int(moment // rate.seconds)
    elapsed = moment - window * rate.seconds
    current_key = _key(name, key, window)
    current = _count(current_key, rate.seconds * (2 if rate.sliding else 1) + 1)
    previous = int(cache.get(_key(name, key, window - 1), 0)) if rate.sliding else 0
    weight = 1 - elapsed / rate.seconds
    used = previous * weight + current
    if used <= rate.limit:
        return Allowance(True, rate.limit, math.floor(rate.limit - used), 0)
    cache.decr(current_key)
    return Allowance(False, rate.limit, 0,
                     _retry_after(rate, previous, current - 1, elapsed))


def _retry_after(rate: Rate, previous: int, current: int, elapsed: float) -> int:
    """Seconds until one more call fits, with ``current`` calls counted in this window."""
    left_in_window = rate.seconds - elapsed
    if not rate.sliding:
        return max(1, math.ceil(left_in_window))
    if current + 1 <= rate.limit:
        # Within this window, once enough of the previous one has slid out of view.
        needed = rate.seconds * (1 - (rate.limit - 1 - current) / previous)
        return max(1, math.ceil(needed - elapsed))
    # In the next window, this one's calls are the ones sliding out.
    needed = rate.seconds * (1 - (rate.limit - 1) / current)
    return max(1, math.ceil(left_in_window + needed))


def enforce(name: str, key: str, rate: Rate, message: str) -> Allowance:
    """:func:`hit`, raising :class:`RateLimited` with ``message`` over the limit."""
    allowance = hit(name, key, rate)
    if not allowance.allowed:
        raise RateLimited(allowance, message)
    return allowance


def limit_posts(name: str, setting: str, key_of: Callable[[HttpRequest], str],
                message: Callable[[], str]
                ) -> Callable[[Callable[_P, HttpResponse]], Callable[_P, HttpResponse]]:
    """Decorate a view: each POST counts against the rate in ``setting`` for the key
    ``key_of(request)`` (e.g. the client's address); GET is free."""

    def decorate(view: Callable[_P, HttpResponse]) -> Callable[_P, HttpResponse]:
        @wraps(view)
        def limited(*args: _P.args, **kwargs: _P.kwargs) -> HttpResponse:
            request = args[0]
            assert isinstance(request, HttpRequest)
            if request.method == "POST":
                enforce(name, key_of(request), rate_of(setting), message())
            return view(*args, **kwargs)

        return limited

    return decorate


def too_many_requests(request: HttpRequest, refused: RateLimited) -> HttpResponse:
    """429 with ``Retry-After``: JSON under ``/api/``, a short page elsewhere."""
    advice = refused.advice()
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": advice}, status=429)
    else:
        response = render(request, "too_many_requests.html", {"advice": advice}, status=429)
    response["Retry-After"] = str(refused.allowance.retry_after)
    return response


class RateLimitMiddleware:
    """Answers :class:`RateLimited`, raised by any view or what it calls, with 429."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception
                          ) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None
