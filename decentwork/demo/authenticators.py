"""The demo's staff accounts pass the second factor like everyone's (ADR 0014).

Each printed staff login gets a confirmed authenticator whose secret is derived from
the demo's seed, so that a tester can read the current code off the sign-in page
(``decentwork.demo.context``, only while ``DEBUG`` is on) instead of scanning a QR
code into a phone for each persona.
"""

from __future__ import annotations

import hashlib

from django_otp.plugins.otp_totp.models import TOTPDevice

from decentwork.accounts.models import User
from decentwork.accounts.second_factor import (
    authenticator_of,
    code_now,
    install_authenticator,
    needs_second_factor,
)


def demo_authenticator_key(seed: int, username: str) -> str:
    """A 20-byte TOTP secret (hex) that depends only on the seed and the user name."""
    return hashlib.sha256(f"decentwork demo authenticator {seed} {username}".encode()
                          ).hexdigest()[:40]


def install_demo_authenticators(seed: int) -> list[TOTPDevice]:
    """An authenticator for every demo account whose role needs a second factor."""
    return [install_authenticator(user, demo_authenticator_key(seed, user.username))
            for user in User.objects.filter(demo_account__isnull=False).order_by("username")
            if needs_second_factor(user)]


def current_demo_code(user: User) -> str:
    """The code a demo account's authenticator shows now; "" for anyone else."""
    if not User.objects.filter(pk=user.pk, demo_account__isnull=False).exists():
        return ""
    device = authenticator_of(user)
    return code_now(device) if device is not None else ""
