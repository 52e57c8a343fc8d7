"""The administrators' pages: where they land, the staff list, inviting, changing and
deactivating; everybody else, and other sites' people, get 404."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
from decentwork.audit.models import AuditEntry
from decentwork.network.factories import StaffMembershipFactory
from decentwork.network.models import StaffMembership
from decentwork.staff.actions import invite_staff
from decentwork.staff.models import StaffInvitation
from tests.conftest import World

NOT_ADMINISTRATORS = ["alice", "bob", "dana", "charlie", "erin", "frank", "sam_user",
                      "tess_user", "ivan"]


def _pages(world: World) -> list[str]:
    return [reverse("staff:home"), reverse("staff:list"), reverse("staff:invite"),
            reverse("staff:edit", args=[world.dana.pk]),
            reverse("staff:deactivate", args=[world.dana.pk]),
            reverse("staff:reactivate", args=[world.dana.pk])]


def test_administrators_land_on_their_own_page(world: World, site_admin: User) -> None:
    response = world.client_for(site_admin).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("staff:home")


def test_the_landing_page_counts_the_sites_staff(world: World, site_admin: User) -> None:
    invite_staff(site_admin, email="mehmet@example.org", first_name="Mehmet",
                 role=Role.COUNSELLOR, office=world.office_a)
    world.dana.is_active = False
    world.dana.save(update_fields=["is_active"])
    page = world.client_for(site_admin).get(reverse("staff:home"))
    assert page.status_code == 200
    [summary] = page.context["summaries"]
    assert summary.site == world.office_a.site
    assert summary.active_by_role == {Role.COUNSELLOR: 1, Role.OFFICE_MANAGER: 1,
                                      Role.ANALYST: 1, Role.ADMINISTRATOR: 1}
    assert (summary.pending_invitations, summary.deactivated) == (1, 1)
    html = page.content.decode()
    assert f'href="{reverse("casework:site_rules")}"' in html
    assert f'href="{reverse("staff:invite")}"' in html
    assert reverse("admin:index") not in html
    # The header menu leads back here.
    assert f'<a href="{reverse("staff:home")}" aria-current="page">' in html


def test_a_platform_administrator_sees_every_site_and_the_django_admin(world: World) -> None:
    world.judy.is_staff = True
    world.judy.save(update_fields=["is_staff"])
    page = world.client_for(world.judy).get(reverse("staff:home"))
    summaries = page.context["summaries"]
    assert [s.site.name if s.site else None for s in summaries] == ["Hangzhou", "Istanbul", None]
    assert summaries[0].active_by_role == {Role.COUNSELLOR: 1}
    assert summaries[2].active_by_role == {Role.ADMINISTRATOR: 1}
    assert reverse("admin:index") in page.content.decode()


@pytest.mark.parametrize("name", NOT_ADMINISTRATORS)
def test_nobody_else_opens_them(world: World, name: str) -> None:
    client = world.client_for(world.persona(name))
    for url in _pages(world):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("staff:deactivate", args=[world.dana.pk])).status_code == 404
    world.dana.refresh_from_db()
    assert world.dana.is_active


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    for url in _pages(world):
        response = Client().get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_people_of_other_sites_are_not_found(world: World, site_admin: User) -> None:
    client = world.client_for(site_admin)
    for member in (world.charlie, world.judy, world.sam_user):
        for name in ("staff:edit", "staff:deactivate"):
            assert client.get(reverse(name, args=[member.pk])).status_code == 404
    assert client.post(reverse("staff:deactivate", args=[world.charlie.pk])).status_code == 404
    world.charlie.refresh_from_db()
    assert world.charlie.is_active


def test_the_list_shows_the_sites_staff_filtered_by_office_and_role(
        world: World, site_admin: User) -> None:
    client = world.client_for(site_admin)
    page = client.get(reverse("staff:list"))
    names = {member.username for member, _placement, _locked in page.context["people"]}
    assert names == {"alice", "bob", "dana", "ivan", "sara"}
    html = page.content.decode()
    assert '<ul class="staff-list">' in html and "charlie" not in html
    by_office = client.get(reverse("staff:list"), {"office": world.office_a.pk})
    assert {m.username for m, _p, _locked in by_office.context["people"]} == {"alice", "bob"}
    by_role = client.get(reverse("staff:list"), {"office": world.office_a.pk,
                                                 "role": Role.OFFICE_MANAGER})
    assert [m.username for m, _p, _locked in by_role.context["people"]] == ["bob"]
    assert by_role.context["page_query"] == f"office={world.office_a.pk}&role=office_manager&"
    # Another site's office is not offered, and asking for it is an error, not a leak.
    other = client.get(reverse("staff:list"), {"office": world.office_b.pk})
    assert other.context["form"].errors and "charlie" not in other.content.decode()


def test_the_list_is_paginated_in_a_fixed_number_of_queries(
        world: World, site_admin: User, django_assert_max_num_queries) -> None:
    client = world.client_for(site_admin)
    client.get(reverse("staff:list"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("staff:list"))
    for i in range(30):
        StaffMembershipFactory(user=UserFactory(username=f"c{i:02}", role=Role.COUNSELLOR),
                               office=world.office_a2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("staff:list"))
    assert page.context["page"].paginator.count == 35
    assert len(page.context["people"]) == 25
    assert 'rel="next"' in page.content.decode()


def test_inviting_from_the_page_sends_the_email(world: World, site_admin: User,
                                                django_capture_on_commit_callbacks) -> None:
    client = world.client_for(site_admin)
    page = client.get(reverse("staff:invite"))
    office_choices = [choice[1] for choice in page.context["form"].fields["office"].choices]
    assert "Xihu (Hangzhou)" not in office_choices and "Kadıköy (Istanbul)" in office_choices
    assert "platform_administrator" not in str(page.context["form"].fields["role"].choices)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:invite"), {
            "email": "mehmet@example.org", "first_name": "Mehmet", "last_name": "Kaya",
            "role": Role.COUNSELLOR, "office": world.office_a.pk,
            "site": world.office_a.site_id})
    assert response.status_code == 302 and response["Location"] == reverse("staff:invite")
    invitation = StaffInvitation.objects.get()
    assert (invitation.role, invitation.office) == (Role.COUNSELLOR, world.office_a)
    assert len(mail.outbox) == 1
    assert "mehmet@example.org" in client.get(reverse("staff:invite")).content.decode()


def test_errors_are_named_on_their_fields(world: World, site_admin: User) -> None:
    client = world.client_for(site_admin)
    refused = client.post(reverse("staff:invite"), {
        "email": "sara@example.org", "first_name": "Sara", "role": Role.OFFICE_MANAGER,
        "site": world.office_a.site_id})
    html = refused.content.decode()
    assert refused.status_code == 200 and not StaffInvitation.objects.exists()
    # The form's own error (an office is needed) and the action's (address in use).
    assert 'href="#id_office"' in html and 'href="#id_email"' in html
    assert re.search(r'id="id_office"[^>]*aria-describedby="id_office-help id_office-error"',
                     html) or re.search(
        r'aria-describedby="id_office-help id_office-error"[^>]*id="id_office"', html)
    assert 'id="id_email-error"' in html


def test_changing_a_role_and_office_on_the_page(world: World, site_admin: User) -> None:
    client = world.client_for(site_admin)
    url = reverse("staff:edit", args=[world.alice.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["office"] == world.office_a
    response = client.post(url, {"role": Role.OFFICE_MANAGER, "office": world.office_a2.pk,
                                 "site": world.office_a.site_id})
    assert response.status_code == 302 and response["Location"] == url
    world.alice.refresh_from_db()
    assert world.alice.role == Role.OFFICE_MANAGER
    assert StaffMembership.objects.get(user=world.alice).office == world.office_a2


def test_demoting_the_last_administrator_is_refused_on_the_page(
        world: World, site_admin: User) -> None:
    response = world.client_for(world.judy).post(
        reverse("staff:edit", args=[site_admin.pk]),
        {"role": Role.ANALYST, "site": world.office_a.site_id})
    assert response.status_code == 200
    assert "last administrator" in response.content.decode()
    assert 'href="#id_role"' in response.content.decode()


def test_an_administrator_sees_no_form_for_their_own_account(
        world: World, site_admin: User) -> None:
    page = world.client_for(site_admin).get(reverse("staff:edit", args=[site_admin.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("staff:deactivate", args=[site_admin.pk]) not in html
    assert 'name="role"' not in html


def test_deactivating_asks_first_then_ends_the_account(world: World, site_admin: User) -> None:
    client = world.client_for(site_admin)
    url = reverse("staff:deactivate", args=[world.alice.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    world.alice.refresh_from_db()
    assert world.alice.is_active  # asking changes nothing
    response = client.post(url)
    assert response["Location"] == reverse("staff:edit", args=[world.alice.pk])
    world.alice.refresh_from_db()
    assert not world.alice.is_active
    client.post(reverse("staff:reactivate", args=[world.alice.pk]))
    world.alice.refresh_from_db()
    assert world.alice.is_active


def test_deactivating_oneself_is_refused_plainly(world: World, site_admin: User) -> None:
    response = world.client_for(site_admin).post(
        reverse("staff:deactivate", args=[site_admin.pk]))
    assert response.status_code == 200
    assert "cannot deactivate your own account" in response.content.decode()
    site_admin.refresh_from_db()
    assert site_admin.is_active


def test_an_account_locked_by_failed_sign_ins_is_shown_and_unlocked(
        world: World, site_admin: User, settings) -> None:
    guesser = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        guesser.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    client = world.client_for(site_admin)
    [summary] = client.get(reverse("staff:home")).context["summaries"]
    assert summary.locked_out == 1
    listed = client.get(reverse("staff:list"))
    assert [m.username for m, _p, locked in listed.context["people"] if locked] == ["alice"]
    edit = client.get(reverse("staff:edit", args=[world.alice.pk]))
    assert reverse("staff:unlock", args=[world.alice.pk]) in edit.content.decode()
    assert client.get(reverse("staff:unlock", args=[world.alice.pk])).status_code == 405
    response = client.post(reverse("staff:unlock", args=[world.alice.pk]))
    assert response["Location"] == reverse("staff:edit", args=[world.alice.pk])
    assert client.get(reverse("staff:home")).context["summaries"][0].locked_out == 0
    assert AuditEntry.objects.filter(action="staff.unlock_staff_member").exists()
    # Nobody else may: 404 like every page here.
    assert world.client_for(world.bob).post(
        reverse("staff:unlock", args=[world.alice.pk])).status_code == 404
