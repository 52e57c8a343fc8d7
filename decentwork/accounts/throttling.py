"""Sign-in throttling on top of django-axes (ADR 0014).

Axes counts failed sign-ins in the database and refuses a client over the limit until
the cool-off has passed since its latest failure. It has one limit for every group of
``AXES_LOCKOUT_PARAMETERS``; we want a different one per group:

* a user name from one address (``AXES_FAILURE_LIMIT``, 5): the ordinary guesser;
* a user name from anywhere (``LOGIN_FAILURE_LIMIT_PER_ACCOUNT``, 20): guesses spread over
  many addresses. Higher, because reaching it locks the account's owner out too;
* an address whatever the user name (``LOGIN_FAILURE_LIMIT_PER_ADDRESS``, 50): one
  machine trying one password on many accounts. Higher, because an office's staff may
  all reach us from one address.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest

# The credentials a password-reset request is counted under: its own user name space, so
# that reset requests for an address never lock that person's sign-in, while each still
# counts against the address's limit.
RESET_REQUEST_PREFIX = "password-reset:"


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or when ``TRUSTED_PROXY_COUNT`` proxies
    of ours stand in front, the address the outermost of them saw.

    Each proxy appends the address it received from to ``X-Forwarded-For``, so the
    entry ``TRUSTED_PROXY_COUNT`` from the right is the one no client can forge; the
    entries to its left are whatever the client chose to send.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in
                 str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def _limit_for(group: str | list[str]) -> int:
    names = {group} if isinstance(group, str) else set(group)
    if names == {"username"}:
        return int(settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT)
    if names == {"ip_address"}:
        return int(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS)
    return int(settings.AXES_FAILURE_LIMIT)


class TieredLimitsHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes has no types
    """Axes' database handler with one limit per lockout parameter group.

    Axes locks when ``get_failures() >= AXES_FAILURE_LIMIT``. We report each group's
    failures scaled to that limit (``failures * AXES_FAILURE_LIMIT // group_limit``),
    which reaches it exactly when the group reaches its own limit, and take the worst.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None
                     ) -> int:
        base = int(settings.AXES_FAILURE_LIMIT)
        groups = get_lockout_parameters(request, credentials)
        worst = 0
        for group, attempts in zip(groups, self.get_user_attempts(request, credentials),
                                   strict=True):
            failures = sum(attempts.values_list("failures_since_start", flat=True))
            worst = max(worst, failures * base // _limit_for(group))
        return worst

    def reset_user_attempts(self, request: HttpRequest,
                            credentials: dict[str, Any] | None = None) -> int:
        """On a successful sign-in, forget only this user name's failures from this
        address: the address's failures on other accounts must keep counting, or an
        attacker would clear them by signing in to an account of their own."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address  # type: ignore[attr-defined]
        ).delete()
        return int(count)


def reset_request_allowed(request: HttpRequest, email: str) -> bool:
    """Count a password-reset request as a failed attempt of its address, and say
    whether it may go on (this one did not reach a limit)."""
    credentials = {"username": RESET_REQUEST_PREFIX + email.lower()}
    AxesProxyHandler.user_login_failed(sender=__name__, credentials=credentials,
                                       request=request)
    return not getattr(request, "axes_locked_out", False)
