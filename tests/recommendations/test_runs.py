"""Batch runs end to end: the rows a run stores, idempotent chunks, hard constraints,
consent, permissions and failure."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role
from decentwork.audit.models import AuditEntry
from decentwork.controlled_lists import Accommodation
from decentwork.employers.models import Vacancy
from decentwork.matching import RegionMatcher, RelevanceFloor, SeekerGroup
from decentwork.network.factories import StaffMembershipFactory
from decentwork.recommendations import tasks
from decentwork.recommendations.access import (
    explain_absence_for,
    latest_done_run,
    read_run_sensitive,
)
from decentwork.recommendations.actions import (
    complete_chunk,
    run_matching_in_process,
    start_matching_run,
)
from decentwork.recommendations.adapter import load_region_market
from decentwork.recommendations.batch import (
    DEFAULT_RELEVANCE_FLOOR,
    RunMatchers,
    RunSettings,
    explanation_json,
)
from decentwork.recommendations.inputs import RunNotPreparedError, chunk_seekers
from decentwork.recommendations.models import (
    MatchingRunInputs,
    Recommendation,
    RunChunk,
    RunStatus,
)
from decentwork.recommendations.snapshots import VacancySnapshot
from decentwork.seekers.actions import add_work_experience, set_target_occupation
from decentwork.seekers.models import ConsentScope
from decentwork.taxonomy.factories import ConceptFactory
from tests.conftest import World
from tests.recommendations.conftest import consent, give_skills, listed, seeker, vacancy
from tests.recommendations.synthetic_region import build_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(world: World) -> World:
    """Sam bathes patients and takes vital signs, Tess drives: two vacancies fit one each."""
    employer, region = world.v_a.employer, world.v_a.region
    vacancy(employer, region, title="Care assistant",
            essential=["bathe patients", "take vital signs"], optional=["keep care records"])
    vacancy(employer, region, title="Van driver", essential=["drive a van"])
    vacancy(employer, region, title="Cook", essential=["cook meals", "speak Turkish"])
    give_skills(world.sam, ["bathe patients", "take vital signs"])
    give_skills(world.tess, ["drive a van", "speak Turkish"])
    consent(world.sam, ConsentScope.PROPOSAL_TO_EMPLOYERS)
    return world


def test_an_eager_run_writes_the_engines_lists(market: World, eager_tasks: None,
                                               django_capture_on_commit_callbacks) -> None:
    region = market.v_a.region
    with django_capture_on_commit_callbacks(execute=True):
        run = start_matching_run(market.bob, region, chunk_size=1, congestion=False,
                                 fairness=False)
    run.refresh_from_db()

    assert run.status == RunStatus.DONE and run.finished_at is not None
    assert not RunChunk.objects.filter(run=run, done_at__isnull=True).exists()
    assert RunChunk.objects.filter(run=run).count() == 2  # sam, tess
    top = {r.seeker_id: r.vacancy.title for r in
           Recommendation.objects.filter(run=run, rank=1).select_related("vacancy")}
    assert top == {market.sam.pk: "Care assistant", market.tess.pk: "Van driver"}
    # Exactly what the engine gives for the same tables, with the run's relevance floor:
    # nobody is shown the vacancies that have nothing to do with them.
    tables = load_region_market(region, run.as_of)
    expected = RegionMatcher(
        n_recommendations=20, relevance=RelevanceFloor(DEFAULT_RELEVANCE_FLOOR),
    ).fit(tables.vacancies, tables.skill_uris).recommend_vacancies(tables.seekers, run.as_of)
    assert listed(run.pk) == set(zip(expected.seeker_ids.tolist(), expected.vacancy_ids.tolist(),
                                     expected.ranks.tolist(), strict=True))
    assert {seeker for seeker, _, _ in listed(run.pk)} == {market.sam.pk, market.tess.pk}
    assert ("Cook", market.sam.pk) not in {(r.vacancy.title, r.seeker_id) for r in
                                           Recommendation.objects.filter(run=run)}
    care = Recommendation.objects.get(run=run, seeker=market.sam, rank=1)
    assert care.explanation["essential_total"] == 2
    assert sorted(care.explanation["matched_essential"]) == [
        "http://data.europa.eu/esco/skill/bathe-patients",
        "http://data.europa.eu/esco/skill/take-vital-signs"]
    assert care.explanation["missing_essential"] == []
    assert sum(care.explanation["contributions"].values()) == pytest.approx(care.score)


def test_a_chunk_delivered_twice_replaces_its_rows(market: World, eager_tasks: None) -> None:
    run = run_matching_in_process(None, market.v_a.region, chunk_size=1)
    before = list(Recommendation.objects.filter(run=run).order_by("seeker", "rank")
                  .values_list("seeker_id", "vacancy_id", "rank", "score", "explanation"))

    assert complete_chunk(run, 0) > 0
    tasks.match_chunk.delay(run.pk, 1)  # a redelivered task message

    after = list(Recommendation.objects.filter(run=run).order_by("seeker", "rank")
                 .values_list("seeker_id", "vacancy_id", "rank", "score", "explanation"))
    assert after == before
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert AuditEntry.objects.filter(action="matching.finish_run").count() == 1


def test_chunking_does_not_change_the_lists(market: World) -> None:
    for number in range(6):
        seeker(market.office_a, first_name=f"Extra {number}",
               skills=["bathe patients", "cook meals", "drive a van"][: number % 3 + 1])
    one_by_one = listed(run_matching_in_process(None, market.v_a.region, chunk_size=1).pk)
    all_at_once = listed(run_matching_in_process(None, market.v_a.region, chunk_size=500).pk)
    assert one_by_one == all_at_once and len(one_by_one) > 8


def test_hard_constraints_hold_end_to_end(market: World) -> None:
    employer, region = market.v_a.employer, market.v_a.region
    no_step_free = vacancy(employer, region, title="Perfect fit upstairs",
                           essential=["bathe patients", "take vital signs"],
                           accommodations=[Accommodation.JOB_COACH])
    step_free = vacancy(employer, region, title="Ground floor",
                        essential=["cook meals", "keep care records"],
                        accommodations=[Accommodation.STEP_FREE_ACCESS])
    remote = vacancy(employer, region, title="Remote records",
                     essential=["take vital signs", "keep care records"],
                     remote=True, latitude=52.0, longitude=4.0)
    needs_access = seeker(market.office_a, first_name="Deniz",
                          skills=["bathe patients", "take vital signs", "keep care records"],
                          accommodation_needs=[Accommodation.STEP_FREE_ACCESS],
                          accepts_remote=False)

    run = run_matching_in_process(None, region)

    shown = set(Recommendation.objects.filter(run=run, seeker=needs_access)
                .values_list("vacancy_id", flat=True))
    assert step_free.pk in shown
    assert no_step_free.pk not in shown and remote.pk not in shown
    # No vacancy without step-free access reaches this person, whatever its score.
    for listed_vacancy in Recommendation.objects.filter(run=run, seeker=needs_access):
        assert Accommodation.STEP_FREE_ACCESS in listed_vacancy.vacancy.accommodations
    # Remote work is still proposed to those who accept it.
    assert Recommendation.objects.filter(run=run, vacancy=remote, seeker=market.sam).exists()

    why = explain_absence_for(market.alice, needs_access.pk, no_step_free.pk)
    assert why.report is not None
    assert why.report.reasons == ["accommodation_not_offered"]
    assert why.report.missing_accommodations == ["step_free_access"]
    assert not why.report.shown
    why_remote = explain_absence_for(market.alice, needs_access.pk, remote.pk)
    assert why_remote.report is not None
    assert why_remote.report.reasons == ["accommodation_not_offered", "remote_not_accepted"]


def test_only_consented_target_groups_are_read_and_the_read_is_audited(market: World) -> None:
    market.sam.sensitive = {"target_groups": ["disability", "refugee"]}
    market.sam.save(update_fields=["sensitive"])
    consent(market.sam, "disability")  # refugee status declared without consent to use it
    market.tess.sensitive = {"target_groups": ["youth"]}
    market.tess.save(update_fields=["sensitive"])

    run = run_matching_in_process(None, market.v_a.region, chunk_size=1)

    entries = AuditEntry.objects.filter(action="seekers.read_sensitive")
    assert entries.count() == 1
    assert entries.get().details == {"purpose": "matching", "seekers": 1, "target_groups": 1,
                                     "accommodation_needs": 0}
    assert entries.get().target_id == str(run.pk)
    groups = {}
    for chunk in RunChunk.objects.filter(run=run):
        snapshot = chunk_seekers(chunk)
        groups.update(zip(snapshot.seeker_ids.tolist(), snapshot.groups.tolist(), strict=True))
    assert groups == {market.sam.pk: int(SeekerGroup.DISABILITY), market.tess.pk: 0}
    assert market.tess.pk not in read_run_sensitive(run, target_groups=True)

    run_matching_in_process(None, market.v_a.region, fairness=False)
    # A run without fairness reads needs alone: nobody here has consented needs.
    assert entries.latest("at").details == {"purpose": "matching", "seekers": 0,
                                            "target_groups": 0, "accommodation_needs": 0}


def test_a_group_without_comparable_seekers_is_left_out_of_fairness(market: World) -> None:
    # Everyone looking for work in the region is young: there is nobody to compare with.
    for person in (market.sam, market.tess):
        person.sensitive = {"target_groups": ["youth"]}
        person.save(update_fields=["sensitive"])
        consent(person, "youth")

    run = run_matching_in_process(None, market.v_a.region)

    assert run.status == RunStatus.DONE
    assert run.parameters["market"]["groups_without_comparison"] == ["youth"]
    assert run.parameters["market"]["fairness_groups"] == []
    ranking = Recommendation.objects.filter(run=run).values_list("ranking_score", flat=True)
    assert ranking and all(np.isfinite(list(ranking)))


def test_sealed_seeker_snapshots_do_not_show_the_groups(market: World) -> None:
    market.sam.sensitive = {"target_groups": ["disability"]}
    market.sam.save(update_fields=["sensitive"])
    consent(market.sam, "disability")
    run = run_matching_in_process(None, market.v_a.region)
    sealed = bytes(RunChunk.objects.get(run=run, number=0).seekers_sealed)
    assert b"groups" not in sealed and b"seeker_ids" not in sealed


def test_a_new_run_supersedes_the_previous_one(market: World) -> None:
    first = run_matching_in_process(None, market.v_a.region)
    assert Recommendation.objects.filter(run=first).exists()
    second = run_matching_in_process(None, market.v_a.region)

    assert latest_done_run(market.v_a.region_id) == second
    assert not Recommendation.objects.filter(run=first).exists()
    assert not MatchingRunInputs.objects.filter(run=first).exists()
    assert not RunChunk.objects.filter(run=first, seekers_sealed__isnull=False).exists()
    assert Recommendation.objects.filter(run=second).exists()


def test_a_failing_chunk_stops_the_run_with_its_error(market: World) -> None:
    run = start_matching_run(None, market.v_a.region, dispatch=False)  # never prepared
    with pytest.raises(RunNotPreparedError):
        tasks.match_chunk.apply(args=(run.pk, 0), throw=True)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "chunk 0" in run.error


def test_a_region_without_seekers_finishes_at_once(world: World) -> None:
    run = run_matching_in_process(None, world.office_b.region)
    # seeker_b is the only one there; once placed, the region has nobody to match.
    world.seeker_b.status = "placed"
    world.seeker_b.save(update_fields=["status"])
    empty = run_matching_in_process(None, world.office_b.region)
    assert run.status == empty.status == RunStatus.DONE
    assert RunChunk.objects.filter(run=empty).count() == 0


@pytest.mark.parametrize(("persona", "allowed"), [
    ("bob", True),      # office manager in the region
    ("judy", True),     # platform administrator
    ("alice", False),   # counsellor: sees the lists, does not start runs
    ("dana", False),
    ("erin", False),
    ("sam_user", False),
])
def test_who_may_start_a_run(world: World, persona: str, allowed: bool) -> None:
    user = getattr(world, persona)
    if allowed:
        assert start_matching_run(user, world.v_a.region, dispatch=False).pk
    else:
        with pytest.raises(PermissionDenied):
            start_matching_run(user, world.v_a.region, dispatch=False)


def test_a_manager_of_another_region_may_not_start_a_run(world: World) -> None:
    manager = UserFactory(username="mei", role=Role.OFFICE_MANAGER)
    StaffMembershipFactory(user=manager, office=world.office_b)
    with pytest.raises(PermissionDenied):
        start_matching_run(manager, world.v_a.region, dispatch=False)


def _grow(world: World, n: int) -> None:
    for number in range(n):
        person = seeker(world.office_a, first_name=f"Grown {number}",
                        skills=["bathe patients", "drive a van"][: number % 2 + 1])
        person.sensitive = {"target_groups": ["youth"]}
        person.save(update_fields=["sensitive"])
        consent(person, "youth")
        vacancy(world.v_a.employer, world.v_a.region, title=f"Grown {number}",
                essential=["cook meals"], optional=["drive a van"])


def test_reading_a_region_takes_a_constant_number_of_queries(world: World) -> None:
    region = world.v_a.region
    run = start_matching_run(None, region, dispatch=False)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            read = read_run_sensitive(run, target_groups=True)
            load_region_market(region, run.as_of, sensitive=read)
        return len(queries)

    _grow(world, 2)
    small = count_queries()
    _grow(world, 25)
    large = count_queries()
    assert small == large <= 13
    market = load_region_market(region, run.as_of)
    assert len(market.seekers) == 2 + 27 and len(market.vacancies) == 1 + 27
    # The vocabulary is what the vacancies ask for; a seeker's other skills cannot score.
    assert sorted(market.skill_uris.tolist()) == [
        "http://data.europa.eu/esco/skill/cook-meals", "http://data.europa.eu/esco/skill/drive-a-van"]
    drivers = np.diff(market.seekers.skills.indptr)
    assert drivers.sum() == 13  # the grown seekers with an odd number hold "drive a van"


def test_batch_explanations_equal_the_engines_one_by_one(world: World) -> None:
    """The chunk explains all its rows at once; each must be what RegionMatcher.explain says."""
    region = build_region(n_seekers=60, n_vacancies=40, seed=3)
    run = run_matching_in_process(None, region, chunk_size=25)
    tables = load_region_market(region, run.as_of)
    matchers = RunMatchers(VacancySnapshot(tables.vacancies, tables.skill_uris, None),
                           RunSettings(as_of=run.as_of))
    stored = list(Recommendation.objects.filter(run=run))
    assert len(stored) > 60
    for row in stored:
        expected = matchers.matcher.explain(
            tables.seekers, row.seeker_id, row.vacancy_id, run.as_of)
        vacancy_row = matchers.matcher.index_.rows_of(np.array([row.vacancy_id]))[0]
        essential_total = int(matchers.matcher.index_.vacancies.essential_counts[vacancy_row])
        assert row.explanation == explanation_json(expected, essential_total=essential_total)
        assert expected.score == row.score


def test_a_stated_target_occupation_leads_and_counts_as_a_preference(market: World) -> None:
    """Sam worked as a nurse's aide but says he wants to drive: driving becomes as close
    an occupation as the one he knows (ADR 0008: target and past occupations both count),
    and it is a stated preference."""
    care = ConceptFactory(kind="occupation", isco_code="5321")
    driving = ConceptFactory(kind="occupation", isco_code="8322")
    for title, occupation in (("Care assistant", care), ("Van driver", driving)):
        Vacancy.objects.filter(title=title).update(occupation=occupation)
    add_work_experience(market.alice, market.sam, title="nurse's aide", occupation=care,
                        years=Decimal(6))
    give_skills(market.sam, ["drive a van"])

    def explanations() -> dict[str, dict[str, float]]:
        run = run_matching_in_process(None, market.v_a.region)
        return {row.vacancy.title: row.explanation["contributions"]
                for row in Recommendation.objects.filter(run=run, seeker=market.sam)}

    before = explanations()
    assert before["Care assistant"]["occupation"] > before["Van driver"]["occupation"]
    assert before["Van driver"]["preference"] == 0
    set_target_occupation(market.alice, market.sam, driving)
    tables = load_region_market(market.v_a.region, timezone.localdate())
    row = tables.seekers.row_of(market.sam.pk)
    assert tables.seekers.isco_unit_group[row] == 8322
    assert tables.seekers.preferred_unit_groups[[row], :].indices.tolist() == [8322]
    after = explanations()
    assert after["Van driver"]["occupation"] > before["Van driver"]["occupation"]
    assert after["Van driver"]["occupation"] == after["Care assistant"]["occupation"]
    assert after["Van driver"]["preference"] > 0 == after["Care assistant"]["preference"]
    with pytest.raises(ValidationError) as error:
        set_target_occupation(market.alice, market.sam, ConceptFactory(kind="skill"))
    assert "target_occupation" in error.value.message_dict
