"""The relevance report: its figures on a hand-built run whose answers are known, the
command that prints them, and the page's readers (office managers, administrators)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from decentwork.recommendations.access import relevance_report
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.factories import MatchingRunFactory, RecommendationFactory
from decentwork.recommendations.models import MatchingRun, NoCloseMatch, Recommendation
from decentwork.seekers.factories import JobSeekerFactory
from tests.conftest import World
from tests.recommendations.conftest import give_skills, vacancy

pytestmark = pytest.mark.django_db

SKILL = "http://data.europa.eu/esco/skill/x"


@pytest.fixture
def hand_built(world: World) -> MatchingRun:
    """Five shown recommendations to three of the run's four seekers:

    ======  ===============  ================  =====
    score   essential held   occupation level  close
    ======  ===============  ================  =====
    0.05    no               unrelated         no
    0.25    yes              unrelated         yes
    0.45    no               same_minor_group  yes
    0.65    yes              same_occupation   yes
    0.85    no               same_sub_major    no
    ======  ===============  ================  =====
    """
    region = world.v_a.region
    run = MatchingRunFactory(region=region, parameters={
        "settings": {"as_of": "2026-03-02", "list_length": 20, "relevance_floor": 0.2},
        "seekers": 4,
        "market": {"exposure_ratios": {"disability": 0.7, "youth": 1.1, "refugee": None},
                   "exposure_band": [0.8, 1.25]}})
    people = [world.sam, world.tess, JobSeekerFactory(office=world.office_a)]
    rows = ((0.05, [], "unrelated"), (0.25, [SKILL], "unrelated"),
            (0.45, [], "same_minor_group"), (0.65, [SKILL], "same_occupation"),
            (0.85, [], "same_sub_major_group"))
    for number, (score, held, level) in enumerate(rows):
        RecommendationFactory(run=run, seeker=people[number % 3], rank=number // 3 + 1,
                              vacancy=world.v_a if number < 3 else vacancy(
                                  world.v_a.employer, region, essential=[]),
                              score=score, explanation={"matched_essential": held,
                                                       "occupation_level": level})
    return run


def test_the_figures_of_a_hand_built_run(world: World, hand_built: MatchingRun) -> None:
    report = relevance_report(world.v_a.region)
    assert report.run == hand_built
    assert (report.recommendations, report.with_essential_skill, report.in_occupational_group,
            report.relevant) == (5, 2, 2, 3)
    assert report.relevant_share == pytest.approx(0.6)
    assert (report.seekers, report.seekers_without_close_match) == (4, 1)
    assert report.without_close_match_share == pytest.approx(0.25)
    assert (report.lowest_score, report.median_score, report.highest_score) == (0.05, 0.45, 0.85)
    assert [band.count for band in report.score_bands] == [1, 1, 1, 1, 1]
    assert [(g.label, g.exposure_ratio, g.in_band) for g in report.groups] == [
        ("Person with a disability", 0.7, False), ("Young person", 1.1, True),
        ("Refugee", None, None)]
    assert report.minimum_score == 0.2


def test_a_region_without_a_finished_run(world: World) -> None:
    report = relevance_report(world.v_a.region)
    assert report.run is None and report.relevant_share is None
    with pytest.raises(CommandError, match="no finished matching run"):
        call_command("matching_report", "--region", world.v_a.region.slug, stdout=io.StringIO())


def test_the_command_prints_the_same_figures(world: World, hand_built: MatchingRun) -> None:
    out = io.StringIO()
    call_command("matching_report", "--region", world.v_a.region.slug, stdout=out)
    printed = out.getvalue()
    assert f"run {hand_built.pk} of 2026-03-02, 4 job seekers, 5 recommendations" in printed
    assert "hold an essential skill of the vacancy:             2  40.0 %" in printed
    assert "either (relevant):                                  3  60.0 %" in printed
    assert "job seekers with nothing above the floor:           1  25.0 %" in printed
    assert "scores: lowest 0.050, median 0.450, highest 0.850" in printed
    assert "Person with a disability: 0.70 (OUTSIDE the band)" in printed
    assert "Young person: 1.10 (in the band)" in printed
    assert "Refugee: no comparison possible" in printed


def test_a_real_run_shows_only_close_vacancies(world: World) -> None:
    """Sam holds a care skill; Tess holds nothing any vacancy asks for."""
    employer, region = world.v_a.employer, world.v_a.region
    vacancy(employer, region, title="Care assistant", essential=["bathe patients"])
    vacancy(employer, region, title="Van driver", essential=["drive a van"])
    give_skills(world.sam, ["bathe patients"])
    run = run_matching_in_process(None, region)

    report = relevance_report(region)
    assert report.run == run
    assert report.recommendations == Recommendation.objects.filter(run=run).count() == 1
    assert report.relevant_share == 1.0
    assert report.seekers == 2
    assert report.seekers_without_close_match == NoCloseMatch.objects.filter(run=run).count() == 1


def report_page(world: World) -> str:
    return reverse("recommendations:region_report", args=[world.v_a.region_id])


def test_office_managers_and_administrators_read_the_page(world: World,
                                                          hand_built: MatchingRun) -> None:
    for reader in (world.bob, world.judy):
        response = world.client_for(reader).get(report_page(world))
        assert response.status_code == 200
        html = response.content.decode()
        assert "3 (60.0 %) are one or the other: close to the person." in html
        assert "1 of the 4 job seekers (25.0 %) had nothing close enough" in html
        assert "<caption>Shown recommendations by match score</caption>" in html
        assert "Person with a disability: 0.70, outside the aim." in html
        assert "Young person: 1.10, within the aim." in html


@pytest.mark.parametrize("outsider", ["alice", "dana", "charlie", "sam_user", "ivan", "erin"])
def test_everyone_else_gets_the_same_404(world: World, hand_built: MatchingRun,
                                         outsider: str) -> None:
    # Counsellors of the region follow its runs but the report is the managers'.
    response = world.client_for(getattr(world, outsider)).get(report_page(world))
    assert response.status_code == 404


def test_a_manager_of_another_region_gets_404_and_the_anonymous_a_login(
        world: World, hand_built: MatchingRun) -> None:
    other = reverse("recommendations:region_report", args=[world.office_b.region_id])
    assert world.client_for(world.bob).get(other).status_code == 404
    response = world.client_for(None).get(report_page(world))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_runs_page_links_the_report_for_those_who_may_read_it(
        world: World, hand_built: MatchingRun) -> None:
    runs_page = reverse("recommendations:region_runs", args=[world.v_a.region_id])
    manager = world.client_for(world.bob).get(runs_page).content.decode()
    counsellor = world.client_for(world.alice).get(runs_page).content.decode()
    assert report_page(world) in manager
    assert report_page(world) not in counsellor
