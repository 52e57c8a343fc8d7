"""Administrators invite, change and deactivate staff accounts of their own site (any
site, for a platform administrator); nobody else may, and every refusal names its
field before anything is written."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from decentwork import clock
from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
from decentwork.audit.models import AuditEntry
from decentwork.network.factories import SiteMembershipFactory
from decentwork.network.models import Site, SiteMembership, StaffMembership
from decentwork.staff.access import pending_invitations
from decentwork.staff.actions import (
    accept_staff_invitation,
    change_staff_member,
    invite_staff,
    set_staff_member_active,
)
from decentwork.staff.models import StaffInvitation
from tests.conftest import World

CaptureCommits = Callable[..., AbstractContextManager[list[Callable[[], None]]]]
STRONG = "lavender-harbour-91"
NOT_ADMINISTRATORS = ["alice", "bob", "dana", "charlie", "erin", "frank", "sam_user",
                      "tess_user", "ivan"]


def _site_a(world: World) -> Site:
    return world.office_a.site


def _site_b(world: World) -> Site:
    return world.office_b.site


def _invite_counsellor(actor: User, world: World, email: str = "mehmet@example.org"
                       ) -> tuple[StaffInvitation, str]:
    return invite_staff(actor, email=email, first_name="Mehmet", last_name="Kaya",
                        role=Role.COUNSELLOR, office=world.office_a)


# Inviting ---------------------------------------------------------------------------


def test_a_site_administrator_invites_a_counsellor_by_email(
        world: World, site_admin: User,
        django_capture_on_commit_callbacks: CaptureCommits) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = _invite_counsellor(site_admin, world, email=" Mehmet@Example.org ")
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash and len(token) >= 40
    assert invitation.email == "mehmet@example.org"
    assert (invitation.office, invitation.site) == (world.office_a, _site_a(world))
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    assert invitation.invited_by == site_admin and invitation.accepted_at is None
    [message] = mail.outbox
    assert message.to == ["mehmet@example.org"]
    assert f"http://127.0.0.1:8000/staff/join/{token}/" in message.body
    entry = AuditEntry.objects.get(action="staff.invite_staff")
    assert entry.actor == site_admin and entry.details["before"] is None
    assert entry.details["after"] == {"email": "mehmet@example.org", "role": "counsellor",
                                      "office": world.office_a.pk, "site": _site_a(world).pk}


def test_a_rolled_back_invitation_sends_nothing(
        world: World, site_admin: User,
        django_capture_on_commit_callbacks: CaptureCommits) -> None:
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(RuntimeError), transaction.atomic()):
        _invite_counsellor(site_admin, world)
        raise RuntimeError("something later in the same transaction failed")
    assert callbacks == [] and mail.outbox == []
    assert not StaffInvitation.objects.exists()


@pytest.mark.parametrize("name", NOT_ADMINISTRATORS)
def test_nobody_but_administrators_invites(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        _invite_counsellor(world.persona(name), world)
    assert not StaffInvitation.objects.exists()


def test_a_site_administrator_invites_only_into_their_own_site(
        world: World, site_admin: User) -> None:
    with pytest.raises(ValidationError) as office_elsewhere:
        invite_staff(site_admin, email="li@example.org", first_name="Li",
                     role=Role.COUNSELLOR, office=world.office_b)
    assert set(office_elsewhere.value.message_dict) == {"office"}
    with pytest.raises(ValidationError) as site_elsewhere:
        invite_staff(site_admin, email="li@example.org", first_name="Li",
                     role=Role.ANALYST, site=_site_b(world))
    assert set(site_elsewhere.value.message_dict) == {"site"}
    with pytest.raises(ValidationError) as platform:
        invite_staff(site_admin, email="li@example.org", first_name="Li",
                     role=Role.ADMINISTRATOR, site=None)
    assert "Only a platform administrator" in platform.value.message_dict["site"][0]
    assert not StaffInvitation.objects.exists()


def test_only_a_platform_administrator_invites_a_platform_administrator(world: World) -> None:
    invitation, _token = invite_staff(world.judy, email="pat@example.org", first_name="Pat",
                                      role=Role.ADMINISTRATOR, site=None)
    assert (invitation.site, invitation.office) == (None, None)


def test_every_problem_is_named_at_once_and_nothing_is_written(
        world: World, site_admin: User) -> None:
    with pytest.raises(ValidationError) as refused:
        invite_staff(site_admin, email="not an address", first_name=" ",
                     role=Role.OFFICE_MANAGER, office=None)
    assert set(refused.value.message_dict) == {"email", "first_name", "office"}
    with pytest.raises(ValidationError) as not_staff:
        invite_staff(site_admin, email="x@example.org", first_name="X", role=Role.JOB_SEEKER,
                     site=_site_a(world))
    assert set(not_staff.value.message_dict) == {"role"}
    with pytest.raises(ValidationError) as no_site:
        invite_staff(site_admin, email="x@example.org", first_name="X", role=Role.ANALYST)
    assert set(no_site.value.message_dict) == {"site"}
    assert not StaffInvitation.objects.exists() and not AuditEntry.objects.exists()


def test_an_address_with_an_account_is_refused(world: World, site_admin: User) -> None:
    with pytest.raises(ValidationError) as refused:
        _invite_counsellor(site_admin, world, email="SARA@example.org")
    assert set(refused.value.message_dict) == {"email"}


def test_a_second_waiting_invitation_on_the_same_site_is_refused(
        world: World, site_admin: User) -> None:
    _invite_counsellor(site_admin, world)
    with pytest.raises(ValidationError) as refused:
        invite_staff(world.judy, email="MEHMET@example.org", first_name="Mehmet",
                     role=Role.ANALYST, site=_site_a(world))
    assert "already waiting" in refused.value.message_dict["email"][0]
    # Another site may invite the same person.
    invite_staff(world.judy, email="mehmet@example.org", first_name="Mehmet",
                 role=Role.ANALYST, site=_site_b(world))
    # An expired invitation no longer stands in the way.
    with clock.travel_to(clock.now() + dt.timedelta(days=8)):
        _invite_counsellor(site_admin, world)
    assert StaffInvitation.objects.filter(email="mehmet@example.org").count() == 3


# Accepting --------------------------------------------------------------------------


def test_accepting_creates_the_account_and_membership_together(
        world: World, site_admin: User) -> None:
    invitation, token = _invite_counsellor(site_admin, world)
    user = accept_staff_invitation(token, username="mehmet", password=STRONG)
    assert (user.username, user.email, user.first_name, user.last_name, user.role) == (
        "mehmet", "mehmet@example.org", "Mehmet", "Kaya", Role.COUNSELLOR)
    assert user.check_password(STRONG) and user.is_active and not user.is_staff
    assert StaffMembership.objects.get(user=user).office == world.office_a
    assert not SiteMembership.objects.filter(user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.user == user
    entry = AuditEntry.objects.get(action="staff.accept_invitation")
    assert entry.actor == user and entry.details["after"]["office"] == world.office_a.pk
    with pytest.raises(ValidationError) as again:
        accept_staff_invitation(token, username="mehmet2", password=STRONG)
    assert set(again.value.message_dict) == {"token"}


def test_an_analyst_gets_the_site_and_a_platform_administrator_the_django_admin(
        world: World) -> None:
    _inv, analyst_token = invite_staff(world.judy, email="an@example.org", first_name="An",
                                       role=Role.ANALYST, site=_site_b(world))
    analyst = accept_staff_invitation(analyst_token, username="an", password=STRONG)
    assert SiteMembership.objects.get(user=analyst).site == _site_b(world)
    _inv, admin_token = invite_staff(world.judy, email="pat@example.org", first_name="Pat",
                                     role=Role.ADMINISTRATOR, site=None)
    admin = accept_staff_invitation(admin_token, username="pat", password=STRONG)
    assert admin.is_staff and admin.is_superuser
    assert not SiteMembership.objects.filter(user=admin).exists()


def test_a_weak_password_or_a_taken_user_name_is_refused_on_its_field(
        world: World, site_admin: User) -> None:
    _invitation, token = _invite_counsellor(site_admin, world)
    with pytest.raises(ValidationError) as refused:
        accept_staff_invitation(token, username="ALICE", password="mehmetkaya")
    assert set(refused.value.message_dict) == {"username", "password"}
    with pytest.raises(ValidationError) as bad_name:
        accept_staff_invitation(token, username="no spaces", password=STRONG)
    assert set(bad_name.value.message_dict) == {"username"}
    assert not User.objects.filter(email="mehmet@example.org").exists()


def test_expired_and_unknown_links_are_refused(world: World, site_admin: User) -> None:
    _invitation, token = _invite_counsellor(site_admin, world)
    with clock.travel_to(clock.now() + dt.timedelta(days=7, seconds=1)), \
            pytest.raises(ValidationError, match="expired"):
        accept_staff_invitation(token, username="mehmet", password=STRONG)
    with pytest.raises(ValidationError, match="do not know"):
        accept_staff_invitation(token + "x", username="mehmet", password=STRONG)


def test_an_invitation_dies_with_its_senders_right_to_give_it(
        world: World, site_admin: User) -> None:
    _invitation, token = _invite_counsellor(site_admin, world)
    site_admin.is_active = False
    site_admin.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="can no longer give"):
        accept_staff_invitation(token, username="mehmet", password=STRONG)
    # Nor does it stand in the way of a new one, nor count as waiting.
    assert not pending_invitations(world.judy).exists()
    _invitation, new_token = _invite_counsellor(world.judy, world)
    accept_staff_invitation(new_token, username="mehmet", password=STRONG)


# Changing ---------------------------------------------------------------------------


def test_a_site_administrator_moves_a_counsellor_and_it_is_audited(
        world: World, site_admin: User) -> None:
    change_staff_member(site_admin, world.alice, role=Role.OFFICE_MANAGER,
                        office=world.office_a2)
    world.alice.refresh_from_db()
    assert world.alice.role == Role.OFFICE_MANAGER
    assert StaffMembership.objects.get(user=world.alice).office == world.office_a2
    entry = AuditEntry.objects.get(action="staff.change_staff_member")
    assert entry.details == {
        "before": {"role": "counsellor", "office": world.office_a.pk, "site": _site_a(world).pk},
        "after": {"role": "office_manager", "office": world.office_a2.pk,
                  "site": _site_a(world).pk}}


def test_a_counsellor_made_analyst_belongs_to_the_site_not_an_office(
        world: World, site_admin: User) -> None:
    change_staff_member(site_admin, world.alice, role=Role.ANALYST, site=_site_a(world))
    assert not StaffMembership.objects.filter(user=world.alice).exists()
    assert SiteMembership.objects.get(user=world.alice).site == _site_a(world)


def test_changes_stay_within_the_administrators_site(world: World, site_admin: User) -> None:
    with pytest.raises(ValidationError) as refused:
        change_staff_member(site_admin, world.alice, role=Role.COUNSELLOR,
                            office=world.office_b)
    assert set(refused.value.message_dict) == {"office"}
    with pytest.raises(PermissionDenied):
        change_staff_member(site_admin, world.charlie, role=Role.COUNSELLOR,
                            office=world.office_a)
    with pytest.raises(PermissionDenied):
        change_staff_member(site_admin, world.judy, role=Role.ADMINISTRATOR,
                            site=_site_a(world))
    assert StaffMembership.objects.get(user=world.alice).office == world.office_a


@pytest.mark.parametrize("name", NOT_ADMINISTRATORS)
def test_nobody_but_administrators_changes_staff(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        change_staff_member(world.persona(name), world.dana, role=Role.OFFICE_MANAGER,
                            office=world.office_a2)
    with pytest.raises(PermissionDenied):
        set_staff_member_active(world.persona(name), world.dana, active=False)
    world.dana.refresh_from_db()
    assert world.dana.role == Role.COUNSELLOR and world.dana.is_active


def test_the_last_administrator_of_a_site_is_not_demoted(
        world: World, site_admin: User) -> None:
    with pytest.raises(ValidationError) as refused:
        change_staff_member(world.judy, site_admin, role=Role.ANALYST, site=_site_a(world))
    assert "last administrator" in refused.value.message_dict["role"][0]
    with pytest.raises(ValidationError):
        change_staff_member(world.judy, site_admin, role=Role.ADMINISTRATOR, site=_site_b(world))
    other = UserFactory(username="omer", role=Role.ADMINISTRATOR)
    SiteMembershipFactory(user=other, site=_site_a(world))
    change_staff_member(world.judy, site_admin, role=Role.ANALYST, site=_site_a(world))
    site_admin.refresh_from_db()
    assert site_admin.role == Role.ANALYST


def test_nobody_changes_their_own_role(world: World, site_admin: User) -> None:
    other = UserFactory(username="omer", role=Role.ADMINISTRATOR)
    SiteMembershipFactory(user=other, site=_site_a(world))
    with pytest.raises(ValidationError) as refused:
        change_staff_member(site_admin, site_admin, role=Role.COUNSELLOR, office=world.office_a)
    assert set(refused.value.message_dict) == {"role"}


def test_a_platform_administrator_promotes_a_site_administrator_to_the_platform(
        world: World, site_admin: User) -> None:
    other = UserFactory(username="omer", role=Role.ADMINISTRATOR)
    SiteMembershipFactory(user=other, site=_site_a(world))
    change_staff_member(world.judy, site_admin, role=Role.ADMINISTRATOR, site=None)
    site_admin.refresh_from_db()
    assert site_admin.is_staff and not SiteMembership.objects.filter(user=site_admin).exists()
    # And back: the Django admin goes with the platform.
    change_staff_member(world.judy, site_admin, role=Role.ADMINISTRATOR, site=_site_a(world))
    site_admin.refresh_from_db()
    assert not site_admin.is_staff and not site_admin.is_superuser


# Deactivating -----------------------------------------------------------------------


def test_deactivating_ends_the_persons_sessions_and_keeps_the_account(
        world: World, site_admin: User) -> None:
    alices = world.client_for(world.alice)
    bobs = world.client_for(world.bob)
    assert Session.objects.count() == 2
    set_staff_member_active(site_admin, world.alice, active=False)
    world.alice.refresh_from_db()
    assert not world.alice.is_active
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        bobs.session.session_key]
    assert alices.get("/staff/").status_code == 302  # signed out
    assert StaffMembership.objects.filter(user=world.alice).exists()
    entry = AuditEntry.objects.get(action="staff.set_staff_member_active")
    assert entry.details == {"before": {"is_active": True}, "after": {"is_active": False}}
    set_staff_member_active(site_admin, world.alice, active=True)
    world.alice.refresh_from_db()
    assert world.alice.is_active


def test_nobody_deactivates_themselves_or_the_last_administrator(
        world: World, site_admin: User) -> None:
    with pytest.raises(ValidationError) as self_refused:
        set_staff_member_active(site_admin, site_admin, active=False)
    assert set(self_refused.value.message_dict) == {"is_active"}
    with pytest.raises(ValidationError, match="last administrator"):
        set_staff_member_active(world.judy, site_admin, active=False)
    site_admin.refresh_from_db()
    assert site_admin.is_active


def test_a_site_administrator_deactivates_no_one_of_another_site(
        world: World, site_admin: User) -> None:
    with pytest.raises(PermissionDenied):
        set_staff_member_active(site_admin, world.charlie, active=False)
    with pytest.raises(PermissionDenied):
        set_staff_member_active(site_admin, world.sam_user, active=False)
