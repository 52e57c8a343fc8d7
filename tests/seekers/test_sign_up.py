"""A person signs up at an office on their own, and lands on their profile signed in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from decentwork.accounts.models import Role, User
from decentwork.audit.models import AuditEntry
from decentwork.seekers.actions import sign_up_seeker
from decentwork.seekers.models import JobSeeker
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World, sign_in

URL = "/seekers/sign-up/"
STRONG = "lavender-harbour-91"


def _form(world: World, **changes: Any) -> dict[str, Any]:
    return {"first_name": "Amina", "last_name": "Haddad", "email": "Amina.Haddad@Example.org",
            "password": STRONG, "password2": STRONG, "preferred_language": "ar",
            "office": str(world.office_a.pk), "agree_privacy": "on", **changes}


def test_the_page_lists_offices_by_site_and_languages_by_their_own_names(world: World) -> None:
    html = Client().get(URL).content.decode()
    office = world.office_a.pk
    assert re.search(rf'<optgroup label="Istanbul">\s*<option value="{office}">Kadıköy</option>',
                     html)
    assert '<optgroup label="Hangzhou">' in html
    assert '<option value="tr" lang="tr">Türkçe</option>' in html
    assert '<option value="ar" lang="ar">العربيّة</option>' in html
    assert 'autocomplete="new-password"' in html and 'autocomplete="email"' in html
    assert 'id="privacy-notice"' in html and 'name="agree_privacy"' in html


def test_signing_up_creates_the_login_and_record_and_signs_in(world: World) -> None:
    client = Client()
    response = client.post(URL, _form(world))
    assert response.status_code == 302
    assert response["Location"] == reverse("seekers:my_profile")
    user = User.objects.get(username="amina.haddad@example.org")
    assert (user.email, user.role, user.preferred_language) == (
        "amina.haddad@example.org", Role.JOB_SEEKER, "ar")
    assert user.check_password(STRONG)
    seeker = JobSeeker.objects.get(user=user)
    assert (seeker.office, seeker.first_name, seeker.last_name) == (
        world.office_a, "Amina", "Haddad")
    assert seeker.registered_on == timezone.localdate()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    profile = client.get(reverse("seekers:my_profile"))
    assert profile.status_code == 200 and profile.context["seeker"] == seeker
    assert AuditEntry.objects.filter(action="seekers.sign_up_seeker", actor=user,
                                     target_id=str(seeker.pk)).exists()
    # And the password works on the sign-in page, with the address in any case.
    assert sign_in(Client(), "amina.haddad@example.org", STRONG)


def test_a_person_with_one_name_can_sign_up(world: World) -> None:
    assert Client().post(URL, _form(world, last_name="")).status_code == 302
    assert JobSeeker.objects.get(first_name="Amina").last_name == ""


def test_an_email_in_use_is_refused_on_the_email_field(world: World) -> None:
    world.sam_user.email = "amina.haddad@example.org"
    world.sam_user.save(update_fields=["email"])
    page = Client().post(URL, _form(world))
    html = page.content.decode()
    assert page.status_code == 200
    assert "already an account with this email address" in page.context["form"].errors["email"][0]
    assert 'aria-describedby="id_email-help id_email-error"' in html
    assert 'role="alert"' in html and 'href="#id_email"' in html
    assert not JobSeeker.objects.filter(first_name="Amina").exists()


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"password": "password", "password2": "password"}, "password", "too common"),
    ({"password": "Haddad2024", "password2": "Haddad2024"}, "password", "too similar"),
    ({"password2": "something-else-42"}, "password2", "not the same"),
    ({"agree_privacy": ""}, "agree_privacy", "privacy notice"),
    ({"first_name": ""}, "first_name", "required"),
    ({"email": "not an address"}, "email", "valid email"),
    ({"office": "999999"}, "office", "valid choice"),
    ({"preferred_language": "xx"}, "preferred_language", "valid choice"),
])
def test_each_problem_is_named_on_its_field(world: World, changes: dict[str, str], field: str,
                                            words: str) -> None:
    page = Client().post(URL, _form(world, **changes))
    html = page.content.decode()
    errors = page.context["form"].errors
    assert set(errors) == {field}
    assert words in " ".join(errors[field])
    assert f'id="id_{field}-error"' in html and f'href="#id_{field}"' in html
    assert not User.objects.filter(role=Role.JOB_SEEKER).exclude(pk=world.sam_user.pk).exists()


def test_the_action_reports_every_problem_at_once(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        sign_up_seeker(office=world.office_a, first_name=" ", last_name="", email="nope",
                       password=STRONG, preferred_language="xx")
    assert set(raised.value.message_dict) == {"first_name", "email", "preferred_language"}
    assert not JobSeeker.objects.filter(office=world.office_a, user__isnull=False).exclude(
        pk=world.sam.pk).exists()


def test_a_weak_password_leaves_nothing_half_written(world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        sign_up_seeker(office=world.office_a, first_name="Amina", last_name="Haddad",
                       email="amina@example.org", password="123", preferred_language="en")
    assert set(raised.value.message_dict) == {"password"}
    assert not User.objects.filter(username="amina@example.org").exists()


def test_signed_in_people_are_sent_home(world: World) -> None:
    response = world.client_for(world.alice).get(URL)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_the_sign_in_page_links_to_sign_up(db: None) -> None:
    html = Client().get(reverse("accounts:login")).content.decode()
    assert f'href="{URL}"' in html


@pytest.mark.browser
def test_signing_up_with_the_keyboard_on_a_phone(page: Page, world: World) -> None:
    """Tab order follows the form; a mistake is announced and its link leads to the
    input; the person lands on their profile, signed in. No sideways scrolling."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(reverse("accounts:login"))
    page.get_by_role("link", name="Create an account").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_fits_and_accessible(page)
    page.get_by_label("First name").focus()
    page.keyboard.type("Amina")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Family name")).to_be_focused()
    page.keyboard.type("Haddad")
    page.keyboard.press("Tab")
    page.keyboard.type("amina@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("password")  # too common: refused
    page.keyboard.press("Tab")
    page.keyboard.type("password")
    page.get_by_label("Your employment office").select_option(label="Kadıköy")
    page.get_by_label("I have read the privacy notice").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Create my account").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("This password is too common.")
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    password = page.get_by_label("Choose a password")
    expect(password).to_be_focused()
    assert_fits_and_accessible(page)
    page.keyboard.type(STRONG)
    page.keyboard.press("Tab")
    page.keyboard.type(STRONG)
    page.get_by_label("I have read the privacy notice").focus()
    if not page.get_by_label("I have read the privacy notice").is_checked():
        page.keyboard.press("Space")
    page.get_by_role("button", name="Create my account").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    assert JobSeeker.objects.get(user__username="amina@example.org").office == world.office_a
    assert_fits_and_accessible(page)


def assert_fits_and_accessible(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
    assert_accessible(page)
