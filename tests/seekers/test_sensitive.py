"""Target groups and accommodation needs (ADR 0004): encrypted at rest, read only
through ``seekers.access.read_sensitive`` (one audit entry per page or API call
that shows them), used for matching only under consent, never shown to employers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.http import Http404
from django.urls import reverse
from playwright.sync_api import Page, expect

from decentwork.accounts.factories import TEST_PASSWORD
from decentwork.applications.actions import apply_to_vacancy
from decentwork.audit.models import AuditEntry
from decentwork.controlled_lists import Accommodation
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.models import MatchingRun, Recommendation, RunChunk
from decentwork.recommendations.snapshots import unseal_seekers
from decentwork.seekers.access import SENSITIVE_READ, read_sensitive
from decentwork.seekers.actions import (
    declare_target_group,
    give_consent,
    set_accommodation_needs,
    withdraw_consent,
)
from decentwork.seekers.models import Consent, ConsentScope, JobSeeker
from tests.browser.axe_checks import assert_accessible
from tests.conftest import World
from tests.recommendations.conftest import consent, give_skills, vacancy

SIGN_LANGUAGE = Accommodation.SIGN_LANGUAGE_INTERPRETATION
SIGN_LANGUAGE_LABEL = "Sign language interpretation"
REFUGEE_LABEL = "Refugee"


@pytest.fixture
def declared(world: World) -> World:
    """Sam declared he is a refugee and needs sign-language interpretation."""
    declare_target_group(world.alice, world.sam, "refugee")
    set_accommodation_needs(world.sam_user, world.sam, [SIGN_LANGUAGE])
    return world


def _reads() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=SENSITIVE_READ).order_by("id"))


def _fresh(world: World) -> JobSeeker:
    return JobSeeker.objects.select_related("office").get(pk=world.sam.pk)


# At rest.

def _raw_row(seeker_id: int) -> dict[str, object]:
    """The row as the database holds it, every column, without the ORM's decryption."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM seekers_jobseeker WHERE id = %s", [seeker_id])
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_needs_are_stored_only_encrypted(declared: World) -> None:
    row = _raw_row(declared.sam.pk)
    assert "accommodation_needs" not in row  # the plain column is gone
    dumped = repr(row)
    for plain in (SIGN_LANGUAGE, "sign", "refugee", "accommodation_needs", "target_groups"):
        assert plain not in dumped
    assert _fresh(declared).sensitive == {"target_groups": ["refugee"],
                                          "accommodation_needs": [SIGN_LANGUAGE]}


def test_storing_needs_records_the_consent_to_match_on_them_in_one_go(world: World) -> None:
    set_accommodation_needs(world.alice, world.sam, [SIGN_LANGUAGE, Accommodation.JOB_COACH])
    given = Consent.objects.get(seeker=world.sam, scope=ConsentScope.ACCOMMODATION_MATCHING)
    assert given.recorded_by == world.alice and given.withdrawn_at is None
    assert read_sensitive(world.alice, _fresh(world), purpose="test").accommodation_needs == (
        Accommodation.JOB_COACH, SIGN_LANGUAGE)
    # Clearing the needs keeps the consent; stating them again does not duplicate it.
    set_accommodation_needs(world.alice, world.sam, [])
    set_accommodation_needs(world.alice, world.sam, [SIGN_LANGUAGE])
    assert Consent.objects.filter(seeker=world.sam,
                                  scope=ConsentScope.ACCOMMODATION_MATCHING).count() == 1


def test_withdrawing_the_consent_erases_the_needs_and_keeps_the_groups(declared: World) -> None:
    withdraw_consent(declared.sam_user, declared.sam, ConsentScope.ACCOMMODATION_MATCHING)
    assert _fresh(declared).sensitive == {"target_groups": ["refugee"]}
    withdraw_consent(declared.sam_user, declared.sam, "refugee")
    assert _fresh(declared).sensitive is None


# The reader.

def test_one_read_writes_one_entry_with_purpose_and_counts_never_values(
        declared: World) -> None:
    before = len(_reads())
    read = read_sensitive(declared.bob, _fresh(declared), purpose="export")
    assert (read.target_groups, read.accommodation_needs) == (("refugee",), (SIGN_LANGUAGE,))
    entries = _reads()
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry.actor, entry.target_id) == (declared.bob, str(declared.sam.pk))
    assert entry.details == {"purpose": "export", "target_groups": 1, "accommodation_needs": 1}


@pytest.mark.parametrize("outsider", ["charlie", "dana", "erin", "ivan", "tess_user"])
def test_the_reader_refuses_a_seeker_outside_the_scope(declared: World, outsider: str) -> None:
    before = len(_reads())
    with pytest.raises(Http404):
        read_sensitive(declared.persona(outsider), _fresh(declared), purpose="seeker_page")
    assert len(_reads()) == before


# Every page and API operation that shows them: exactly one entry each.

def _count_reads(world: World, user_name: str, url: str) -> tuple[str, list[AuditEntry]]:
    before = len(_reads())
    response = world.client_for(world.persona(user_name)).get(url)
    assert response.status_code == 200, url
    return response.content.decode(), _reads()[before:]


def test_the_staff_page_reads_nothing_until_asked(declared: World) -> None:
    url = reverse("seekers:seeker_detail", args=[declared.sam.pk])
    html, reads = _count_reads(declared, "alice", url)
    assert reads == []
    for hidden in (SIGN_LANGUAGE_LABEL, REFUGEE_LABEL, "Use the accommodations needed"):
        assert hidden not in html
    assert "?show=sensitive#sensitive" in html

    html, reads = _count_reads(declared, "alice", url + "?show=sensitive")
    assert [(r.actor, r.details["purpose"]) for r in reads] == [(declared.alice, "seeker_page")]
    assert SIGN_LANGUAGE_LABEL in html and REFUGEE_LABEL in html
    assert "Hide sensitive details" in html


NEEDS_LISTED = f"<li>{SIGN_LANGUAGE_LABEL}</li>"
NEEDS_TICKED = 'id="id_accommodation_needs_2" checked>'  # the third choice, sign language
NEEDS_UNDER_CONSENT = f"Needs stated: {SIGN_LANGUAGE_LABEL}."


@pytest.mark.parametrize(("user_name", "url_name", "args", "purpose", "shown"), [
    ("sam_user", "seekers:my_profile", False, "own_profile", NEEDS_LISTED),
    ("alice", "seekers:edit_accommodations", True, "edit_accommodations", NEEDS_TICKED),
    ("sam_user", "seekers:edit_accommodations", True, "edit_accommodations", NEEDS_TICKED),
    ("alice", "seekers:consents", True, "consents_page", NEEDS_UNDER_CONSENT),
    ("sam_user", "seekers:my_consents", False, "consents_page", NEEDS_UNDER_CONSENT),
])
def test_each_page_showing_them_reads_once(declared: World, user_name: str, url_name: str,
                                           args: bool, purpose: str, shown: str) -> None:
    url = reverse(url_name, args=[declared.sam.pk] if args else [])
    html, reads = _count_reads(declared, user_name, url)
    assert [r.details["purpose"] for r in reads] == [purpose]
    assert reads[0].target_id == str(declared.sam.pk)
    assert shown in html


def test_saving_needs_on_the_page_goes_through_the_action_and_reads_nothing(
        world: World) -> None:
    url = reverse("seekers:edit_accommodations", args=[world.sam.pk])
    response = world.client_for(world.sam_user).post(url, {"accommodation_needs": [
        SIGN_LANGUAGE]})
    assert response.status_code == 302
    assert _reads() == []
    assert AuditEntry.objects.filter(action="seekers.set_accommodation_needs",
                                     actor=world.sam_user).count() == 1
    assert Consent.objects.filter(seeker=world.sam, withdrawn_at__isnull=True,
                                  scope=ConsentScope.ACCOMMODATION_MATCHING).exists()


def test_the_api_serves_them_apart_and_audits_each_call(declared: World) -> None:
    client = declared.client_for(declared.alice)
    record = client.get(f"/api/seekers/{declared.sam.pk}").json()
    listed = client.get("/api/seekers").json()
    assert "accommodation_needs" not in record and "target_groups" not in record
    assert all("accommodation_needs" not in row for row in listed["items"])
    assert _reads() == []
    answer = client.get(f"/api/seekers/{declared.sam.pk}/sensitive")
    assert answer.status_code == 200
    assert answer.json() == {"target_groups": ["refugee"],
                             "accommodation_needs": [SIGN_LANGUAGE]}
    assert [r.details["purpose"] for r in _reads()] == ["api"]


@pytest.mark.parametrize("outsider", ["charlie", "dana", "erin", "frank", "ivan"])
def test_outsiders_get_404_and_nothing_is_read(declared: World, outsider: str) -> None:
    client = declared.client_for(declared.persona(outsider))
    assert client.get(f"/api/seekers/{declared.sam.pk}/sensitive").status_code == 404
    url = reverse("seekers:seeker_detail", args=[declared.sam.pk]) + "?show=sensitive"
    assert client.get(url).status_code == 404
    assert _reads() == []


@pytest.mark.browser
def test_a_counsellor_opens_the_details_by_keyboard(
        page: Page, log_in: Callable[[str, str], None], declared: World) -> None:
    log_in("alice", TEST_PASSWORD)
    page.goto(reverse("seekers:seeker_detail", args=[declared.sam.pk]))
    expect(page.get_by_text(SIGN_LANGUAGE_LABEL)).to_have_count(0)
    show = page.get_by_role("link", name="Show sensitive details")
    show.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    needs = page.get_by_role("list", name="Workplace accommodations needed")
    expect(needs).to_contain_text(SIGN_LANGUAGE_LABEL)
    expect(page.get_by_role("list", name="Target groups")).to_contain_text(REFUGEE_LABEL)
    assert [r.details["purpose"] for r in _reads()] == ["seeker_page"]
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_accessible(page)


# Employers.

def test_employers_never_see_needs_or_groups(declared: World) -> None:
    world = declared
    care = vacancy(world.v_a.employer, world.v_a.region, title="Care assistant",
                   essential=["bathe patients"],
                   accommodations=[Accommodation.STEP_FREE_ACCESS])
    give_skills(world.sam, ["bathe patients"])
    give_consent(world.sam_user, world.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    application, _created = apply_to_vacancy(world.sam_user, world.sam, care)
    run_matching_in_process(None, care.region)
    client = world.client_for(world.erin)
    pages = [reverse("employers:vacancy_detail", args=[care.pk]),
             reverse("recommendations:vacancy_candidates", args=[care.pk]),
             reverse("applications:vacancy", args=[care.pk]),
             reverse("applications:detail", args=[application.pk]),
             reverse("applications:mine")]
    seen = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response.content.decode()
        for hidden in (SIGN_LANGUAGE_LABEL, REFUGEE_LABEL, SIGN_LANGUAGE):
            assert hidden not in seen[url], url
    assert "Step-free access" in seen[pages[0]]  # what the workplace offers, it sees
    assert "Sam" in seen[pages[2]]  # the applicant is on the page, without what he needs
    assert {r.details["purpose"] for r in _reads()} == {"matching"}  # the run, no page


# Matching: needs only under consent, one audited read per run.

@pytest.fixture
def stairs(world: World) -> World:
    """A job Sam fits by skills, at a workplace without sign-language interpretation."""
    world.stairs = vacancy(world.v_a.employer, world.v_a.region,  # type: ignore[attr-defined]
                           title="Upstairs", essential=["bathe patients"],
                           accommodations=[Accommodation.STEP_FREE_ACCESS])
    give_skills(world.sam, ["bathe patients"])
    give_skills(world.tess, ["bathe patients"])
    consent(world.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    return world


def _recommended(run: MatchingRun, world: World) -> bool:
    return Recommendation.objects.filter(run=run, seeker=world.sam,
                                         vacancy=world.stairs).exists()  # type: ignore[attr-defined]


def _needs_in_snapshot(run: MatchingRun, seeker: JobSeeker) -> int:
    chunk = RunChunk.objects.get(run=run, first_seeker_id__lte=seeker.pk,
                                 last_seeker_id__gte=seeker.pk)
    assert chunk.seekers_sealed is not None
    table = unseal_seekers(chunk.seekers_sealed)
    return int(table.accommodations_required[table.row_of(seeker.pk)])


def test_needs_without_consent_are_not_used_for_matching(stairs: World) -> None:
    # As the migration leaves needs stated before consent was asked: stored, no consent.
    stairs.sam.sensitive = {"accommodation_needs": [SIGN_LANGUAGE]}
    stairs.sam.save(update_fields=["sensitive"])
    run = run_matching_in_process(None, stairs.v_a.region)
    assert _recommended(run, stairs)
    assert _needs_in_snapshot(run, stairs.sam) == 0

    give_consent(stairs.sam_user, stairs.sam, ConsentScope.ACCOMMODATION_MATCHING)
    run = run_matching_in_process(None, stairs.v_a.region)
    assert not _recommended(run, stairs)
    assert _needs_in_snapshot(run, stairs.sam) != 0


def test_a_run_reads_once_whatever_the_number_of_people(stairs: World) -> None:
    set_accommodation_needs(stairs.alice, stairs.sam, [SIGN_LANGUAGE])
    set_accommodation_needs(stairs.alice, stairs.tess, [Accommodation.JOB_COACH])
    declare_target_group(stairs.alice, stairs.tess, "youth")
    run = run_matching_in_process(stairs.bob, stairs.v_a.region, chunk_size=1)
    reads = _reads()
    assert len(reads) == 1
    assert (reads[0].actor, reads[0].target_id) == (stairs.bob, str(run.pk))
    assert reads[0].details == {"purpose": "matching", "seekers": 2, "target_groups": 1,
                                "accommodation_needs": 2}


def test_withdrawing_the_consent_takes_the_needs_out_of_stored_runs(stairs: World) -> None:
    set_accommodation_needs(stairs.sam_user, stairs.sam, [SIGN_LANGUAGE])
    run = run_matching_in_process(None, stairs.v_a.region)
    assert _needs_in_snapshot(run, stairs.sam) != 0
    withdraw_consent(stairs.sam_user, stairs.sam, ConsentScope.ACCOMMODATION_MATCHING)
    assert _needs_in_snapshot(run, stairs.sam) == 0
    assert AuditEntry.objects.get(action="recommendations.forget_withdrawn_consent").details == {
        "scope": ConsentScope.ACCOMMODATION_MATCHING, "snapshots": 1}
