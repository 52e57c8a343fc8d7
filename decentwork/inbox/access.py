"""Scoped reads of the inbox: a person sees their own messages and nobody else's.

Messages are personal whatever the role: no counsellor, employer or administrator
reads another person's inbox here. A message that is missing and a message that
belongs to someone else answer the same 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from decentwork.accounts.models import User
from decentwork.inbox.models import Message


def messages_for(user: User | AnonymousUser) -> QuerySet[Message]:
    """The user's own messages, newest first; none for anonymous or inactive users."""
    if not user.is_authenticated or not user.is_active:
        return Message.objects.none()
    return Message.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")


def access_message(user: User | AnonymousUser, message_id: int) -> Message:
    """One of the user's messages, or the same 404 whether it is missing or not theirs."""
    try:
        return messages_for(user).get(pk=message_id)
    except Message.DoesNotExist:
        raise Http404("No such message") from None


def unread_count(user: User | AnonymousUser) -> int:
    """How many of the user's messages they have not opened yet."""
    return messages_for(user).filter(read_at__isnull=True).count()
