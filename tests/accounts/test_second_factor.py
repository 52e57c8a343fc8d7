"""The second factor: required for staff roles, set up with a QR code and a typed
secret, passed with a code or a single-use recovery code, checked on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.accounts.second_factor import (
    authenticator_of,
    code_now,
    needs_second_factor,
    recovery_codes_left,
)
from decentwork.audit.models import AuditEntry
from decentwork.demo.authenticators import install_demo_authenticators
from decentwork.demo.models import DemoAccount
from tests.conftest import World, authenticator_for, sign_in

STEP = "/accounts/second-factor/"
SETUP = "/accounts/second-factor/setup/"


def _password_step(username: str) -> tuple[Client, Any]:
    client = Client()
    page = client.post(reverse("accounts:login"),
                       {"username": username, "password": TEST_PASSWORD})
    return client, page


def _enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    """Set up an authenticator on the setup page; the codes on the page that follows."""
    page = client.get(SETUP)
    secret = re.search(r'<p class="secret"><code>([A-Z2-7 ]+)</code>', page.content.decode())
    assert secret
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(SETUP, {"code": code_now(device), "next": "/seekers/"}, follow=True)
    assert done.request["PATH_INFO"] == reverse("accounts:recovery_codes")
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>",
                       done.content.decode())
    device.refresh_from_db()
    return device, codes


@pytest.mark.parametrize(("persona", "needs"), [
    ("alice", True), ("bob", True), ("ivan", True), ("judy", True),
    ("sam_user", False), ("erin", False),
])
def test_staff_roles_and_administrators_need_a_second_factor(world: World, persona: str,
                                                             needs: bool) -> None:
    assert needs_second_factor(world.persona(persona)) is needs


def test_anyone_who_may_open_the_django_admin_needs_one(world: World) -> None:
    world.erin.is_staff = True
    assert needs_second_factor(world.erin)


def test_a_seeker_goes_straight_in_after_the_password(world: World) -> None:
    client, page = _password_step("sam")
    assert page.status_code == 302 and page["Location"] == "/"
    assert client.get(reverse("seekers:my_profile")).status_code == 200


def test_first_sign_in_of_a_counsellor_sets_up_the_app_then_shows_codes_once(
        world: World) -> None:
    client, page = _password_step("alice")
    assert page["Location"].startswith(SETUP)
    # No page of the site before the second factor.
    assert client.get("/seekers/")["Location"].startswith(SETUP)
    setup = client.get(SETUP).content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", setup, re.S)
    assert svg and 'role="img"' in svg[0] and "<title>QR code for your authenticator app</title>" in svg[0]
    assert "style=" not in setup and "<script" not in setup
    device = TOTPDevice.objects.get(user=world.alice, confirmed=False)
    secret = re.search(r'<p class="secret"><code>([A-Z2-7 ]+)</code>', setup)
    assert secret and len(secret[1].split()) == 8  # 32 characters in groups of four
    # Reloading keeps the same secret: what was scanned stays valid.
    assert secret[1] in client.get(SETUP).content.decode()

    wrong = client.post(SETUP, {"code": "000000"})
    assert wrong.status_code == 200
    assert 'aria-describedby="id_code-help id_code-error"' in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_timestamp = None  # the wrong code's one-second pause is over
    device.save()

    _device, codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/seekers/").status_code == 200  # verified now
    download = client.get(reverse("accounts:recovery_codes_download"))
    assert download["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
    assert all(code in download.content.decode() for code in codes)
    saved = client.post(reverse("accounts:recovery_codes"), {"next": "/seekers/"})
    assert saved["Location"] == "/seekers/"
    # Shown once: gone from the page and the download after "I have saved them".
    assert client.get(reverse("accounts:recovery_codes"))["Location"] == reverse(
        "accounts:security")
    assert client.get(reverse("accounts:recovery_codes_download")).status_code == 404
    assert AuditEntry.objects.filter(action="accounts.second_factor_enrolled",
                                     actor=world.alice).count() == 1


def test_next_sign_in_asks_for_the_code_from_the_app(world: World) -> None:
    device = authenticator_for(world.alice)
    assert device is not None
    client, page = _password_step("alice")
    assert page["Location"].startswith(STEP)
    step = client.get(page["Location"])
    html = step.content.decode()
    assert '<label for="id_code">Code</label>' in html and 'autocomplete="one-time-code"' in html
    wrong = client.post(STEP, {"code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # the wrong code's one-second pause is over
    device.save()
    right = client.post(STEP, {"code": code_now(device), "next": "/seekers/"})
    assert right["Location"] == "/seekers/"
    assert client.get("/seekers/").status_code == 200
    assert AuditEntry.objects.filter(action="accounts.second_factor_verified",
                                     actor=world.alice, details__method="totp").exists()
    assert AuditEntry.objects.filter(action="accounts.second_factor_failed",
                                     actor=world.alice).exists()


def test_a_code_is_accepted_once(world: World) -> None:
    device = authenticator_for(world.alice)
    assert device is not None
    code = code_now(device)
    first, _ = _password_step("alice")
    assert first.post(STEP, {"code": code})["Location"] == "/"
    second, _ = _password_step("alice")
    assert second.post(STEP, {"code": code}).status_code == 200  # refused, the form again


def test_wrong_codes_are_throttled(world: World) -> None:
    device = authenticator_for(world.alice)
    assert device is not None
    client, _ = _password_step("alice")
    client.post(STEP, {"code": "111111"})
    client.post(STEP, {"code": "222222"})
    device.refresh_from_db()
    # Even the right code is not checked during the pause after two failures.
    paused = client.post(STEP, {"code": code_now(device)})
    assert paused.status_code == 200
    assert "Too many wrong codes. Wait" in paused.content.decode()
    assert AuditEntry.objects.filter(action="accounts.second_factor_failed",
                                     details__throttled=True).exists()


def test_a_recovery_code_works_once(world: World) -> None:
    client, _ = _password_step("alice")
    _device, codes = _enrol(client)
    client.post(reverse("accounts:logout"))
    again, _ = _password_step("alice")
    used = again.post(STEP, {"code": codes[3].upper().replace("-", " "), "next": "/seekers/"},
                      follow=True)
    assert used.request["PATH_INFO"] == "/seekers/"
    assert "You used a recovery code. 9 are left" in used.content.decode()
    assert recovery_codes_left(world.alice) == 9
    assert AuditEntry.objects.filter(action="accounts.recovery_code_used",
                                     details__remaining=9).exists()
    third, _ = _password_step("alice")
    assert third.post(STEP, {"code": codes[3]}).status_code == 200  # spent


def test_the_api_answers_403_until_the_second_factor(world: World) -> None:
    authenticator_for(world.alice)
    client, _ = _password_step("alice")
    answer = client.get("/api/seekers")
    assert answer.status_code == 403
    assert answer.json()["detail"].startswith("Confirm your sign-in")


def test_the_django_admin_needs_the_second_factor(world: World) -> None:
    world.judy.is_staff = world.judy.is_superuser = True
    world.judy.save(update_fields=["is_staff", "is_superuser"])
    authenticator_for(world.judy)
    client = Client()
    signed_in = client.post("/admin/login/?next=/admin/",
                            {"username": "judy", "password": TEST_PASSWORD})
    assert signed_in.status_code == 302
    assert client.get("/admin/")["Location"].startswith(STEP)
    assert world.client_for(world.judy).get("/admin/").status_code == 200


def test_pages_open_before_the_second_factor(world: World) -> None:
    authenticator_for(world.alice)
    client, _ = _password_step("alice")
    assert client.get(STEP).status_code == 200
    assert client.post(reverse("set_language"), {"language": "tr", "next": STEP}
                       )["Location"] == STEP
    assert client.get(reverse("accounts:security"))["Location"].startswith(STEP)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_password_alone_cannot_replace_the_authenticator(world: World) -> None:
    device = authenticator_for(world.alice)
    client, _ = _password_step("alice")
    assert client.get(SETUP)["Location"].startswith(STEP)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(STEP)
    assert list(TOTPDevice.objects.filter(user=world.alice)) == [device]


def test_a_verified_user_moves_to_a_new_phone(world: World) -> None:
    old = authenticator_for(world.alice)
    client = world.client_for(world.alice)
    assert "Move to a new phone or app" in client.get(reverse("accounts:security")
                                                      ).content.decode()
    new = client.get(SETUP)
    assert "replaces the authenticator app you use now" in new.content.decode()
    pending = TOTPDevice.objects.get(user=world.alice, confirmed=False)
    client.post(SETUP, {"code": code_now(pending)})
    assert authenticator_of(world.alice) == pending
    assert not TOTPDevice.objects.filter(pk=old.pk if old else 0).exists()


def test_the_security_page_counts_and_renews_recovery_codes(world: World) -> None:
    client, _ = _password_step("alice")
    _device, codes = _enrol(client)
    client.post(reverse("accounts:recovery_codes"))
    page = client.get(reverse("accounts:security")).content.decode()
    assert "You have 10 unused recovery codes." in page
    renewed = client.post(reverse("accounts:regenerate_recovery_codes"), follow=True)
    new_codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>",
                           renewed.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    assert StaticToken.objects.filter(device__user=world.alice).count() == 10
    assert not StaticToken.objects.filter(token=codes[0].replace("-", "")).exists()
    assert AuditEntry.objects.filter(action="accounts.recovery_codes_regenerated").exists()


def test_the_security_page_is_in_the_menu(world: World) -> None:
    for persona in ("alice", "sam_user"):
        page = world.client_for(world.persona(persona)).get("/", follow=True).content.decode()
        assert f'href="{reverse("accounts:security")}"' in page


def test_a_seeker_security_page_has_no_second_factor(world: World) -> None:
    page = world.client_for(world.sam_user).get(reverse("accounts:security")).content.decode()
    assert "Change your password" in page and "Second factor" not in page
    assert world.client_for(world.sam_user).get(SETUP)["Location"] == "/"


def test_the_demo_shows_its_staff_the_current_code_only_in_debug(world: World,
                                                                 settings: Any) -> None:
    DemoAccount.objects.create(user=world.alice)
    install_demo_authenticators(seed=7)
    device = authenticator_of(world.alice)
    assert device is not None
    client, _ = _password_step("alice")
    settings.DEBUG = True
    shown = re.search(r"would show <code>(\d{6})</code>", client.get(STEP).content.decode())
    assert shown and shown[1] == code_now(device)
    settings.DEBUG = False
    assert "would show" not in client.get(STEP).content.decode()
    # Someone who is not a demo account never sees a code.
    settings.DEBUG = True
    authenticator_for(world.bob)
    bob, _ = _password_step("bob")
    assert "would show" not in bob.get(STEP).content.decode()


def test_demo_authenticators_follow_the_seed(world: World) -> None:
    DemoAccount.objects.create(user=world.alice)
    first = install_demo_authenticators(seed=7)[0].key
    assert install_demo_authenticators(seed=7)[0].key == first
    assert install_demo_authenticators(seed=8)[0].key != first


def test_client_for_passes_the_second_factor_like_the_step_would(world: World) -> None:
    assert world.client_for(world.ivan).get(reverse("insights:site_overview")).status_code == 200
    assert sign_in(Client(), "ivan", TEST_PASSWORD)
