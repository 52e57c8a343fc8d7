"""Template context: the demo's accounts, for the sign-in pages while ``DEBUG`` is on.

Registered in ``settings.TEMPLATES``: the sign-in views belong to ``accounts``, which
sits below ``demo`` in the layer order and may not import it. The values are lazy,
so only a page that shows them (the sign-in and second-factor pages) queries the
database.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from decentwork.demo.access import demo_logins as read_demo_logins
from decentwork.demo.actions import DEMO_PASSWORD
from decentwork.demo.authenticators import current_demo_code


def demo_logins(request: HttpRequest) -> dict[str, Any]:
    """``demo_logins`` and ``demo_password`` for anonymous visitors, and for a demo
    staff account between its password and its second factor the code its
    authenticator shows now (``demo_second_factor_code``), when ``DEBUG`` is on.

    A production deployment (``DEBUG=0``) never lists the demo accounts nor shows a
    code, even if someone loaded the demo there with ``load_demo --force``.
    """
    if not settings.DEBUG:
        return {}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        verified = getattr(user, "is_verified", None)
        if verified is None or verified():
            return {}
        return {"demo_second_factor_code": SimpleLazyObject(lambda: current_demo_code(user))}
    return {"demo_logins": SimpleLazyObject(read_demo_logins), "demo_password": DEMO_PASSWORD}
