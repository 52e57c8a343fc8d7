"""Sign-ins, sign-outs, failures, lockouts and second-factor events in the audit log.

``accounts`` sits below ``audit`` in the layer order and cannot call
:func:`~decentwork.audit.log.record` itself, so it sends signals
(``decentwork.accounts.signals``, and Django's and django-axes' own); this module,
connected in :meth:`AuditConfig.ready`, turns each into an entry. Entries name the
user name typed (for failures, where there is no user) and the client's address;
never a password or a code.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from decentwork.accounts import signals
from decentwork.accounts.models import User
from decentwork.accounts.throttling import client_address
from decentwork.audit.log import record

# How much of a typed user name to keep: enough to recognise it, bounded so that a
# client cannot fill the log with megabytes per attempt.
USERNAME_LIMIT = 150


def _where(request: HttpRequest | None) -> dict[str, str]:
    if request is None:
        return {}
    return {"address": client_address(request), "path": request.path[:200]}


def _user(user: Any) -> User | None:
    return user if isinstance(user, User) else None


@receiver(user_logged_in, dispatch_uid="audit.signed_in")
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record(user, "accounts.sign_in", user, **_where(request))


@receiver(user_logged_out, dispatch_uid="audit.signed_out")
def _signed_out(sender: Any, request: HttpRequest | None, user: User | None,
                **kwargs: Any) -> None:
    if _user(user) is not None:
        record(user, "accounts.sign_out", user, **_where(request))


@receiver(user_login_failed, dispatch_uid="audit.sign_in_failed")
def _sign_in_failed(sender: Any, credentials: dict[str, Any],
                    request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Django has already masked the password in ``credentials``; keep the name only.
    username = str(credentials.get("username") or "")[:USERNAME_LIMIT]
    record(None, "accounts.sign_in_failed", None, username=username, **_where(request))


@receiver(user_locked_out, dispatch_uid="audit.locked_out")
def _locked_out(sender: Any, request: HttpRequest | None, username: str | None,
                ip_address: str | None, **kwargs: Any) -> None:
    record(None, "accounts.locked_out", None, username=str(username or "")[:USERNAME_LIMIT],
           **_where(request))


@receiver(signals.second_factor_verified, dispatch_uid="audit.second_factor_verified")
def _second_factor_verified(sender: Any, request: HttpRequest, user: User, method: str,
                            **kwargs: Any) -> None:
    record(user, "accounts.second_factor_verified", user, method=method, **_where(request))


@receiver(signals.second_factor_failed, dispatch_uid="audit.second_factor_failed")
def _second_factor_failed(sender: Any, request: HttpRequest, user: User, step: str,
                          throttled: bool = False, **kwargs: Any) -> None:
    record(user, "accounts.second_factor_failed", user, step=step, throttled=throttled,
           **_where(request))


@receiver(signals.second_factor_enrolled, dispatch_uid="audit.second_factor_enrolled")
def _second_factor_enrolled(sender: Any, request: HttpRequest, user: User,
                            **kwargs: Any) -> None:
    record(user, "accounts.second_factor_enrolled", user, **_where(request))


@receiver(signals.recovery_code_used, dispatch_uid="audit.recovery_code_used")
def _recovery_code_used(sender: Any, request: HttpRequest, user: User, remaining: int,
                        **kwargs: Any) -> None:
    record(user, "accounts.recovery_code_used", user, remaining=remaining, **_where(request))


@receiver(signals.recovery_codes_regenerated, dispatch_uid="audit.recovery_codes_regenerated")
def _recovery_codes_regenerated(sender: Any, request: HttpRequest, user: User,
                                **kwargs: Any) -> None:
    record(user, "accounts.recovery_codes_regenerated", user, **_where(request))


@receiver(signals.password_changed, dispatch_uid="audit.password_changed")
def _password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record(user, "accounts.password_change", user, **_where(request))


@receiver(signals.password_reset_requested, dispatch_uid="audit.password_reset_requested")
def _password_reset_requested(sender: Any, request: HttpRequest, email: str,
                              **kwargs: Any) -> None:
    record(None, "accounts.password_reset_request", None, email=email[:254],
           **_where(request))


@receiver(signals.password_reset_completed, dispatch_uid="audit.password_reset_completed")
def _password_reset_completed(sender: Any, request: HttpRequest, user: User,
                              **kwargs: Any) -> None:
    record(user, "accounts.password_reset", user, **_where(request))


@receiver(signals.session_idle_expired, dispatch_uid="audit.session_idle_expired")
def _session_idle_expired(sender: Any, request: HttpRequest, user: User, idle_minutes: int,
                          **kwargs: Any) -> None:
    record(user, "accounts.session_idle_expired", user, idle_minutes=idle_minutes,
           **_where(request))
