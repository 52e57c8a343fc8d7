"""The staff endpoints: the same rules as the pages, through the same actions."""

from __future__ import annotations

import pytest
from django.core import mail

from decentwork.accounts.models import Role, User
from decentwork.network.models import StaffMembership
from decentwork.staff.models import StaffInvitation
from tests.conftest import World

NOT_ADMINISTRATORS = ["alice", "bob", "dana", "charlie", "erin", "sam_user", "ivan"]


def _usernames(response) -> set[str]:
    return {item["username"] for item in response.json()["items"]}


def test_a_site_administrator_lists_their_sites_staff(world: World, site_admin: User) -> None:
    client = world.client_for(site_admin)
    response = client.get("/api/staff")
    assert response.status_code == 200
    assert _usernames(response) == {"alice", "bob", "dana", "ivan", "sara"}
    alice = next(i for i in response.json()["items"] if i["username"] == "alice")
    assert (alice["role"], alice["office_id"], alice["site_id"], alice["is_active"]) == (
        "counsellor", world.office_a.pk, world.office_a.site_id, True)
    by_office = client.get("/api/staff", {"office_id": world.office_a2.pk})
    assert _usernames(by_office) == {"dana"}
    by_role = client.get("/api/staff", {"role": "analyst"})
    assert _usernames(by_role) == {"ivan"}
    # Another site's office matches nobody rather than everybody.
    assert _usernames(client.get("/api/staff", {"office_id": world.office_b.pk})) == set()


def test_a_platform_administrator_lists_every_site(world: World) -> None:
    client = world.client_for(world.judy)
    everyone = _usernames(client.get("/api/staff", {"limit": 200}))
    assert {"alice", "charlie", "ivan", "judy"} <= everyone
    assert "erin" not in everyone and "sam" not in everyone
    assert _usernames(client.get("/api/staff", {"site_id": world.office_b.site_id})) == {
        "charlie"}


@pytest.mark.parametrize("name", NOT_ADMINISTRATORS)
def test_nobody_else_sees_or_touches_staff(world: World, name: str) -> None:
    client = world.client_for(world.persona(name))
    assert client.get("/api/staff").status_code == 403
    assert client.get(f"/api/staff/{world.dana.pk}").status_code == 404
    for action in ("change", "deactivate", "reactivate"):
        response = client.post(f"/api/staff/{world.dana.pk}/{action}",
                               {"role": "office_manager", "office_id": world.office_a2.pk},
                               content_type="application/json")
        assert response.status_code == 404, action
    invited = client.post("/api/staff/invitations", {
        "email": "x@example.org", "first_name": "X", "role": "counsellor",
        "office_id": world.office_a.pk}, content_type="application/json")
    assert invited.status_code == 403
    assert not StaffInvitation.objects.exists()
    world.dana.refresh_from_db()
    assert world.dana.is_active and world.dana.role == Role.COUNSELLOR


def test_anonymous_is_refused(world: World) -> None:
    assert world.client_for(None).get("/api/staff").status_code == 401


def test_invite_through_the_api(world: World, site_admin: User,
                                django_capture_on_commit_callbacks) -> None:
    client = world.client_for(site_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/staff/invitations", {
            "email": "mehmet@example.org", "first_name": "Mehmet", "role": "office_manager",
            "office_id": world.office_a2.pk}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["email"], body["role"], body["office_id"], body["site_id"]) == (
        "mehmet@example.org", "office_manager", world.office_a2.pk, world.office_a.site_id)
    assert "token" not in str(body) and len(mail.outbox) == 1


def test_refusals_name_the_api_fields(world: World, site_admin: User) -> None:
    client = world.client_for(site_admin)
    elsewhere = client.post("/api/staff/invitations", {
        "email": "li@example.org", "first_name": "Li", "role": "counsellor",
        "office_id": world.office_b.pk}, content_type="application/json")
    assert elsewhere.status_code == 422
    assert [d["loc"] for d in elsewhere.json()["detail"]] == [["body", "office_id"]]
    missing = client.post("/api/staff/invitations", {
        "email": "li@example.org", "first_name": "Li", "role": "counsellor"},
        content_type="application/json")
    assert [d["loc"] for d in missing.json()["detail"]] == [["body", "office_id"]]
    platform = client.post("/api/staff/invitations", {
        "email": "li@example.org", "first_name": "Li", "role": "administrator"},
        content_type="application/json")
    assert [d["loc"] for d in platform.json()["detail"]] == [["body", "site_id"]]
    duplicate_body = {"email": "li@example.org", "first_name": "Li", "role": "analyst",
                      "site_id": world.office_a.site_id}
    assert client.post("/api/staff/invitations", duplicate_body,
                       content_type="application/json").status_code == 201
    duplicate = client.post("/api/staff/invitations", duplicate_body,
                            content_type="application/json")
    assert [d["loc"] for d in duplicate.json()["detail"]] == [["body", "email"]]


def test_change_and_deactivate_through_the_api(world: World, site_admin: User) -> None:
    client = world.client_for(site_admin)
    changed = client.post(f"/api/staff/{world.dana.pk}/change",
                          {"role": "office_manager", "office_id": world.office_a.pk},
                          content_type="application/json")
    assert changed.status_code == 200
    assert (changed.json()["role"], changed.json()["office_id"]) == (
        "office_manager", world.office_a.pk)
    assert StaffMembership.objects.get(user=world.dana).office == world.office_a
    off = client.post(f"/api/staff/{world.dana.pk}/deactivate")
    assert off.status_code == 200 and off.json()["is_active"] is False
    on = client.post(f"/api/staff/{world.dana.pk}/reactivate")
    assert on.json()["is_active"] is True
    myself = client.post(f"/api/staff/{site_admin.pk}/deactivate")
    assert myself.status_code == 422
    assert [d["loc"] for d in myself.json()["detail"]] == [["body", "is_active"]]
    other_site = client.post(f"/api/staff/{world.charlie.pk}/deactivate")
    assert other_site.status_code == 404
