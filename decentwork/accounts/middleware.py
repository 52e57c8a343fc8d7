"""Two rules every request of a staff member passes (ADR 0014).

* :class:`StaffIdleTimeoutMiddleware`: a session of a second-factor role that saw no
  request for ``STAFF_IDLE_MINUTES`` ends at the next one. A counsellor's screen left
  open in a shared office must not stay a window onto people's records.
* :class:`SecondFactorMiddleware`: a signed-in user who needs a second factor and has
  not passed it yet reaches only the pages that get them through it.

Both go after django-otp's ``OTPMiddleware`` (``request.user.is_verified``) and
Django's ``MessageMiddleware``.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from decentwork.accounts import signals
from decentwork.accounts.second_factor import authenticator_of, needs_second_factor

LAST_ACTIVITY_SESSION_KEY = "decentwork_last_activity"
# Writing the session on every request would cost a database write each time; a
# minute's precision is plenty for a limit counted in tens of minutes.
ACTIVITY_PRECISION_SECONDS = 60

# Pages an unverified user may open: the way through the second factor, the way out,
# a forgotten password, and the language switch.
OPEN_BEFORE_SECOND_FACTOR = frozenset({
    "accounts:login", "accounts:logout", "accounts:second_factor",
    "accounts:second_factor_setup", "accounts:password_reset",
    "accounts:password_reset_done", "accounts:password_reset_confirm",
    "accounts:password_reset_complete", "set_language", "admin:logout", "health",
})


def wall_clock_now() -> float:
    """Seconds since the epoch, by the wall clock.

    Not ``decentwork.clock``: idleness is time that really passed between two requests,
    as for Django's own session expiry. A replay of dated history, or a test standing
    the domain clock at next week, must not sign anyone out.
    """
    return timezone.now().timestamp()


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _login_url_for(request: HttpRequest) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if needs_second_factor(user):
            now = wall_clock_now()
            last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
            idle_minutes: int = settings.STAFF_IDLE_MINUTES
            if last is not None and now - float(last) > idle_minutes * 60:
                signals.session_idle_expired.send(sender=type(user), request=request,
                                                  user=user, idle_minutes=idle_minutes)
                logout(request)
                if _is_api(request):
                    return self.get_response(request)
                messages.info(request, ngettext(
                    "You were signed out after %(minutes)d minute without activity.",
                    "You were signed out after %(minutes)d minutes without activity.",
                    idle_minutes) % {"minutes": idle_minutes})
                return redirect(_login_url_for(request))
            if last is None or now - float(last) >= ACTIVITY_PRECISION_SECONDS:
                request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: object, view_args: object,
                     view_kwargs: object) -> HttpResponse | None:
        user = request.user
        if not needs_second_factor(user) or user.is_verified():  # type: ignore[union-attr]
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if _is_api(request):
            return JsonResponse({"detail": _(
                "Confirm your sign-in with your second factor on the website first.")},
                status=403)
        step = ("accounts:second_factor" if authenticator_of(user) is not None  # type: ignore[arg-type]
                else "accounts:second_factor_setup")
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
