"""From the administrator's invitation to the new colleague's first sign-in, by the
link in the email; links that cannot be used say why; a deactivated account cannot
sign in any more, by any door."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from decentwork import clock
from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.accounts.models import Role, User
from decentwork.accounts.scope import scope_of
from decentwork.staff.actions import accept_staff_invitation, invite_staff
from decentwork.staff.models import StaffInvitation
from tests.conftest import World

STRONG = "lavender-harbour-91"


def _link_in_email() -> str:
    [message] = mail.outbox
    match = re.search(r"http://\S+/staff/join/\S+/", message.body)
    assert match is not None, message.body
    return match.group(0).removeprefix("http://127.0.0.1:8000")


def test_an_invited_office_manager_signs_up_by_the_emailed_link(
        world: World, site_admin: User, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for(site_admin).post(reverse("staff:invite"), {
            "email": "mehmet@example.org", "first_name": "Mehmet", "last_name": "Kaya",
            "role": Role.OFFICE_MANAGER, "office": world.office_a2.pk})
    link = _link_in_email()
    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "mehmet@example.org" in html and "Üsküdar" in html
    mismatched = newcomer.post(link, {"username": "mehmet", "password": STRONG,
                                      "password2": STRONG + "x"})
    assert 'href="#id_password2"' in mismatched.content.decode()
    weak = newcomer.post(link, {"username": "mehmet", "password": "mehmetkaya",
                                "password2": "mehmetkaya"})
    assert 'id="id_password-error"' in weak.content.decode()
    assert not User.objects.filter(username="mehmet").exists()
    response = newcomer.post(link, {"username": "mehmet", "password": STRONG,
                                    "password2": STRONG})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    mehmet = User.objects.get(username="mehmet")
    assert newcomer.session["_auth_user_id"] == str(mehmet.pk)
    scope = scope_of(mehmet)
    assert scope.is_office_manager and scope.office_id == world.office_a2.pk
    # Their first page is the setup of their second factor.
    first = newcomer.get(reverse("home"), follow=True)
    assert first.redirect_chain[-1][0].startswith(reverse("accounts:second_factor_setup"))
    # The link worked once.
    assert Client().get(link).status_code == 410


def test_links_that_cannot_be_used_say_why(world: World, site_admin: User) -> None:
    _invitation, token = invite_staff(site_admin, email="mehmet@example.org",
                                      first_name="Mehmet", role=Role.ANALYST,
                                      site=world.office_a.site)
    url = reverse("staff:accept", args=[token])
    unknown = Client().get(reverse("staff:accept", args=["not-a-token"]))
    assert unknown.status_code == 404 and "We do not know this link" in unknown.content.decode()
    with clock.travel_to(clock.now() + dt.timedelta(days=8)):
        expired = Client().get(url)
    assert expired.status_code == 410 and "An invitation works for 7 days" in (
        expired.content.decode())
    accept_staff_invitation(token, username="mehmet", password=STRONG)
    used = Client().get(url)
    assert used.status_code == 410 and "has been used already" in used.content.decode()
    assert Client().post(url, {"username": "other", "password": STRONG,
                               "password2": STRONG}).status_code == 410
    assert StaffInvitation.objects.get().user == User.objects.get(username="mehmet")


def test_a_deactivated_account_cannot_sign_in(world: World, site_admin: User) -> None:
    signed_in = world.client_for(world.alice)
    world.client_for(site_admin).post(reverse("staff:deactivate", args=[world.alice.pk]))
    # The session open before is over...
    assert signed_in.get(reverse("seekers:caseload")).status_code == 302
    assert signed_in.get("/api/seekers").status_code == 401
    # ...and the right password opens no new one.
    client = Client()
    refused = client.post(reverse("accounts:login"), {"username": "alice",
                                                      "password": TEST_PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    # Let back in, the same password is accepted again (a second step may follow).
    world.client_for(site_admin).post(reverse("staff:reactivate", args=[world.alice.pk]))
    accepted = Client().post(reverse("accounts:login"), {"username": "alice",
                                                         "password": TEST_PASSWORD})
    assert accepted.status_code == 302
