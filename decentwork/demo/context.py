"""Template context: the demo's accounts, for the login page while ``DEBUG`` is on.

Registered in ``settings.TEMPLATES``: the login view belongs to ``accounts``, which
sits below ``demo`` in the layer order and may not import it. The list is lazy,
so only a page that shows it (the login page) queries the database.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from decentwork.demo.access import demo_logins as read_demo_logins
from decentwork.demo.actions import DEMO_PASSWORD


def demo_logins(request: HttpRequest) -> dict[str, Any]:
    """``demo_logins`` and ``demo_password`` for anonymous visitors when ``DEBUG`` is on.

    A production deployment (``DEBUG=0``) never lists the demo accounts, even if
    someone loaded the demo there with ``load_demo --force``.
    """
    user = getattr(request, "user", None)
    if not settings.DEBUG or (user is not None and user.is_authenticated):
        return {}
    return {"demo_logins": SimpleLazyObject(read_demo_logins), "demo_password": DEMO_PASSWORD}
