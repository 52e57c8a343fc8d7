"""Template context for every page: the signed-in person's unread messages."""

from __future__ import annotations

from django.http import HttpRequest

from decentwork.inbox.access import unread_count as count_unread


def unread_count(request: HttpRequest) -> dict[str, int]:
    """``inbox_unread_count`` for the navigation link (one count query per page).

    Nothing is added for anonymous visitors, so the login page does not query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread_count": count_unread(user)}
