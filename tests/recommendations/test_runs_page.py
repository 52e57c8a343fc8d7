"""The matching-runs page: office managers and administrators start a run and follow
it; counsellors of the region follow it read-only; everyone else gets the same 404."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
from decentwork.controlled_lists import Accommodation, TargetGroup
from decentwork.matching.congestion import FairnessStatus
from decentwork.network.factories import StaffMembershipFactory
from decentwork.recommendations.actions import run_matching_in_process, start_matching_run
from decentwork.recommendations.models import MatchingRun, RunStatus
from decentwork.seekers.models import ConsentScope
from tests.conftest import World
from tests.recommendations.conftest import consent, give_skills, seeker, state_needs, vacancy

pytestmark = pytest.mark.django_db

FAIRNESS_BOX = 'name="fairness"'
START_BUTTON = ">Start matching</button>"


@pytest.fixture
def market(world: World) -> World:
    """Sam takes care of patients, Tess drives: each fits one of two vacancies."""
    employer, region = world.v_a.employer, world.v_a.region
    vacancy(employer, region, title="Care assistant",
            essential=["bathe patients", "take vital signs"])
    vacancy(employer, region, title="Van driver", essential=["drive a van"])
    give_skills(world.sam, ["bathe patients", "take vital signs"])
    give_skills(world.tess, ["drive a van"])
    consent(world.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    return world


def page_of(world: World) -> str:
    return reverse("recommendations:region_runs", args=[world.v_a.region_id])


def manager_of_another_region(world: World) -> User:
    manager: User = UserFactory(username="mei", role=Role.OFFICE_MANAGER)
    StaffMembershipFactory(user=manager, office=world.office_b)
    return manager


@pytest.mark.django_db(transaction=True)
def test_the_office_manager_starts_a_run_and_sees_it_finished(market: World,
                                                              eager_tasks: None) -> None:
    client = market.client_for(market.bob)
    before = client.get(page_of(market))
    assert before.status_code == 200
    assert START_BUTTON in before.content.decode()
    assert "No matching has been run for this region yet." in before.content.decode()

    response = client.post(page_of(market), {"congestion": "on", "fairness": "on"}, follow=True)

    assert response.redirect_chain == [(page_of(market), 302)]
    run = MatchingRun.objects.get(region=market.v_a.region)
    assert run.created_by == market.bob
    assert run.status == RunStatus.DONE  # the embedded default runs it within the request
    assert run.parameters["settings"]["congestion"] is True
    assert run.parameters["settings"]["fairness"] is True
    html = response.content.decode()
    assert "Matching has finished: the new lists of recommended vacancies are in use." in html
    assert '<progress max="1" value="1"' in html
    assert "1 of 1 part done" in html
    assert ">Done<" in html and "in use now" in html
    assert "Refresh" not in html  # nothing left to follow


def test_unchecking_fairness_is_stored_and_a_queued_run_can_be_followed(market: World) -> None:
    client = market.client_for(market.bob)
    # No commit inside the test's transaction: the run stays queued, as with workers.
    response = client.post(page_of(market), {"congestion": "on"})

    assert response.status_code == 302 and response.url == page_of(market)
    run = MatchingRun.objects.get(region=market.v_a.region)
    assert run.parameters["settings"]["fairness"] is False
    assert run.parameters["settings"]["congestion"] is True
    html = client.get(page_of(market)).content.decode()
    assert "Matching has started." in html
    assert ">Waiting to start<" in html
    assert '<progress max="1" value="0"' in html and "0 of 1 part done" in html
    assert f'<a href="{page_of(market)}">Refresh</a>' in html
    settings = re.search(r"<dd><ul>(.*?)</ul></dd>", html, re.S)
    assert settings is not None
    assert re.sub(r"\s+", " ", settings.group(1)).count(": on") == 1
    assert "Fair exposure across groups: off" in settings.group(1)


def test_the_form_offers_both_settings_checked(market: World) -> None:
    html = market.client_for(market.bob).get(page_of(market)).content.decode()
    for name in ("congestion", "fairness"):
        box = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html)
        assert box is not None and "checked" in box.group(0)
        assert f'<label for="id_{name}" class="inline">' in html


def test_the_administrator_may_start_too(market: World) -> None:
    client = market.client_for(market.judy)
    assert START_BUTTON in client.get(page_of(market)).content.decode()
    assert client.post(page_of(market), {"fairness": "on"}).status_code == 302
    assert MatchingRun.objects.get().created_by == market.judy


def test_a_counsellor_of_the_region_follows_runs_but_may_not_start_them(market: World) -> None:
    run_matching_in_process(market.bob, market.v_a.region)
    for counsellor in (market.alice, market.dana):  # dana: another office of the region
        client = market.client_for(counsellor)
        html = client.get(page_of(market)).content.decode()
        assert "1 of 1 part done" in html
        assert FAIRNESS_BOX not in html and START_BUTTON not in html
        assert client.post(page_of(market), {"fairness": "on"}).status_code == 403
    assert MatchingRun.objects.count() == 1


@pytest.mark.parametrize("persona", ["charlie", "erin", "sam_user", "ivan"])
def test_outsiders_get_404(market: World, persona: str) -> None:
    client = market.client_for(getattr(market, persona))
    assert client.get(page_of(market)).status_code == 404
    assert client.post(page_of(market), {"fairness": "on"}).status_code == 404
    assert not MatchingRun.objects.exists()


def test_an_office_manager_of_another_region_gets_404(market: World) -> None:
    client = market.client_for(manager_of_another_region(market))
    missing = reverse("recommendations:region_runs", args=[999_999])
    assert client.get(page_of(market)).status_code == client.get(missing).status_code == 404
    assert client.post(page_of(market), {"fairness": "on"}).status_code == 404
    assert not MatchingRun.objects.exists()


def test_anonymous_is_sent_to_log_in(market: World) -> None:
    response = market.client_for(None).get(page_of(market))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_finished_run_shows_what_it_measured(market: World) -> None:
    # Everyone looking for work is young: nobody to compare the group with.
    for person in (market.sam, market.tess):
        person.sensitive = {"target_groups": ["youth"]}
        person.save(update_fields=["sensitive"])
        consent(person, "youth")
    first = run_matching_in_process(market.bob, market.v_a.region, chunk_size=1)
    second = run_matching_in_process(None, market.v_a.region, congestion=False, chunk_size=1)
    assert second.parameters["market"]["exposure_ratios"] == {"youth": None}

    html = market.client_for(market.bob).get(page_of(market)).content.decode()
    assert html.index(f'<h3 id="run-{second.pk}">') < html.index(
        f'<h3 id="run-{first.pk}">')  # newest first
    assert "Young person: no comparison possible" in html
    assert "vacancies were in demand by more people than they could take" in html
    assert "2 of 2 parts done" in html
    assert "removed when a later run finished" in html  # the first run's lists
    assert "the system" in html  # who started the second run


def test_a_failed_run_shows_its_error(market: World) -> None:
    from decentwork.recommendations.actions import fail_matching_run

    run = start_matching_run(market.bob, market.v_a.region, dispatch=False)
    fail_matching_run(run.pk, "chunk 0: MemoryError()")
    html = market.client_for(market.bob).get(page_of(market)).content.decode()
    assert ">Failed<" in html and "Stopped with this error:" in html
    assert "chunk 0: MemoryError()" in html


def test_the_page_query_count_does_not_grow_with_runs(market: World) -> None:
    client = market.client_for(market.bob)
    run_matching_in_process(market.bob, market.v_a.region)
    client.get(page_of(market))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(page_of(market))
    for _ in range(3):
        run_matching_in_process(market.bob, market.v_a.region, chunk_size=1)
    with CaptureQueriesContext(connection) as many:
        assert client.get(page_of(market)).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_regions_list_and_the_navigation(market: World) -> None:
    runs = reverse("recommendations:runs")
    # An office manager follows one region: the list goes straight to it.
    bob = market.client_for(market.bob)
    response = bob.get(runs)
    assert response.status_code == 302 and response.url == page_of(market)
    assert f'href="{runs}" aria-current="page">Matching runs<' in bob.get(
        page_of(market)).content.decode()
    # The administrator sees every region, each with its latest run.
    run_matching_in_process(None, market.v_a.region)
    html = market.client_for(market.judy).get(runs).content.decode()
    assert f'href="{page_of(market)}"' in html
    assert f'href="{reverse("recommendations:region_runs", args=[market.office_b.region_id])}"' \
        in html
    assert ">Done<" in html and "No matching has been run for this region yet." in html
    # Counsellors and people outside the offices have no link to it.
    for persona in (market.alice, market.sam_user):
        home = market.client_for(persona).get("/", follow=True).content.decode()
        assert "Matching runs" not in home
    # The runs are followed by the service's staff: a person is refused the page.
    assert market.client_for(market.sam_user).get(runs).status_code == 404


def text_of(html: str) -> str:
    """The page's words, tags dropped and spaces folded, as a reader would see them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_group_no_ranking_can_help_is_named_with_the_reason(market: World) -> None:
    # Sam needs step-free access, which no vacancy of the region offers: nothing is open
    # to him, whatever the ranking. Tess and three more carers, outside the group, are
    # comparable; five people for three places.
    for name in ("Ece", "Naz", "Ada"):
        seeker(market.office_a, skills=["bathe patients"], first_name=name)
    sam = market.sam
    sam.sensitive = {"target_groups": [TargetGroup.DISABILITY]}
    sam.save(update_fields=["sensitive"])
    state_needs(sam, [Accommodation.STEP_FREE_ACCESS])
    consent(sam, TargetGroup.DISABILITY)
    run = run_matching_in_process(market.bob, market.v_a.region)
    report = run.parameters["market"]["group_fairness"]["disability"]
    assert report["status"] == FairnessStatus.BELOW_BAND_NO_GAIN
    assert report["reservation"] == 1.0 and report["structural_gap"] is True

    text = text_of(market.client_for(market.bob).get(page_of(market)).content.decode())
    assert ("Person with a disability: 0.00 of comparable job seekers' exposure, below the "
            "0.8–1.25 band; a reservation brought it no closer — ranking alone cannot close "
            "this gap.") in text
    assert ("Whatever the competition, the vacancies open to this group fit its members less "
            "well: 0.00 of how well those open to comparable job seekers fit them") in text


def stored_run(world: World, fairness: dict[str, dict[str, object]]) -> MatchingRun:
    """A finished run whose fit recorded these per-group reports (as batch.py stores them)."""
    return MatchingRun.objects.create(
        region=world.v_a.region, as_of=dt.date(2026, 3, 2), status=RunStatus.DONE, chunk_size=1,
        parameters={"settings": {"congestion": True, "fairness": True}, "market": {
            "priced_vacancies": 3, "exposure_band": [0.8, 1.25],
            "exposure_ratios": {code: report["ratio_after"] for code, report in fairness.items()},
            "reservations": {code: report["reservation"] for code, report in fairness.items()
                             if report["reservation"] > 1.0},  # type: ignore[operator]
            "group_fairness": fairness}})


def report(status: FairnessStatus, after: float, reservation: float = 1.0,
           before: float = 0.7, fit: float = 0.9, plain: float = 0.8) -> dict[str, object]:
    return {"status": status.value, "ratio_plain": plain, "ratio_before": before,
            "ratio_after": after, "reservation": reservation, "reservation_bound": 1.22,
            "fit_ratio": fit, "structural_gap": fit < 0.8,
            "below_plain": after < min(plain, 1.0) - 0.01}


def test_each_group_is_said_in_words_against_the_band(market: World) -> None:
    stored_run(market, {
        "disability": report(FairnessStatus.BELOW_BAND_AT_BOUND, 0.62, 1.22, fit=0.58),
        "refugee": report(FairnessStatus.WITHIN_BAND, 0.85, 1.3, before=0.76),
        "woman": report(FairnessStatus.WITHIN_BAND, 0.93),
        "youth": report(FairnessStatus.ABOVE_BAND, 1.4),
    })
    text = text_of(market.client_for(market.alice).get(page_of(market)).content.decode())
    assert ("Person with a disability: 0.62 of comparable job seekers' exposure, below the "
            "0.8–1.25 band; the reservation reached its bound of ×1.22 — ranking alone cannot "
            "close this gap.") in text
    assert "fit its members less well: 0.58 of how well" in text
    assert ("Refugee: 0.85 of comparable job seekers' exposure, within the 0.8–1.25 band with "
            "a reservation of ×1.30 (without it: 0.76).") in text
    assert "Woman returning to work: 0.93 of comparable job seekers' exposure, within the 0.8–1.25 band." in text
    assert ("Young person: 1.40 of comparable job seekers' exposure, above the 0.8–1.25 band; "
            "its members are treated like everyone else, never put behind.") in text
    # Only the group whose vacancies fit worse is told that ranking cannot change them.
    assert text.count("Whatever the competition") == 1
    assert "Plain ranking gave" not in text  # nobody ended below what plain ranking gave


def test_a_group_left_below_its_plain_share_is_told_so(market: World) -> None:
    stored_run(market, {
        "disability": report(FairnessStatus.WITHIN_BAND, 0.81, 1.22, before=0.76, plain=0.98),
        "woman": report(FairnessStatus.WITHIN_BAND, 0.88, before=0.88, plain=0.91),
    })
    text = text_of(market.client_for(market.bob).get(page_of(market)).content.decode())
    assert ("Person with a disability: 0.81 of comparable job seekers' exposure, within the "
            "0.8–1.25 band with a reservation of ×1.22 (without it: 0.76). Plain ranking gave "
            "this group 0.98; the reservation reached its bound before giving all of it back."
            ) in text
    assert ("Woman returning to work: 0.88 of comparable job seekers' exposure, within the "
            "0.8–1.25 band. Plain ranking gave this group 0.91; spreading attention kept it "
            "within the band, where no reservation is made.") in text


def test_a_region_with_a_place_for_everyone_says_why_nothing_is_reserved(market: World) -> None:
    stored_run(market, {"disability": report(FairnessStatus.BELOW_BAND_AT_BOUND, 0.5, 1.0)
                        | {"reservation_bound": 1.0}})
    text = text_of(market.client_for(market.bob).get(page_of(market)).content.decode())
    assert ("Person with a disability: 0.50 of comparable job seekers' exposure, below the "
            "0.8–1.25 band; this region has a place for every job seeker, so competition is not "
            "what holds the group back and no reservation is made — ranking alone cannot close "
            "this gap.") in text
