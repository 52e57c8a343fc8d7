from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from decentwork.accounts.models import User
from decentwork.inbox.access import access_message, messages_for
from decentwork.inbox.actions import mark_read

INBOX_PAGE_SIZE = 25


def _local_path(link: str) -> str:
    """The link if it is a path inside this site; a stored link is never allowed to
    send the reader elsewhere (``//host``, ``javascript:``...)."""
    return link if link.startswith("/") and not link.startswith(("//", "/\\")) else ""


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in person's messages, newest first."""
    messages = messages_for(request.user)
    page = Paginator(messages, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inbox/inbox.html", {"page": page})


@login_required
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    """One message; opening it marks it read, as in any mail reader."""
    user: User = request.user  # type: ignore[assignment]
    message = access_message(user, message_id)
    mark_read(user, message)
    return render(request, "inbox/message.html", {
        "message": message, "link": _local_path(message.link),
    })
