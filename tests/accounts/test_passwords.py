"""Passwords: Argon2 in production, change when signed in, reset by email."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from decentwork import settings as project_settings
from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.accounts.models import User
from decentwork.audit.models import AuditEntry
from tests.conftest import World, sign_in

NEW_PASSWORD = "a quite different passphrase 77"


def test_production_settings_hash_new_passwords_with_argon2(db: None) -> None:
    # The test run swaps in MD5 for speed (tests/conftest.py); the project's own list
    # is read from the settings module.
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert make_password("anything at all").startswith("argon2$")


def test_an_old_pbkdf2_hash_still_works_and_is_upgraded_at_sign_in(world: World) -> None:
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        user = world.sam_user
        user.password = make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
        user.save(update_fields=["password"])
        assert sign_in(Client(), "sam", TEST_PASSWORD)
        user.refresh_from_db()
        assert user.password.startswith("argon2$")


def test_a_signed_in_person_changes_their_password(world: World) -> None:
    client = world.client_for(world.sam_user)
    page = client.get(reverse("accounts:password_change"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<label for="id_old_password">' in html and 'id="id_new_password1-help"' in html
    wrong = client.post(reverse("accounts:password_change"), {
        "old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200
    assert 'aria-describedby="id_old_password-error"' in wrong.content.decode()
    done = client.post(reverse("accounts:password_change"), {
        "old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD}, follow=True)
    assert done.request["PATH_INFO"] == reverse("accounts:security")
    assert "Your password was changed." in done.content.decode()
    world.sam_user.refresh_from_db()
    assert check_password(NEW_PASSWORD, world.sam_user.password)
    assert AuditEntry.objects.filter(action="accounts.password_change",
                                     actor=world.sam_user).count() == 1
    # Still signed in on this device.
    assert client.get(reverse("accounts:security")).status_code == 200


def test_password_change_needs_a_signed_in_person(db: None) -> None:
    page = Client().get(reverse("accounts:password_change"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:login"))


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _ask_reset(client: Client, email: str) -> Any:
    return client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)


def test_a_reset_link_by_email_sets_a_new_password(world: World) -> None:
    world.sam_user.email = "sam@example.org"
    world.sam_user.save(update_fields=["email"])
    page = _ask_reset(Client(), "sam@example.org")
    assert page.request["PATH_INFO"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    assert TEST_PASSWORD not in mail.outbox[0].body
    client = Client()
    form = client.get(link[1], follow=True)  # Django moves the token into the session
    assert form.context["validlink"]
    done = client.post(form.request["PATH_INFO"], {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert done.request["PATH_INFO"] == reverse("accounts:password_reset_complete")
    assert sign_in(Client(), "sam", NEW_PASSWORD)
    assert not sign_in(Client(), "sam", TEST_PASSWORD)
    # The link worked once.
    assert not Client().get(link[1], follow=True).context["validlink"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.password_reset_request", "accounts.password_reset"} <= actions


def test_reset_does_not_say_whether_an_address_has_an_account(world: World) -> None:
    world.sam_user.email = "sam@example.org"
    world.sam_user.save(update_fields=["email"])
    known = _ask_reset(Client(), "sam@example.org")
    unknown = _ask_reset(Client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.request["PATH_INFO"] == unknown.request["PATH_INFO"]
    assert _without_tokens(known.content.decode()) == _without_tokens(unknown.content.decode())
    assert len(mail.outbox) == 1


def test_a_reset_link_expires(world: World, settings: Any) -> None:
    world.sam_user.email = "sam@example.org"
    world.sam_user.save(update_fields=["email"])
    _ask_reset(Client(), "sam@example.org")
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is already too old
    page = Client().get(link[1], follow=True)
    assert not page.context["validlink"]
    assert "too old" in page.content.decode()


def test_reset_requests_count_against_the_address_limit(world: World, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 4
    client = Client()
    answers = [_ask_reset(client, f"person{n}@example.org").status_code for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    # The address is paused for signing in too, even with a right password.
    assert not sign_in(Client(), "sam", TEST_PASSWORD)
    # From another address, Sam signs in as usual: his own account was never locked.
    assert Client(REMOTE_ADDR="10.0.0.9").post(
        reverse("accounts:login"), {"username": "sam", "password": TEST_PASSWORD}
    ).status_code == 302


@pytest.mark.parametrize("name", ["password_reset", "password_reset_done",
                                  "password_reset_complete"])
def test_reset_pages_are_open_to_anyone(db: None, name: str) -> None:
    assert Client().get(reverse(f"accounts:{name}")).status_code == 200


def test_reset_email_uses_the_project_templates(world: World) -> None:
    user = User.objects.get(username="sam")
    user.email = "sam@example.org"
    user.save(update_fields=["email"])
    _ask_reset(Client(), "sam@example.org")
    assert mail.outbox[0].subject == "Choose a new password for Decent Work Exchange"
    assert "the account sam at Decent Work Exchange" in mail.outbox[0].body
