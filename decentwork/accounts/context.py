"""The signed-in user's tenancy scope in every template, so that menus and links ask
the same questions as the actions (``scope.is_job_seeker``), never a role string."""

from __future__ import annotations

from django.http import HttpRequest

from decentwork.accounts.models import User
from decentwork.accounts.scope import NO_SCOPE, Scope, scope_of


def scope(request: HttpRequest) -> dict[str, Scope]:
    user = getattr(request, "user", None)
    return {"scope": scope_of(user) if isinstance(user, User) else NO_SCOPE}
