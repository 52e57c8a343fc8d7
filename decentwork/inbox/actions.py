"""The one way to tell a person something: a message in their inbox, and an email.

Text is rendered in the recipient's language at the moment of sending, so a seeker
reading Arabic gets Arabic whoever triggered the notice. The email leaves only after
the surrounding transaction commits: a rolled-back action tells nobody anything.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.inbox.models import Message

logger = logging.getLogger(__name__)


def notify(
    recipient: User,
    *,
    kind: str,
    subject: str | Promise,
    body: str | Promise,
    params: Mapping[str, object] | None = None,
    link: str = "",
) -> Message | None:
    """Store a message for ``recipient`` and email it after commit.

    ``subject`` and ``body`` are lazy translatable strings with ``%(name)s``
    placeholders filled from ``params``. An inactive recipient gets nothing.
    """
    if not recipient.is_active:
        return None
    values = dict(params or {})
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        rendered_subject = str(subject) % values if values else str(subject)
        rendered_body = str(body) % values if values else str(body)
    message = Message.objects.create(
        recipient=recipient, kind=kind, subject=rendered_subject[:200], body=rendered_body,
        link=link, created_at=clock.now())
    if recipient.email:
        transaction.on_commit(partial(_email, message.pk))
    return message


def _email(message_id: int) -> None:
    message = Message.objects.select_related("recipient").get(pk=message_id)
    text = message.body
    if message.link:
        text = f"{text}\n\n{settings.SITE_URL.rstrip('/')}{message.link}"
    try:
        send_mail(message.subject, text, None, [message.recipient.email])
    except OSError:
        # The inbox copy stands; a mail server that is down must not undo the action.
        logger.exception("could not email message %s", message_id)
        return
    Message.objects.filter(pk=message_id).update(emailed_at=clock.now())


def mark_read(recipient: User, message: Message) -> None:
    """Mark one of the recipient's own messages read (others' are not theirs to mark)."""
    if message.recipient_id != recipient.pk or message.read_at is not None:
        return
    message.read_at = clock.now()
    message.save(update_fields=["read_at"])
