"""A counsellor invites a person by email; the link lets them choose a password, once,
for 14 days. Only the token's hash is stored; the email leaves after commit."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from decentwork.accounts.models import Role, User
from decentwork.audit.models import AuditEntry
from decentwork.seekers.actions import accept_invitation, invite_seeker
from decentwork.seekers.models import Invitation, JobSeeker
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World, sign_in

CaptureCommits = Callable[..., AbstractContextManager[list[Callable[[], None]]]]
STRONG = "lavender-harbour-91"


def _join_form(**changes: str) -> dict[str, str]:
    return {"password": STRONG, "password2": STRONG, "preferred_language": "tr", **changes}


def test_the_action_stores_only_the_hash_and_emails_the_link_after_commit(
        world: World, django_capture_on_commit_callbacks: CaptureCommits) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite_seeker(world.alice, office=world.office_a,
                                          email=" Yusuf@Example.org ")
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash and len(token) >= 40
    assert invitation.email == "yusuf@example.org" and invitation.seeker is None
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=14)
    assert invitation.invited_by == world.alice
    [message] = mail.outbox
    assert message.to == ["yusuf@example.org"]
    assert f"/seekers/join/{token}/" in message.body
    assert "Kadıköy" in message.subject
    assert AuditEntry.objects.filter(action="seekers.invite_seeker", actor=world.alice).exists()


def test_a_rolled_back_invitation_sends_nothing(
        world: World, django_capture_on_commit_callbacks: CaptureCommits) -> None:
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(RuntimeError), transaction.atomic()):
        invite_seeker(world.alice, office=world.office_a, email="yusuf@example.org")
        raise RuntimeError("something later in the same transaction failed")
    assert callbacks == [] and mail.outbox == []
    assert not Invitation.objects.exists()


def test_the_email_speaks_the_language_of_the_seeker(
        world: World, django_capture_on_commit_callbacks: CaptureCommits) -> None:
    world.tess.preferred_language = "fr"
    world.tess.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = invite_seeker(world.alice, office=world.office_a,
                                           email="tess@example.org", seeker=world.tess)
    # The dates at least are French whatever the catalogue holds yet ("5 mars 2026").
    with translation.override("fr"):
        french = date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
    assert french in mail.outbox[0].body


def test_a_counsellor_invites_from_the_caseload(
        world: World, django_capture_on_commit_callbacks: CaptureCommits) -> None:
    client = world.client_for(world.alice)
    page = client.get(reverse("seekers:caseload")).content.decode()
    assert f'action="{reverse("seekers:invite")}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("seekers:invite"), {"email": "yusuf@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("seekers:caseload")
    invitation = Invitation.objects.get()
    assert (invitation.office, invitation.seeker) == (world.office_a, None)
    assert len(mail.outbox) == 1


def test_an_email_in_use_is_refused_on_its_field(world: World) -> None:
    world.sam_user.email = "sam@example.org"
    world.sam_user.save(update_fields=["email"])
    page = world.client_for(world.alice).post(reverse("seekers:invite"),
                                              {"email": "SAM@example.org"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'aria-describedby="id_email-error"' in html and 'href="#id_email"' in html
    assert not Invitation.objects.exists()


def test_a_new_person_joins_and_gets_a_record_at_the_office(
        world: World, django_capture_on_commit_callbacks: CaptureCommits) -> None:
    _invitation, token = invite_seeker(world.alice, office=world.office_a,
                                       email="yusuf@example.org")
    client = Client()
    url = reverse("seekers:join", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "yusuf@example.org" in html and 'name="first_name"' in html
    response = client.post(url, _join_form(first_name="Yusuf", last_name="Demir"))
    assert response.status_code == 302 and response["Location"] == reverse("seekers:my_profile")
    seeker = JobSeeker.objects.get(first_name="Yusuf")
    assert seeker.office == world.office_a and seeker.registered_on == timezone.localdate()
    assert seeker.user is not None and seeker.user.username == "yusuf@example.org"
    assert seeker.user.role == Role.JOB_SEEKER and seeker.preferred_language == "tr"
    assert Invitation.objects.get().accepted_at is not None
    assert client.get(reverse("seekers:my_profile")).context["seeker"] == seeker
    # The link worked once.
    again = Client().get(url)
    assert again.status_code == 410
    assert "This invitation has been used already." in again.content.decode()


def test_an_existing_record_takes_the_new_login(world: World) -> None:
    client = world.client_for(world.alice)
    detail = client.get(reverse("seekers:seeker_detail", args=[world.tess.pk])).content.decode()
    assert reverse("seekers:invite_existing", args=[world.tess.pk]) in detail
    response = client.post(reverse("seekers:invite_existing", args=[world.tess.pk]),
                           {"email": "tess@example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(seeker=world.tess)
    detail = client.get(reverse("seekers:seeker_detail", args=[world.tess.pk])).content.decode()
    assert "An invitation was sent to tess@example.org" in detail
    # The token only ever left in the email; the test takes a fresh one from the action.
    _again, token = invite_seeker(world.alice, office=world.office_a, email="tess@example.org",
                                  seeker=world.tess)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()  # replaced
    page = Client().get(reverse("seekers:join", args=[token])).content.decode()
    assert 'name="first_name"' not in page and world.tess.full_name in page
    assert Client().post(reverse("seekers:join", args=[token]), _join_form()).status_code == 302
    tess = JobSeeker.objects.get(pk=world.tess.pk)
    assert tess.user is not None and tess.user.first_name == "Tess"
    assert sign_in(Client(), "tess@example.org", STRONG)
    assert AuditEntry.objects.filter(action="seekers.accept_invitation", actor=tess.user,
                                     target_id=str(tess.pk)).exists()


def test_an_unknown_link_says_so_plainly(db: None) -> None:
    page = Client().get(reverse("seekers:join", args=["no-such-token"]))
    assert page.status_code == 404
    assert "We do not know this link." in page.content.decode()


def test_an_expired_link_says_so_and_when(world: World) -> None:
    invitation, token = invite_seeker(world.alice, office=world.office_a,
                                      email="yusuf@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = Client().get(reverse("seekers:join", args=[token]))
    assert page.status_code == 410
    html = page.content.decode()
    assert "This invitation expired on" in html and "Kadıköy" in html
    post = Client().post(reverse("seekers:join", args=[token]), _join_form(first_name="Yusuf"))
    assert post.status_code == 410
    with pytest.raises(ValidationError) as raised:
        accept_invitation(token, password=STRONG, first_name="Yusuf")
    assert set(raised.value.message_dict) == {"token"}
    assert not User.objects.filter(username="yusuf@example.org").exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"password": "password", "password2": "password"}, "password"),
    ({"password2": "something-else-42"}, "password2"),
    ({"first_name": ""}, "first_name"),
])
def test_problems_are_named_on_their_fields(world: World, changes: dict[str, str],
                                            field: str) -> None:
    _invitation, token = invite_seeker(world.alice, office=world.office_a,
                                       email="yusuf@example.org")
    page = Client().post(reverse("seekers:join", args=[token]),
                         _join_form(**{"first_name": "Yusuf", **changes}))
    html = page.content.decode()
    assert page.status_code == 200 and set(page.context["form"].errors) == {field}
    assert f'id="id_{field}-error"' in html and f'href="#id_{field}"' in html
    assert Invitation.objects.get().accepted_at is None


def test_an_address_taken_since_the_invitation_is_explained(world: World) -> None:
    _invitation, token = invite_seeker(world.alice, office=world.office_a,
                                       email="yusuf@example.org")
    world.frank.email = "yusuf@example.org"
    world.frank.save(update_fields=["email"])
    page = Client().post(reverse("seekers:join", args=[token]), _join_form(first_name="Yusuf"))
    assert page.status_code == 200
    assert "already an account with this email address" in " ".join(
        page.context["form"].non_field_errors())
    assert 'role="alert"' in page.content.decode()


def test_an_invitation_cannot_be_accepted_twice(world: World) -> None:
    _invitation, token = invite_seeker(world.alice, office=world.office_a,
                                       email="yusuf@example.org")
    accept_invitation(token, password=STRONG, first_name="Yusuf")
    with pytest.raises(ValidationError) as raised:
        accept_invitation(token, password=STRONG, first_name="Yusuf")
    assert set(raised.value.message_dict) == {"token"}
    assert JobSeeker.objects.filter(first_name="Yusuf").count() == 1


def test_a_seeker_with_a_login_is_not_invited(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        invite_seeker(world.alice, office=world.office_a, email="s@example.org", seeker=world.sam)
    assert set(raised.value.message_dict) == {"seeker"}
    detail = world.client_for(world.alice).get(
        reverse("seekers:seeker_detail", args=[world.sam.pk])).content.decode()
    assert reverse("seekers:invite_existing", args=[world.sam.pk]) not in detail


@pytest.mark.parametrize("persona", ["charlie", "dana", "erin", "ivan", "sam_user"])
def test_outsiders_may_not_invite(world: World, persona: str) -> None:
    user: User = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        invite_seeker(user, office=world.office_a, email="x@example.org")
    client = world.client_for(user)
    response = client.post(reverse("seekers:invite_existing", args=[world.tess.pk]),
                           {"email": "x@example.org"})
    assert response.status_code == 404
    # The caseload's form invites to the counsellor's own office; others have none.
    caseload_invite = client.post(reverse("seekers:invite"), {"email": "x@example.org"})
    if persona in {"charlie", "dana"}:
        assert Invitation.objects.get().office != world.office_a
    else:
        assert caseload_invite.status_code == 404
    assert not Invitation.objects.filter(office=world.office_a).exists()


def test_the_seeker_may_not_invite_someone_for_their_own_record(world: World) -> None:
    response = world.client_for(world.sam_user).post(
        reverse("seekers:invite_existing", args=[world.sam.pk]), {"email": "x@example.org"})
    assert response.status_code == 404  # a staff page: not theirs, even about themselves
    assert not Invitation.objects.exists()


def test_an_administrator_invites_at_any_office_of_their_site(world: World) -> None:
    invitation, _token = invite_seeker(world.judy, office=world.office_b,
                                       email="li@example.org")
    assert invitation.office == world.office_b


@pytest.mark.browser
def test_joining_by_the_link_on_a_phone(page: Page, world: World) -> None:
    _invitation, token = invite_seeker(world.alice, office=world.office_a,
                                       email="yusuf@example.org")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(reverse("seekers:join", args=["no-such-token"]))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)
    page.goto(reverse("seekers:join", args=[token]))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    page.get_by_label("First name").focus()
    page.keyboard.type("Yusuf")
    page.get_by_label("Choose a password").focus()
    page.keyboard.type(STRONG)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Type the same password again")).to_be_focused()
    page.keyboard.type(STRONG)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    assert JobSeeker.objects.get(user__username="yusuf@example.org").office == world.office_a
