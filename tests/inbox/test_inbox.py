"""The inbox: a person reads their own messages and nobody else's; notices arrive in
the recipient's language, by email only once the action that sent them commits."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext_lazy

from decentwork.accounts.models import User
from decentwork.inbox.actions import notify
from decentwork.inbox.models import Message
from decentwork.inbox.views import INBOX_PAGE_SIZE
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _notice(user: User, subject: str = "Your application was seen", **fields: Any) -> Message:
    message = notify(user, kind="applications.seen", subject=subject,
                     body=fields.pop("body", "The employer has read your application."),
                     **fields)
    assert message is not None
    return message


def test_the_inbox_lists_only_my_messages_newest_first(world: World) -> None:
    _notice(world.sam_user, "First notice")
    _notice(world.sam_user, "Second notice")
    _notice(world.alice, "For Alice only")
    page = world.client_for(world.sam_user).get("/inbox/").content.decode()
    assert "For Alice only" not in page
    assert page.index("Second notice") < page.index("First notice")


def test_unread_messages_are_marked_in_words(world: World) -> None:
    unread = _notice(world.sam_user, "Not opened yet")
    client = world.client_for(world.sam_user)
    assert re.search(r"Unread</strong>\s*<a [^>]*>Not opened yet", client.get("/inbox/")
                     .content.decode())
    client.get(f"/inbox/{unread.pk}/")
    assert "Unread</strong>" not in client.get("/inbox/").content.decode()


def test_opening_a_message_marks_it_read_and_offers_its_link(world: World) -> None:
    message = _notice(world.sam_user, link=f"/seekers/{world.sam.pk}/")
    response = world.client_for(world.sam_user).get(f"/inbox/{message.pk}/")
    assert response.status_code == 200
    assert re.search(rf'<a class="button" href="/seekers/{world.sam.pk}/">Open</a>',
                     response.content.decode())
    message.refresh_from_db()
    assert message.read_at is not None


def test_a_link_that_leaves_the_site_is_not_offered(world: World) -> None:
    message = _notice(world.sam_user, link="//evil.example/phish")
    page = world.client_for(world.sam_user).get(f"/inbox/{message.pk}/").content.decode()
    assert "evil.example" not in page and ">Open</a>" not in page


@pytest.mark.parametrize("intruder", ["alice", "erin", "judy", "ivan"])
def test_nobody_sees_or_marks_another_persons_message(world: World, intruder: str) -> None:
    message = _notice(world.sam_user, "Private to Sam")
    client = world.client_for(getattr(world, intruder))
    assert client.get(f"/inbox/{message.pk}/").status_code == 404
    assert "Private to Sam" not in client.get("/inbox/").content.decode()
    message.refresh_from_db()
    assert message.read_at is None


def test_a_missing_message_is_the_same_404(world: World) -> None:
    assert world.client_for(world.sam_user).get("/inbox/999999/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    message = _notice(world.sam_user)
    for path in ("/inbox/", f"/inbox/{message.pk}/"):
        response = world.client_for(None).get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_inbox_is_paginated(world: World, django_assert_max_num_queries: Any) -> None:
    for number in range(INBOX_PAGE_SIZE + 2):
        _notice(world.sam_user, f"Notice number {number:02d}")
    client = world.client_for(world.sam_user)
    with django_assert_max_num_queries(8):
        first = client.get("/inbox/").content.decode()
    assert f"Notice number {INBOX_PAGE_SIZE + 1:02d}" in first
    assert "Notice number 00" not in first and 'rel="next"' in first
    second = client.get("/inbox/?page=2").content.decode()
    assert "Notice number 00" in second and "Notice number 01" in second


def test_the_navigation_counts_unread_messages_for_eyes_and_ears(world: World) -> None:
    for _ in range(3):
        _notice(world.sam_user)
    _notice(world.alice)
    page = world.client_for(world.sam_user).get("/seekers/me/", follow=True).content.decode()
    link = re.search(r'<a href="/inbox/"[^>]*>(.*?)</a>', page, re.S)
    assert link is not None
    assert re.search(r'<span aria-hidden="true">\(3 unread\)</span>', link.group(1))
    assert '<span class="visually-hidden">3 unread messages</span>' in link.group(1)


def test_the_navigation_says_nothing_unread_when_all_is_read(world: World) -> None:
    message = _notice(world.sam_user)
    client = world.client_for(world.sam_user)
    client.get(f"/inbox/{message.pk}/")
    page = client.get("/inbox/").content.decode()
    assert re.search(r'<a href="/inbox/" aria-current="page">Inbox</a>', page)


def test_notify_speaks_the_recipients_language(world: World) -> None:
    world.sam_user.preferred_language = "fr"
    world.sam_user.save(update_fields=["preferred_language"])
    message = notify(world.sam_user, kind="test.role", subject=gettext_lazy("Job seeker"),
                     body=gettext_lazy("Job seeker"))
    assert message is not None
    assert message.subject == "Demandeur d’emploi" and message.body == "Demandeur d’emploi"


def test_the_email_leaves_after_commit(world: World, mailoutbox: list[mail.EmailMessage],
                                       django_capture_on_commit_callbacks: Any) -> None:
    world.sam_user.email, world.sam_user.preferred_language = "sam@example.org", "fr"
    world.sam_user.save(update_fields=["email", "preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        message = notify(world.sam_user, kind="test.role", subject=gettext_lazy("Job seeker"),
                         body="Bonjour", link=f"/seekers/{world.sam.pk}/")
        assert mailoutbox == []  # nothing leaves before the transaction commits
    assert message is not None
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]
    assert mailoutbox[0].subject == "Demandeur d’emploi"
    assert mailoutbox[0].body.endswith(f"/seekers/{world.sam.pk}/")
    message.refresh_from_db()
    assert message.emailed_at is not None


def test_no_email_and_no_message_when_the_action_rolls_back(
        world: World, mailoutbox: list[mail.EmailMessage],
        django_capture_on_commit_callbacks: Any) -> None:
    world.sam_user.email = "sam@example.org"
    world.sam_user.save(update_fields=["email"])

    class Undone(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            pytest.raises(Undone), transaction.atomic():
        _notice(world.sam_user)
        raise Undone
    assert callbacks == [] and mailoutbox == []
    assert not Message.objects.filter(recipient=world.sam_user).exists()


def test_an_inactive_user_gets_nothing(world: World, mailoutbox: list[mail.EmailMessage],
                                       django_capture_on_commit_callbacks: Any) -> None:
    world.sam_user.email, world.sam_user.is_active = "sam@example.org", False
    world.sam_user.save(update_fields=["email", "is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(world.sam_user, kind="test", subject="Hello", body="Hello") is None
    assert mailoutbox == []
    assert not Message.objects.filter(recipient=world.sam_user).exists()
