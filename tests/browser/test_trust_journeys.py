"""Trust, end to end in Chromium, by keyboard only, with axe on every page (issue 18).

Alice, a counsellor without an authenticator yet, signs in: her password leads to
setting up the app. The test reads the secret printed on the page (not the QR code,
not the database) and computes the app's code from it, as an app would; she keeps
her recovery codes and reaches her caseload. Signing in again asks for a code: a
wrong one is refused on the field, the right one lets her in, and a recovery code
works once and only once.

Sam, a job seeker, goes from his page to "Your data": he downloads the JSON file
(it holds him and nobody else) and opens the printable page, withdraws one consent
after the confirmation step, asks for erasure (the page says on which day) and
changes his mind.

Then every one of these pages, in Arabic (right to left) on a 360-pixel screen,
must not scroll sideways and must pass axe, error states included.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from base64 import b32decode
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Locator, Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.accounts.models import User
from decentwork.privacy.models import ErasureRequest, ErasureState
from decentwork.seekers.actions import declare_target_group, grant_consent
from decentwork.seekers.models import Consent, ConsentScope, JobSeeker
from tests.browser.axe_checks import assert_accessible
from tests.browser.test_casework_journey import read_in
from tests.browser.test_casework_journey import sign_out as sign_out_in_any_language
from tests.browser.test_exchange_journey import fill, press, sign_out, tab_to
from tests.conftest import World

pytestmark = pytest.mark.browser

NARROW = 360
CODES_PER_SET = 10
SAM_FAMILY_NAME = "Yıldırım"
TESS_FAMILY_NAME = "Karakaya"
PROPOSAL = ConsentScope.PROPOSAL_TO_EMPLOYERS


# The authenticator app, played by the test from what the page shows. -----------------


@dataclass
class Authenticator:
    """An app that was given the secret typed from the page. Each time step's code is
    accepted once only, so the app remembers the last step whose code was typed."""

    key: bytes
    last_step: int = -1

    @classmethod
    def from_page(cls, page: Page) -> Authenticator:
        typed = page.locator("main .secret code").inner_text()
        secret = re.sub(r"\s", "", typed)
        return cls(b32decode(secret + "=" * (-len(secret) % 8)))

    def code(self) -> str:
        """The code shown now, or the next one when now's was typed already (the
        server accepts one step either side)."""
        totp = TOTP(self.key)
        if totp.t() <= self.last_step:
            totp.drift = self.last_step + 1 - totp.t()
        self.last_step = totp.t()
        return f"{totp.token():06d}"

    def a_wrong_code(self) -> str:
        """Six digits no step near now gives."""
        near = {f"{TOTP(self.key, drift=drift).token():06d}" for drift in range(-2, 4)}
        return next(code for code in ("000000", "999999", "123123") if code not in near)


# The keyboard. ------------------------------------------------------------------------


def type_and_enter(page: Page, field: Locator, text: str) -> None:
    fill(page, field, text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def password_step(page: Page, username: str) -> None:
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)
    fill(page, page.locator("#id_username"), username)
    type_and_enter(page, page.locator("#id_password"), TEST_PASSWORD)


def the_code_field(page: Page) -> Locator:
    return page.locator("main #id_code")


def wait_out_the_throttle(user: User) -> None:
    """After a wrong code django-otp refuses to check another one for a second (it
    doubles with each failure): a person would wait too."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    if device.throttling_failure_timestamp is None:
        return
    delay = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
    until = device.throttling_failure_timestamp + dt.timedelta(seconds=delay + 0.2)
    time.sleep(max(0.0, (until - timezone.now()).total_seconds()))


def assert_named_error(page: Page, text: str) -> None:
    """The error is announced at the top, linked to the field, and read with it."""
    field = the_code_field(page)
    expect(page.get_by_role("alert")).to_contain_text(text)
    expect(page.locator("main .error-summary a[href='#id_code']")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(text)))
    assert_accessible(page)


# 1. Two-factor sign-in. ---------------------------------------------------------------


def test_a_counsellor_sets_up_and_uses_her_second_factor_by_keyboard(
        page: Page, world: World) -> None:
    alice = world.alice
    assert not TOTPDevice.objects.filter(user=alice).exists()

    page.goto("/accounts/login/")
    password_step(page, "alice")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/setup/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    assert_accessible(page)
    app = Authenticator.from_page(page)
    # The key typed from the page is the one being set up (not a decoy beside the QR).
    assert app.key == TOTPDevice.objects.get(user=alice, confirmed=False).bin_key

    type_and_enter(page, page.get_by_label("Code from the app"), app.code())
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/recovery-codes/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert_accessible(page)
    codes = page.locator("main .recovery-codes li").all_inner_texts()
    assert len(codes) == len(set(codes)) == CODES_PER_SET, codes
    assert TOTPDevice.objects.get(user=alice).confirmed
    assert StaticToken.objects.filter(device__user=alice).count() == CODES_PER_SET
    press(page, page.get_by_role("button", name="I have saved my recovery codes"))
    expect(page).to_have_url(re.compile(r"/seekers/$"))  # a counsellor's start: her caseload

    # The next sign-in asks for the code; a wrong one is refused, named on the field.
    sign_out(page)
    password_step(page, "alice")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    type_and_enter(page, the_code_field(page), app.a_wrong_code())
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/\?"))
    assert_named_error(page, "That code is not right.")

    wait_out_the_throttle(alice)
    field = the_code_field(page)
    tab_to(page, field)
    page.keyboard.press("ControlOrMeta+A")
    field.press_sequentially(app.code())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/seekers/$"))
    assert_accessible(page)

    # The phone is lost: a recovery code stands in, once.
    sign_out(page)
    password_step(page, "alice")
    type_and_enter(page, the_code_field(page), codes[0])
    expect(page).to_have_url(re.compile(r"/seekers/$"))
    expect(page.get_by_role("status")).to_contain_text("You used a recovery code. 9 are left")
    assert_accessible(page)
    press(page, page.locator("header nav a[href='/accounts/security/']"))
    expect(page.get_by_text("You have 9 unused recovery codes.")).to_be_visible()

    sign_out(page)
    password_step(page, "alice")
    type_and_enter(page, the_code_field(page), codes[0])
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/\?"))
    assert_named_error(page, "That code is not right.")
    assert StaticToken.objects.filter(device__user=alice).count() == CODES_PER_SET - 1


# 2. The seeker's data rights. ---------------------------------------------------------


@pytest.fixture
def sam_and_tess(world: World) -> World:
    """Sam and Tess, both refugees who agreed to be proposed to employers, with family
    names found nowhere else."""
    for person, family_name in ((world.sam, SAM_FAMILY_NAME), (world.tess, TESS_FAMILY_NAME)):
        JobSeeker.objects.filter(pk=person.pk).update(last_name=family_name)
        person.refresh_from_db()
        declare_target_group(world.alice, person, "refugee")
        grant_consent(world.alice, person, PROPOSAL)
    return world


def your_data(page: Page, link: str) -> Locator:
    return page.get_by_role("region", name="Your data").get_by_role("link", name=link)


def test_the_seeker_downloads_withdraws_and_asks_for_erasure_by_keyboard(
        page: Page, sam_and_tess: World, log_in: Callable[[str, str], None]) -> None:
    world = sam_and_tess
    sam = world.sam
    log_in("sam", TEST_PASSWORD)
    expect(page).to_have_url(re.compile(r"/seekers/me/$"))
    assert_accessible(page)

    # All his data: the file to keep, and the page to print.
    press(page, your_data(page, "See or download all your data"))
    expect(page.get_by_role("heading", level=1)).to_have_text("All your data")
    download_link = page.get_by_role("link", name="Download it as a file (JSON)")
    tab_to(page, download_link)
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    download = waiting.value
    assert re.fullmatch(r"my-data-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    text = Path(download.path()).read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["seeker_id"] == sam.pk
    people = next(s for s in document["sections"] if s["model"] == "seekers.JobSeeker")
    assert [(row["first_name"], row["last_name"]) for row in people["rows"]] == [
        ("Sam", SAM_FAMILY_NAME)]
    consents = next(s for s in document["sections"] if s["model"] == "seekers.Consent")
    assert {row["id"] for row in consents["rows"]} == set(
        Consent.objects.filter(seeker=sam).values_list("pk", flat=True))
    assert "Tess" not in text and TESS_FAMILY_NAME not in text

    expect(page.get_by_text(SAM_FAMILY_NAME).first).to_be_visible()
    page.emulate_media(media="print")  # on paper: his data, not the menus and buttons
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("header nav")).to_be_hidden()
    expect(download_link).to_be_hidden()
    assert_accessible(page)
    page.emulate_media(media="screen")

    # One consent withdrawn, after a confirmation that can be declined.
    press(page, page.locator("nav.breadcrumbs a[href='/seekers/me/']"))
    press(page, your_data(page, "Your consents, and withdrawing them"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consents")
    withdraw_proposal = page.get_by_role("link", name=f"Withdraw {PROPOSAL.label}")
    press(page, withdraw_proposal)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Withdraw your consent: {PROPOSAL.label}")
    press(page, page.get_by_role("link", name="Keep it"))
    assert Consent.objects.get(seeker=sam, scope=PROPOSAL).withdrawn_at is None
    press(page, withdraw_proposal)
    press(page, page.get_by_role("button", name="Withdraw", exact=True))
    expect(page).to_have_url(re.compile(r"/privacy/me/consents/$"))
    expect(page.get_by_role("status")).to_contain_text(
        f"You withdrew this consent: {PROPOSAL.label}.")
    withdrawn = Consent.objects.get(seeker=sam, scope=PROPOSAL)
    assert withdrawn.withdrawn_at is not None
    state = page.locator(f"#consent-{withdrawn.pk}-state")
    expect(state).to_contain_text("Withdrawn on")
    expect(withdraw_proposal).to_have_count(0)
    # The other consent, and Tess's, are untouched.
    refugee = Consent.objects.get(seeker=sam, scope="refugee")
    assert refugee.withdrawn_at is None
    expect(page.locator(f"#consent-{refugee.pk}-state")).to_contain_text("In use now.")
    assert Consent.objects.get(seeker=world.tess, scope=PROPOSAL).withdrawn_at is None

    # Erasure: the box to tick, the date it will happen, then a change of mind.
    press(page, page.locator("nav.breadcrumbs a[href='/seekers/me/']"))
    press(page, your_data(page, "Erase your data"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase your data")
    grace = settings.PRIVACY_ERASURE_GRACE_DAYS
    expect(page.locator("main")).to_contain_text(f"We wait {grace} days before we erase it")
    box = page.get_by_label(re.compile("I understand that my data will be erased"))
    tab_to(page, box)
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    press(page, page.get_by_role("button", name="Erase my data"))
    request = ErasureRequest.objects.get(seeker=sam)
    assert request.state == ErasureState.REQUESTED
    assert request.due_at - request.requested_at == dt.timedelta(days=grace)
    with translation.override("en"):
        due = date_format(timezone.localtime(request.due_at), "DATE_FORMAT")
    expect(page.get_by_text(
        f"You asked us to erase your data. We will do it on {due}.")).to_be_visible()

    press(page, page.get_by_role("button", name="Keep my data"))
    expect(page.get_by_role("status")).to_contain_text("We will keep your data. Nothing was erased.")
    request.refresh_from_db()
    assert request.state == ErasureState.CANCELLED
    expect(page.get_by_role("button", name="Erase my data")).to_be_visible()


# 3. The same pages in Arabic on a narrow screen. --------------------------------------


def assert_fits_narrow_rtl(page: Page) -> None:
    """Right to left, no sideways scrolling at 360 px (naming what sticks out), axe."""
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(f"""() => [...document.querySelectorAll('body *')]
        .filter(e => {{ const r = e.getBoundingClientRect();
                        return r.width > 0 && (r.right > {NARROW} + 0.5 || r.left < -0.5); }})
        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                         + (e.className ? '.' + e.className : ''))""")
    assert width <= NARROW, f"{page.url} is {width} px wide at {NARROW} px: {wide}"
    assert_accessible(page)


def in_arabic_on_a_narrow_screen(page: Page) -> None:
    page.set_viewport_size({"width": NARROW, "height": 740})
    page.goto("/accounts/login/")
    read_in(page, "ar", "rtl")
    assert_fits_narrow_rtl(page)


def test_the_second_factor_pages_in_arabic_at_360_pixels(page: Page, world: World) -> None:
    in_arabic_on_a_narrow_screen(page)
    password_step(page, "dana")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/setup/\?"))
    assert_fits_narrow_rtl(page)
    app = Authenticator.from_page(page)
    type_and_enter(page, the_code_field(page), app.code())
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/recovery-codes/"))
    assert_fits_narrow_rtl(page)
    press(page, page.locator("main form.no-print button[type='submit']"))
    press(page, page.locator("header nav a[href='/accounts/security/']"))
    assert_fits_narrow_rtl(page)

    sign_out_in_any_language(page)
    password_step(page, "dana")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/\?"))
    assert_fits_narrow_rtl(page)
    type_and_enter(page, the_code_field(page), app.a_wrong_code())
    expect(the_code_field(page)).to_have_attribute("aria-invalid", "true")
    assert_fits_narrow_rtl(page)


def test_the_data_rights_pages_in_arabic_at_360_pixels(page: Page,
                                                       sam_and_tess: World) -> None:
    in_arabic_on_a_narrow_screen(page)
    password_step(page, "sam")
    expect(page).to_have_url(re.compile(r"/seekers/me/$"))
    assert_fits_narrow_rtl(page)
    profile = page.locator("nav.breadcrumbs a[href='/seekers/me/']")
    press(page, page.locator("main a[href='/privacy/me/export/']"))
    assert_fits_narrow_rtl(page)
    press(page, profile)
    press(page, page.locator("main a[href='/privacy/me/consents/']"))
    assert_fits_narrow_rtl(page)
    press(page, page.locator(f"main a[href='/privacy/me/consents/{PROPOSAL}/withdraw/']"))
    assert_fits_narrow_rtl(page)
    press(page, page.locator("main form a[href='/privacy/me/consents/']"))  # keep it
    press(page, profile)
    press(page, page.locator("main a[href='/privacy/me/erasure/']"))
    assert_fits_narrow_rtl(page)

    # The erasure page with its error, then with the request waiting.
    submit = page.locator("main form[method='post'] button[type='submit']")
    press(page, submit)
    expect(page.locator("main input[name='confirm']")).to_have_attribute("aria-invalid", "true")
    assert_fits_narrow_rtl(page)
    tab_to(page, page.locator("main input[name='confirm']"))
    page.keyboard.press("Space")
    press(page, submit)
    assert ErasureRequest.objects.get(seeker=sam_and_tess.sam).state == ErasureState.REQUESTED
    expect(page.locator("main form[action='/privacy/me/erasure/cancel/']")).to_be_visible()
    assert_fits_narrow_rtl(page)
