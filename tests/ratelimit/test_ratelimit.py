"""The cache-backed rate limiter: fixed and sliding windows, honest Retry-After, one
count shared by every process (Redis when REDIS_URL is set)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from decentwork.ratelimit import (
    Rate,
    RateLimited,
    RateLimitMiddleware,
    enforce,
    hit,
    rate_of,
)

START = 1_800_000_000.0  # the start of a minute, an hour and a day (multiple of 86400 × 100)


@pytest.mark.parametrize(("text", "rate"), [
    ("60/minute", Rate(60, 60)),
    ("20/hour", Rate(20, 3600)),
    ("10/15m", Rate(10, 900)),
    ("100/day sliding", Rate(100, 86400, sliding=True)),
    (" 5 / 30s ", Rate(5, 30)),
    ("3/Hours", Rate(3, 3600)),
])
def test_rates_are_read(text: str, rate: Rate) -> None:
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["", "60", "0/minute", "60/fortnight", "ten/hour",
                                  "5/0s", "60/minute sliding please"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        Rate.parse(text)


def test_the_settings_name_valid_rates_and_a_bad_one_is_refused_loudly(settings: Any) -> None:
    for name in ("RATE_LIMIT_LINK", "RATE_LIMIT_LINK_FEEDBACK", "RATE_LIMIT_SIGN_UP"):
        assert rate_of(name).limit >= 1
    settings.RATE_LIMIT_SIGN_UP = "lots"
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_SIGN_UP"):
        rate_of("RATE_LIMIT_SIGN_UP")


def test_a_fixed_window_allows_the_limit_then_says_when_it_reopens() -> None:
    rate = Rate(3, 60)
    seen = [hit("t", "ana", rate, now=START + second) for second in (0, 10, 20, 45)]
    assert [a.allowed for a in seen] == [True, True, True, False]
    assert [a.remaining for a in seen[:3]] == [2, 1, 0]
    assert seen[3].retry_after == 15  # the window ends at START + 60
    assert hit("t", "ana", rate, now=START + 59.5).retry_after == 1
    assert hit("t", "ana", rate, now=START + 60).allowed  # a new window


def test_a_refused_call_is_not_counted() -> None:
    rate = Rate(1, 60)
    assert hit("t", "ana", rate, now=START).allowed
    for _ in range(5):
        assert not hit("t", "ana", rate, now=START + 1).allowed
    assert hit("t", "ana", rate, now=START + 60).allowed
    assert hit("t", "ana", rate, now=START + 60).allowed is False


def test_keys_and_names_count_apart() -> None:
    rate = Rate(1, 60)
    assert hit("t", "ana", rate, now=START).allowed
    assert hit("t", "ben", rate, now=START).allowed
    assert hit("other", "ana", rate, now=START).allowed
    assert not hit("t", "ana", rate, now=START).allowed


def test_a_sliding_window_weighs_the_previous_period() -> None:
    rate = Rate(4, 60, sliding=True)
    for second in (50, 52, 54, 56):
        assert hit("t", "ana", rate, now=START + second).allowed
    # 15 s into the next minute, 3/4 of the previous 4 calls still count: 3 + 1 = 4 fits.
    assert hit("t", "ana", rate, now=START + 75).allowed
    # Now 3 + 1 + 1 = 5 > 4: wait until the previous minute weighs 2 (30 s in), i.e. 15 s.
    refused = hit("t", "ana", rate, now=START + 75)
    assert not refused.allowed and refused.retry_after == 15
    assert not hit("t", "ana", rate, now=START + 89).allowed
    assert hit("t", "ana", rate, now=START + 90).allowed
    # A fixed window would have let 4 more through at START + 60 already.


def test_a_sliding_window_full_on_its_own_reopens_in_the_next_period() -> None:
    rate = Rate(2, 60, sliding=True)
    assert hit("t", "ana", rate, now=START).allowed
    assert hit("t", "ana", rate, now=START + 1).allowed
    refused = hit("t", "ana", rate, now=START + 10)
    # Next minute these 2 weigh 2 × (1 - e/60); one more call fits once that is ≤ 1: e = 30.
    assert refused.retry_after == 50 + 30
    assert not hit("t", "ana", rate, now=START + 60 + 29).allowed
    assert hit("t", "ana", rate, now=START + 60 + 30).allowed


def test_counters_live_in_the_configured_cache(settings: Any) -> None:
    """With REDIS_URL set (CI, PostgreSQL runs) the count is in Redis, where every web
    process sees it; the key holds no user id or address in clear."""
    rate = Rate(5, 60)
    hit("t", "user:42", rate, now=START)
    hit("t", "user:42", rate, now=START + 1)
    keys = [key for key in _cache_keys() if key.startswith(settings.RATE_LIMIT_KEY_PREFIX)]
    assert len(keys) == 1 and "user:42" not in keys[0]
    assert cache.get(keys[0]) == 2


def _cache_keys() -> list[str]:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("RedisCache"):
        client = cache._cache.get_client()  # type: ignore[attr-defined]
        return [cache_key.decode().split(":", 2)[2] for cache_key in
                client.scan_iter(match=f"*{settings.RATE_LIMIT_KEY_PREFIX}*")]
    return [cache_key.split(":", 2)[2] for cache_key in cache._cache]  # type: ignore[attr-defined]


def test_the_middleware_answers_429_with_retry_after_and_a_message() -> None:
    rate = Rate(1, 3600)
    enforce("t", "ana", rate, "You did that a lot.")

    def view(request: Any) -> Any:
        enforce("t", "ana", rate, "You did that a lot.")
        raise AssertionError("not reached")

    request = RequestFactory().get("/api/anything")
    middleware = RateLimitMiddleware(view)
    with pytest.raises(RateLimited) as refused:
        view(request)
    response = middleware.process_exception(request, refused.value)
    assert response is not None and response.status_code == 429
    wait = refused.value.allowance.retry_after
    assert 1 <= wait <= 3600 and response["Retry-After"] == str(wait)
    detail = json.loads(response.content)["detail"]
    assert detail.startswith("You did that a lot. Please try again in ")


@pytest.mark.parametrize(("seconds", "advice"), [
    (1, "Please try again in 1 second."), (119, "Please try again in 119 seconds."),
    (120, "Please try again in 2 minutes."), (3599, "Please try again in 60 minutes."),
])
def test_the_advice_says_when(seconds: int, advice: str) -> None:
    from decentwork.ratelimit import Allowance

    refused = RateLimited(Allowance(False, 1, 0, seconds), "Slow down.")
    assert refused.advice() == f"Slow down. {advice}"
