"""The proposal of plan steps from the barriers, and the scoped reads."""

from __future__ import annotations

import datetime as dt

import pytest

from decentwork.casework import actions
from decentwork.casework.access import (
    assessments_of_seeker,
    current_plan,
    last_casework_contact,
    overdue_steps,
    participations_of_seeker,
)
from decentwork.casework.models import StepOwner, StepType
from decentwork.casework.proposals import propose_steps, proposed_steps
from tests.casework.helpers import START, programme_of, seeker_step
from tests.conftest import World


def test_each_barrier_proposes_its_step_and_a_job_search_closes_the_list() -> None:
    steps = propose_steps([("language", "moderate"), ("childcare", "severe"),
                           ("digital_skills", "minor"), ("transport", "minor"),
                           ("housing", "severe"), ("debt", "minor"),
                           ("legal_status", "moderate")], START)
    assert [(s.barrier, s.step_type) for s in steps] == [
        ("childcare", StepType.SERVICE_REFERRAL), ("transport", StepType.SERVICE_REFERRAL),
        ("language", StepType.TRAINING_COURSE), ("digital_skills", StepType.TRAINING_COURSE),
        ("housing", StepType.SERVICE_REFERRAL), ("debt", StepType.SERVICE_REFERRAL),
        ("legal_status", StepType.SERVICE_REFERRAL), ("", StepType.JOB_SEARCH)]
    assert steps[0].title.startswith("Find childcare with the help of")
    assert all(s.due_on > START for s in steps)


def test_health_depends_on_severity() -> None:
    (severe, _search) = propose_steps([("health", "severe")], START)
    (moderate, _search) = propose_steps([("health", "moderate")], START)
    assert (severe.step_type, severe.owner) == (StepType.JOB_COACH, StepOwner.COUNSELLOR)
    assert moderate.step_type == StepType.SERVICE_REFERRAL


def test_no_barrier_still_proposes_a_job_search() -> None:
    assert [s.step_type for s in propose_steps([], START)] == [StepType.JOB_SEARCH]


@pytest.mark.django_db
def test_proposal_of_a_recorded_assessment(world: World) -> None:
    assessment = actions.record_assessment(world.alice, world.sam, assessed_on=START,
                                           barriers={"childcare": "moderate"})
    steps = proposed_steps(assessment)
    assert [s.barrier for s in steps] == ["childcare", ""]
    later = START + dt.timedelta(days=10)
    assert proposed_steps(assessment, start=later)[0].due_on > later


@pytest.mark.django_db
def test_the_proposal_is_worded_in_the_persons_language(world: World) -> None:
    world.sam.preferred_language = "tr"
    world.sam.save(update_fields=["preferred_language"])
    assessment = actions.record_assessment(world.alice, world.sam, assessed_on=START,
                                           barriers={})
    assert [s.title for s in proposed_steps(assessment)] == [
        "Size uygun en az üç işe başvurun"]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "sees"), [
    ("alice", True), ("bob", True), ("judy", True), ("sam_user", True),
    ("dana", False), ("charlie", False), ("erin", False), ("ivan", False), ("tess_user", False),
])
def test_who_reads_a_seekers_casework(world: World, name: str, sees: bool) -> None:
    actions.record_assessment(world.alice, world.sam, assessed_on=START, barriers={})
    actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[seeker_step()])
    actions.offer_place(world.alice, world.sam, programme_of(world))
    user = world.persona(name)
    assert assessments_of_seeker(user, world.sam).exists() is sees
    assert (current_plan(user, world.sam) is not None) is sees
    assert participations_of_seeker(user, world.sam).exists() is sees


@pytest.mark.django_db
def test_overdue_steps_in_scope(world: World) -> None:
    plan = actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[
        seeker_step("Late", due_on=START), seeker_step("Later", due_on=START + dt.timedelta(3))])
    actions.agree_plan(world.charlie, world.seeker_b, starts_on=START,
                       steps=[seeker_step("Other site", due_on=START)])
    day_after = START + dt.timedelta(days=1)
    assert [s.title for s in overdue_steps(world.alice, day_after)] == ["Late"]
    assert [s.title for s in overdue_steps(world.alice, START)] == []
    assert list(overdue_steps(world.alice, day_after, office_id=world.office_a2.pk)) == []
    assert list(overdue_steps(world.dana, day_after)) == []
    actions.change_step(world.alice, plan.steps.get(title="Late"), "complete")
    assert list(overdue_steps(world.alice, day_after)) == []


@pytest.mark.django_db
def test_last_casework_contact(world: World) -> None:
    actions.record_assessment(world.alice, world.sam, assessed_on=START - dt.timedelta(5),
                              barriers={})
    actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[seeker_step()],
                       agreed_on=START - dt.timedelta(2))
    actions.record_assessment(world.alice, world.tess, assessed_on=START - dt.timedelta(9),
                              barriers={})
    assert last_casework_contact([world.sam.pk, world.tess.pk, world.seeker_b.pk]) == {
        world.sam.pk: START - dt.timedelta(2), world.tess.pk: START - dt.timedelta(9)}
