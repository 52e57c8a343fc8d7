"""The second factor: a TOTP authenticator app, and single-use recovery codes.

Built on django-otp (ADR 0014): a confirmed ``TOTPDevice`` is the user's authenticator
app, a ``StaticDevice`` holds their recovery codes. A session is *verified* once
``django_otp.login`` has stored the device that passed, which is what
``request.user.is_verified()`` reads and ``SecondFactorMiddleware`` demands of every
role in :data:`~decentwork.accounts.models.SECOND_FACTOR_ROLES`.

Every write here runs in a transaction and sends a signal from
``decentwork.accounts.signals`` that the audit app records.
"""

from __future__ import annotations

import re
from base64 import b32encode
from dataclasses import dataclass

import django_otp
import segno
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.html import escape
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from decentwork import clock
from decentwork.accounts import signals
from decentwork.accounts.models import SECOND_FACTOR_ROLES, User

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator app"
RECOVERY_CODES_NAME = "recovery codes"
TOTP_CODE = re.compile(r"^\d{6}$")


def needs_second_factor(user: User | AnonymousUser) -> bool:
    """Whether this user must pass a second factor: the staff roles and anyone who
    may open the Django admin."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    return user.role in SECOND_FACTOR_ROLES or user.is_staff or user.is_superuser


def authenticator_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


# Enrolment ------------------------------------------------------------------------------


def pending_authenticator(user: User) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed, so that
    reloading the page does not invalidate what the person already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def secret_in_groups(device: TOTPDevice) -> str:
    """The secret as an app asks to have it typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start:start + 4] for start in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, title: str) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code: no image request,
    no inline style or script (the CSP allows neither)."""
    svg: str = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=escape(title))
    return svg.replace("<svg ", '<svg role="img" ', 1)


@transaction.atomic
def confirm_authenticator(request: HttpRequest, user: User, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code it shows; on success it replaces
    any earlier one, the session counts as verified and a fresh set of recovery codes
    is returned (to show once). ``None`` when the code is wrong."""
    device = pending_authenticator(user)
    if not device.verify_token(_digits(code)):
        signals.second_factor_failed.send(sender=User, request=request, user=user,
                                          step="enrolment")
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    signals.second_factor_enrolled.send(sender=User, request=request, user=user)
    return _new_recovery_codes(user)


@transaction.atomic
def install_authenticator(user: User, key_hex: str) -> TOTPDevice:
    """Give ``user`` a confirmed authenticator with a known secret, replacing any other.

    For the demo, whose testers read the current code off the sign-in page (DEBUG only);
    a real person's secret is made by :func:`pending_authenticator` and never leaves
    the enrolment page.
    """
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=key_hex,
                                     confirmed=True)


# Recovery codes -------------------------------------------------------------------------


@transaction.atomic
def regenerate_recovery_codes(request: HttpRequest, user: User) -> list[str]:
    """A new set of recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    signals.recovery_codes_regenerated.send(sender=User, request=request, user=user)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [format_recovery_code(code) for code in codes]


def format_recovery_code(code: str) -> str:
    """``abcdefgh`` as ``abcd-efgh``: easier to copy by hand."""
    return f"{code[:4]}-{code[4:]}"


# The second-factor step -----------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What came of a code: ``verified``, or why not (``wait_seconds`` when throttled)."""

    verified: bool
    method: str = ""
    recovery_codes_left: int | None = None
    wait_seconds: int = 0


def verify_second_factor(request: HttpRequest, user: User, code: str) -> Verification:
    """Check a code from the authenticator app, or one recovery code (spent if right).

    Each device counts its own failures and refuses to check another code until an
    exponentially growing delay has passed (django-otp's throttling), so guessing six
    digits is out of reach.
    """
    digits = _digits(code)
    if TOTP_CODE.match(digits):
        device: TOTPDevice | StaticDevice | None = authenticator_of(user)
        method, token = "totp", digits
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
        method, token = "recovery_code", re.sub(r"[\s-]", "", code).lower()
    if device is None:
        signals.second_factor_failed.send(sender=User, request=request, user=user, step=method)
        return Verification(verified=False)
    allowed, why = device.verify_is_allowed()
    if not allowed:
        signals.second_factor_failed.send(sender=User, request=request, user=user,
                                          step=method, throttled=True)
        return Verification(verified=False, wait_seconds=_wait_seconds(why))
    passed = django_otp.verify_token(user, device.persistent_id, token)
    if passed is None:
        signals.second_factor_failed.send(sender=User, request=request, user=user, step=method)
        return Verification(verified=False)
    django_otp.login(request, passed)
    signals.second_factor_verified.send(sender=User, request=request, user=user, method=method)
    if method == "totp":
        return Verification(verified=True, method=method)
    left = recovery_codes_left(user)
    signals.recovery_code_used.send(sender=User, request=request, user=user, remaining=left)
    return Verification(verified=True, method=method, recovery_codes_left=left)


def _wait_seconds(why: dict[str, object] | None) -> int:
    if not why or why.get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return 0
    locked_until = why.get("locked_until")
    if locked_until is None:
        return 0
    return max(1, int((locked_until - clock.now()).total_seconds()) + 1)  # type: ignore[operator]


def _digits(code: str) -> str:
    """A TOTP code as typed: "123 456" and "123-456" are "123456"."""
    return re.sub(r"[\s-]", "", code)


def code_now(device: TOTPDevice) -> str:
    """The code the device's app would show now, or the next one if that was just used
    (django-otp accepts each time step once): for the demo's sign-in page and the tests."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t():
        totp.drift += device.last_t - totp.t() + 1
    return f"{totp.token():0{device.digits}d}"

