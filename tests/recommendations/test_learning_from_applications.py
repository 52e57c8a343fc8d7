"""Matching learns from what happened: a vacancy the seeker has an open application
for, or was refused for, is not recommended to them again, and a vacancy's open
applications count in its congestion price (ADR 0009)."""

from __future__ import annotations

import numpy as np
import pytest

from decentwork.applications.actions import apply_to_vacancy, transition_application
from decentwork.applications.models import Application, RefusalReason
from decentwork.employers.models import Vacancy
from decentwork.recommendations.access import explain_absence_for
from decentwork.recommendations.actions import run_matching_in_process
from decentwork.recommendations.inputs import run_matchers
from decentwork.recommendations.models import MatchingRun, Recommendation
from decentwork.seekers.models import JobSeeker
from tests.conftest import World
from tests.recommendations.conftest import seeker, vacancy

pytestmark = pytest.mark.django_db

CARE = ["bathe patients", "take vital signs", "keep care records"]


@pytest.fixture
def crowded(world: World) -> tuple[list[JobSeeker], list[Vacancy]]:
    """Six people with the same care skills, three one-opening care vacancies; the first
    is nearest to them all, so that everyone's attention crowds onto it."""
    employer, region = world.v_a.employer, world.v_a.region
    jobs = [vacancy(employer, region, title=f"Care assistant {n}", essential=CARE[:2],
                    optional=CARE[2:], longitude=29.0 + 0.02 * n) for n in range(3)]
    people = [seeker(world.office_a, skills=CARE, first_name=f"Carer {n}") for n in range(6)]
    return people, jobs


def _run(world: World) -> MatchingRun:
    return run_matching_in_process(None, world.v_a.region)


def _listed_for(run: MatchingRun, person: JobSeeker) -> list[int]:
    return list(Recommendation.objects.filter(run=run, seeker=person).order_by("rank")
                .values_list("vacancy_id", flat=True))


def _price(run: MatchingRun, job: Vacancy) -> float:
    _, adjustment = run_matchers(run)
    assert adjustment is not None
    return float(adjustment.price_of(np.array([job.pk], dtype=np.int64))[0])


def test_an_open_application_takes_the_vacancy_off_the_list_and_raises_its_price(
        world: World, crowded: tuple[list[JobSeeker], list[Vacancy]]) -> None:
    people, jobs = crowded
    applicant, job = people[0], jobs[0]
    before = _run(world)
    assert job.pk in _listed_for(before, applicant)
    price_before = _price(before, job)

    apply_to_vacancy(world.alice, applicant, job)
    after = _run(world)

    assert job.pk not in _listed_for(after, applicant)
    assert {jobs[1].pk, jobs[2].pk} <= set(_listed_for(after, applicant))
    # Everyone else may still be shown it.
    assert all(job.pk in _listed_for(after, other) for other in people[1:])
    assert _price(after, job) > price_before + 1e-4
    assert _price(after, job) > max(_price(after, jobs[1]), _price(after, jobs[2]))


def test_the_counsellor_is_told_why_it_is_not_shown(
        world: World, crowded: tuple[list[JobSeeker], list[Vacancy]]) -> None:
    people, jobs = crowded
    apply_to_vacancy(world.alice, people[0], jobs[0])
    _run(world)
    answer = explain_absence_for(world.alice, people[0].pk, jobs[0].pk)
    assert answer.report is not None
    assert answer.report.reasons == ["already_applied"]


def test_a_refusal_keeps_the_vacancy_off_the_list_a_withdrawal_does_not(
        world: World, crowded: tuple[list[JobSeeker], list[Vacancy]]) -> None:
    people, jobs = crowded
    refused, _ = apply_to_vacancy(world.alice, people[0], jobs[0])
    transition_application(world.erin, refused, "refuse", reason=RefusalReason.SKILLS_MISSING)
    withdrawn, _ = apply_to_vacancy(world.alice, people[1], jobs[0])
    transition_application(world.alice, withdrawn, "withdraw")
    run = _run(world)
    assert jobs[0].pk not in _listed_for(run, people[0])
    assert jobs[0].pk in _listed_for(run, people[1])


def test_only_open_applications_count_in_congestion(
        world: World, crowded: tuple[list[JobSeeker], list[Vacancy]]) -> None:
    people, jobs = crowded
    refused, _ = apply_to_vacancy(world.alice, people[0], jobs[0])
    transition_application(world.erin, refused, "refuse", reason=RefusalReason.SKILLS_MISSING)
    # A finished run drops the inputs of the runs it supersedes: read each price first.
    price_with_refusal_only = _price(_run(world), jobs[0])
    apply_to_vacancy(world.alice, people[1], jobs[0])
    price_with_open = _price(_run(world), jobs[0])
    assert Application.objects.filter(vacancy=jobs[0]).count() == 2
    assert price_with_open > price_with_refusal_only + 1e-4
