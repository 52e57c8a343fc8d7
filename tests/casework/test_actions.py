"""Casework actions: the transition tables, validation before any write, who may act,
the log, audit entries and notices, target groups only through consent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decentwork.audit.models import AuditEntry
from decentwork.casework import actions
from decentwork.casework.models import (
    ActionPlan,
    AssessedBarrier,
    Assessment,
    Participation,
    ParticipationState,
    ParticipationTransition,
    PlanStep,
    PlanStepTransition,
    StepOwner,
    StepState,
)
from decentwork.casework.workflow import PARTICIPATION_TRANSITIONS, STEP_TRANSITIONS
from decentwork.controlled_lists import TargetGroup
from decentwork.inbox.models import Message
from decentwork.seekers.models import Consent
from tests.casework.helpers import (
    START,
    counsellor_step,
    programme_of,
    seeker_step,
)
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (ActionPlan.objects.count(), PlanStep.objects.count(),
            PlanStepTransition.objects.count(), Participation.objects.count(),
            ParticipationTransition.objects.count(), Assessment.objects.count(),
            AssessedBarrier.objects.count(), AuditEntry.objects.count(),
            Message.objects.count(), Consent.objects.count())


# The tables ----------------------------------------------------------------------------


def test_transition_tables_are_the_documented_lives() -> None:
    assert {n: ([str(s) for s in t.sources], str(t.target))
            for n, t in STEP_TRANSITIONS.items()} == {
        "complete": (["planned"], "done"), "cancel": (["planned"], "cancelled"),
        "reopen": (["done", "cancelled"], "planned")}
    assert {n: ([str(s) for s in t.sources], str(t.target))
            for n, t in PARTICIPATION_TRANSITIONS.items()} == {
        "enrol": (["offered"], "enrolled"), "decline": (["offered"], "declined"),
        "complete": (["enrolled"], "completed"), "drop_out": (["enrolled"], "dropped_out")}


# Assessment ----------------------------------------------------------------------------


def test_assessment_keeps_history_and_declares_target_groups_with_consent(world: World) -> None:
    first = actions.record_assessment(world.alice, world.sam, assessed_on=START,
                                      barriers={"childcare": "severe"}, goals="Work as a cook")
    second = actions.record_assessment(
        world.bob, world.sam, assessed_on=START, barriers={"language": "moderate"},
        target_groups=[TargetGroup.WOMAN_RETURNER])
    assert list(Assessment.objects.filter(seeker=world.sam)) == [second, first]
    assert [(b.barrier, b.severity) for b in first.barriers.all()] == [("childcare", "severe")]
    consent = Consent.objects.get(seeker=world.sam, scope=TargetGroup.WOMAN_RETURNER)
    assert consent.withdrawn_at is None and consent.recorded_by == world.bob
    world.sam.refresh_from_db()
    assert world.sam.sensitive["target_groups"] == [TargetGroup.WOMAN_RETURNER]
    assert AuditEntry.objects.filter(action="seekers.declare_target_group").count() == 1
    assert AuditEntry.objects.filter(action="casework.record_assessment").count() == 2


def test_assessment_without_target_groups_declares_none(world: World) -> None:
    actions.record_assessment(world.alice, world.sam, assessed_on=START,
                              barriers={"transport": "minor"})
    assert not Consent.objects.filter(seeker=world.sam).exists()
    world.sam.refresh_from_db()
    assert "target_groups" not in (world.sam.sensitive or {})


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"barriers": {"childcare": "huge"}}, "barriers"),
    ({"barriers": {"weather": "minor"}}, "barriers"),
    ({"barriers": {}, "target_groups": ["aliens"]}, "target_groups"),
    ({"barriers": {}, "assessed_on": START + dt.timedelta(days=1)}, "assessed_on"),
])
def test_bad_assessment_names_the_field_and_writes_nothing(world: World, kwargs: dict[str, object],
                                                          field: str) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        actions.record_assessment(world.alice, world.sam, **{"assessed_on": START, **kwargs})  # type: ignore[arg-type]
    assert field in refused.value.message_dict
    assert _counts() == before


@pytest.mark.parametrize("name", ["dana", "charlie", "erin", "ivan", "sam_user"])
def test_only_staff_of_the_office_record_assessments(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.record_assessment(world.persona(name), world.sam, assessed_on=START,
                                  barriers={}, target_groups=[TargetGroup.YOUTH])
    assert not Consent.objects.exists()


# Plans ----------------------------------------------------------------------------------


def test_agree_plan_creates_steps_offers_places_notifies_and_replaces(world: World) -> None:
    course = programme_of(world, title="Turkish for work")
    old = actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[seeker_step()])
    plan = actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[
        seeker_step("Take the Turkish course", step_type="training_course",
                    programme_id=course.pk),
        counsellor_step()])
    old.refresh_from_db()
    assert old.closed_at is not None and plan.closed_at is None
    assert [s.title for s in plan.steps.all()] == ["Call the childcare service",
                                                    "Take the Turkish course"]
    step = plan.steps.get(programme=course)
    offer = Participation.objects.get(seeker=world.sam)
    assert (offer.programme, offer.plan_step, offer.state) == (course, step,
                                                               ParticipationState.OFFERED)
    assert PlanStepTransition.objects.filter(step__plan=plan, name="create").count() == 2
    kinds = list(Message.objects.filter(recipient=world.sam_user).values_list("kind", flat=True)
                 .order_by("id"))
    assert kinds == ["casework.plan_agreed", "casework.place_offered", "casework.plan_agreed"]
    assert AuditEntry.objects.filter(action="casework.agree_plan").count() == 2


def test_notice_is_in_the_persons_language(world: World) -> None:
    world.sam_user.preferred_language = "tr"
    world.sam_user.save(update_fields=["preferred_language"])
    actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[seeker_step()])
    message = Message.objects.get(recipient=world.sam_user)
    assert message.link == "/casework/me/"
    assert "2026" in message.body


def test_due_date_before_start_is_refused_naming_the_step_field(world: World) -> None:
    course = programme_of(world)
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[
            seeker_step(programme_id=course.pk),
            seeker_step("Too early", due_on=START - dt.timedelta(days=1))])
    assert list(refused.value.message_dict) == ["steps-1-due_on"]
    assert _counts() == before


def test_add_step_refuses_a_due_date_before_the_plan_start(world: World) -> None:
    plan = actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[seeker_step()])
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        actions.add_step(world.alice, plan, seeker_step(due_on=START - dt.timedelta(days=3)))
    assert list(refused.value.message_dict) == ["due_on"]
    assert _counts() == before
    added = actions.add_step(world.bob, plan, counsellor_step("Phone the employer"))
    assert added.plan == plan and added.state == StepState.PLANNED


@pytest.mark.parametrize(("step", "field"), [
    (seeker_step(title="  "), "steps-0-title"),
    (seeker_step(step_type="astrology"), "steps-0-step_type"),
    (seeker_step(owner="neighbour"), "steps-0-owner"),
    (seeker_step(barrier="weather"), "steps-0-barrier"),
])
def test_bad_steps_name_their_field(world: World, step: actions.StepInput, field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[step])
    assert field in refused.value.message_dict
    assert not ActionPlan.objects.exists()


def test_programme_of_another_site_or_closed_is_refused(world: World) -> None:
    elsewhere = programme_of(world)
    elsewhere.site = world.office_b.site
    elsewhere.save()
    closed = programme_of(world, is_open=False)
    for programme in (elsewhere, closed):
        with pytest.raises(ValidationError) as refused:
            actions.agree_plan(world.alice, world.sam, starts_on=START,
                               steps=[seeker_step(programme_id=programme.pk)])
        assert "steps-0-programme" in refused.value.message_dict
    assert not Participation.objects.exists()


def test_a_plan_needs_a_step(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[])
    assert "steps" in refused.value.message_dict


@pytest.mark.parametrize("name", ["dana", "charlie", "erin", "ivan", "sam_user", "tess_user"])
def test_only_staff_agree_plans(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.agree_plan(world.persona(name), world.sam, starts_on=START,
                           steps=[seeker_step()])
    assert not ActionPlan.objects.exists()


def test_administrator_may_agree_a_plan(world: World) -> None:
    plan = actions.agree_plan(world.judy, world.sam, starts_on=START, steps=[seeker_step()])
    assert plan.agreed_by == world.judy


# Steps -----------------------------------------------------------------------------------


def _plan(world: World) -> tuple[PlanStep, PlanStep]:
    plan = actions.agree_plan(world.alice, world.sam, starts_on=START,
                              steps=[seeker_step(), counsellor_step()])
    return (plan.steps.get(owner=StepOwner.SEEKER), plan.steps.get(owner=StepOwner.COUNSELLOR))


def test_person_completes_own_step_only(world: World) -> None:
    own, counsellors = _plan(world)
    done = actions.change_step(world.sam_user, own, "complete", note="Sent three")
    assert done.state == StepState.DONE
    log = PlanStepTransition.objects.filter(step=own).last()
    assert log is not None
    assert (log.name, log.from_state, log.to_state, log.actor, log.note) == (
        "complete", "planned", "done", world.sam_user, "Sent three")
    with pytest.raises(PermissionDenied):
        actions.change_step(world.sam_user, counsellors, "complete")
    with pytest.raises(PermissionDenied):
        actions.change_step(world.sam_user, own, "reopen")


@pytest.mark.parametrize("name", ["dana", "charlie", "erin", "ivan", "tess_user"])
def test_outsiders_change_no_step(world: World, name: str) -> None:
    own, _counsellors = _plan(world)
    with pytest.raises(PermissionDenied):
        actions.change_step(world.persona(name), own, "complete")
    own.refresh_from_db()
    assert own.state == StepState.PLANNED


def test_refused_step_transition_names_both_states_and_writes_nothing(world: World) -> None:
    own, _counsellors = _plan(world)
    actions.change_step(world.alice, own, "cancel")
    before = _counts()
    with pytest.raises(actions.TransitionNotAllowed) as refused:
        actions.change_step(world.alice, own, "complete")
    assert "Cancelled" in refused.value.messages[0] and "Done" in refused.value.messages[0]
    assert _counts() == before
    assert actions.change_step(world.bob, own, "reopen").state == StepState.PLANNED


def test_unknown_step_transition_names_the_name(world: World) -> None:
    own, _counsellors = _plan(world)
    with pytest.raises(ValidationError) as refused:
        actions.change_step(world.alice, own, "teleport")
    assert "name" in refused.value.message_dict


def test_steps_of_a_replaced_plan_stay_as_they_were(world: World) -> None:
    own, _counsellors = _plan(world)
    actions.agree_plan(world.alice, world.sam, starts_on=START, steps=[seeker_step()])
    with pytest.raises(ValidationError) as refused:
        actions.change_step(world.sam_user, own, "complete")
    assert "plan" in refused.value.message_dict


# Participation -----------------------------------------------------------------------------


def test_offer_enrol_complete_with_certificate(world: World) -> None:
    course = programme_of(world)
    offer = actions.offer_place(world.alice, world.sam, course)
    assert Message.objects.filter(recipient=world.sam_user,
                                  kind="casework.place_offered").count() == 1
    enrolled = actions.change_participation(world.sam_user, offer, "enrol", on=START)
    assert (enrolled.state, enrolled.enrolled_on) == (ParticipationState.ENROLLED, START)
    with pytest.raises(PermissionDenied):
        actions.change_participation(world.sam_user, enrolled, "complete", on=START)
    done = actions.change_participation(world.alice, enrolled, "complete", on=START,
                                        certificate="Level A2")
    assert (done.state, done.ended_on, done.certificate) == (
        ParticipationState.COMPLETED, START, "Level A2")
    assert [t.name for t in done.transitions.all()] == ["offer", "enrol", "complete"]
    assert AuditEntry.objects.filter(action="casework.participation.complete").count() == 1


def test_decline_and_drop_out_need_their_facts(world: World) -> None:
    course, other = programme_of(world), programme_of(world)
    declined = actions.change_participation(
        world.sam_user, actions.offer_place(world.alice, world.sam, course), "decline", on=START)
    assert declined.state == ParticipationState.DECLINED
    offer = actions.offer_place(world.alice, world.sam, other)
    enrolled = actions.change_participation(world.alice, offer, "enrol", on=START)
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        actions.change_participation(world.alice, enrolled, "drop_out", on=START)
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.change_participation(world.alice, enrolled, "complete",
                                     on=START - dt.timedelta(days=1))
    assert "on" in refused.value.message_dict
    assert _counts() == before
    dropped = actions.change_participation(world.alice, enrolled, "drop_out", on=START,
                                           reason="Found a job")
    assert (dropped.state, dropped.drop_out_reason) == (ParticipationState.DROPPED_OUT,
                                                        "Found a job")


def test_refused_participation_transition_names_both_states(world: World) -> None:
    offer = actions.offer_place(world.alice, world.sam, programme_of(world))
    before = _counts()
    with pytest.raises(actions.TransitionNotAllowed) as refused:
        actions.change_participation(world.alice, offer, "complete", on=START)
    assert "Offered a place" in refused.value.messages[0]
    assert "Completed" in refused.value.messages[0]
    assert _counts() == before


def test_second_offer_of_the_same_programme_is_refused(world: World) -> None:
    course = programme_of(world)
    actions.offer_place(world.alice, world.sam, course)
    with pytest.raises(ValidationError) as refused:
        actions.offer_place(world.alice, world.sam, course)
    assert "programme" in refused.value.message_dict
    assert Participation.objects.count() == 1


@pytest.mark.parametrize("name", ["dana", "charlie", "erin", "ivan", "sam_user", "tess_user"])
def test_only_staff_offer_places(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.offer_place(world.persona(name), world.sam, programme_of(world))
    assert not Participation.objects.exists()


def test_tess_cannot_accept_sams_offer(world: World) -> None:
    offer = actions.offer_place(world.alice, world.sam, programme_of(world))
    with pytest.raises(PermissionDenied):
        actions.change_participation(world.persona("tess_user"), offer, "enrol", on=START)


def test_no_second_place_in_a_programme_held_or_completed(world: World) -> None:
    course = programme_of(world)
    place = actions.offer_place(world.alice, world.sam, course)
    twice = [seeker_step(programme_id=course.pk), seeker_step(programme_id=course.pk)]
    with pytest.raises(ValidationError) as refused:
        actions.agree_plan(world.alice, world.tess, starts_on=START, steps=twice)
    assert set(refused.value.message_dict) == {"steps-1-programme"}
    with pytest.raises(ValidationError) as refused:
        actions.agree_plan(world.alice, world.sam, starts_on=START,
                           steps=[seeker_step(programme_id=course.pk)])
    assert refused.value.message_dict["steps-0-programme"] == [
        "This person already has a place in this programme."]
    actions.change_participation(world.sam_user, place, "enrol", on=START)
    actions.change_participation(world.alice, place, "complete", on=START,
                                 certificate="No. 7")
    with pytest.raises(ValidationError) as refused:
        actions.offer_place(world.alice, world.sam, course)
    assert refused.value.message_dict["programme"] == [
        "This person has already completed this programme."]
    assert Participation.objects.filter(seeker=world.sam).count() == 1
