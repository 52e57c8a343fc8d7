"""The transition table, taken through the actions: what is allowed works and is
logged; everything else is refused, names both states and writes nothing."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from decentwork.applications import actions
from decentwork.applications.access import transition_log
from decentwork.applications.models import (
    Application,
    ApplicationState,
    ApplicationTransition,
    Origin,
    Placement,
    RefusalReason,
)
from decentwork.applications.workflow import TRANSITIONS
from decentwork.audit.models import AuditEntry
from decentwork.employers.models import Vacancy
from decentwork.inbox.models import Message
from decentwork.seekers.models import StatusChange
from tests.applications.steps import actor_for, application_in, take
from tests.conftest import World

PAIRS = list(itertools.product([s.value for s in ApplicationState], TRANSITIONS))


def _counts() -> tuple[int, ...]:
    return (ApplicationTransition.objects.count(), AuditEntry.objects.count(),
            Message.objects.count(), Placement.objects.count(), StatusChange.objects.count(),
            sum(Vacancy.objects.values_list("filled", flat=True)))


@pytest.mark.parametrize(("state", "name"), PAIRS, ids=[f"{s}-{n}" for s, n in PAIRS])
def test_every_pair_of_state_and_transition(world: World, state: str, name: str) -> None:
    application = application_in(world, state)
    transition = TRANSITIONS[name]
    log_before = [row.pk for row in transition_log(application)]
    audit = AuditEntry.objects.filter(action=f"applications.{name}", target_id=str(application.pk))
    audited_before = audit.count()
    before = _counts()
    if state in transition.sources:
        moved = take(world, application, name, note="checked")
        assert moved.state == transition.target
        assert Application.objects.get(pk=application.pk).state == transition.target
        rows = transition_log(application)
        assert [row.pk for row in rows[:-1]] == log_before
        last = rows[-1]
        assert (last.name, last.from_state, last.to_state, last.actor, last.note) == (
            name, state, transition.target, actor_for(world, name), "checked")
        assert last.reason == (RefusalReason.SKILLS_MISSING if transition.needs_reason else "")
        assert audit.count() == audited_before + 1
    else:
        with pytest.raises(actions.TransitionNotAllowed) as refused:
            take(world, application, name, note="checked")
        message = refused.value.messages[0]
        assert str(ApplicationState(state).label) in message
        assert str(ApplicationState(transition.target).label) in message
        assert Application.objects.get(pk=application.pk).state == state
        assert _counts() == before


def test_the_log_tells_the_whole_story(world: World) -> None:
    application, _ = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a,
                                              message="I cared for my grandmother for 6 years.")
    actions.transition_application(world.erin, application, "mark_seen")
    actions.transition_application(world.erin, application, "plan_interview",
                                   expected_state=ApplicationState.SEEN, note="Tuesday 10:00")
    actions.transition_application(world.erin, application, "refuse",
                                   reason=RefusalReason.OTHER, note="  Needs a driving licence ")
    rows = [(r.name, r.from_state, r.to_state, r.actor, r.reason, r.note)
            for r in transition_log(application)]
    assert rows == [
        ("create", "", "new", world.sam_user, "", ""),
        ("mark_seen", "new", "seen", world.erin, "", ""),
        ("plan_interview", "seen", "interview", world.erin, "", "Tuesday 10:00"),
        ("refuse", "interview", "refused", world.erin, "other", "Needs a driving licence"),
    ]
    refused = Application.objects.get(pk=application.pk)
    assert refused.refusal_reason == RefusalReason.OTHER
    assert refused.refusal_text == "Needs a driving licence"
    assert refused.message == "I cared for my grandmother for 6 years."
    assert refused.origin == Origin.SEEKER and refused.created_by == world.sam_user


def test_the_state_the_actor_saw_must_still_be_current(world: World) -> None:
    application = application_in(world, ApplicationState.SEEN)
    with pytest.raises(actions.ApplicationChangedMeanwhile) as changed:
        actions.transition_application(world.erin, application, "plan_interview",
                                       expected_state=ApplicationState.NEW)
    assert str(ApplicationState.SEEN.label) in changed.value.messages[0]
    assert Application.objects.get(pk=application.pk).state == ApplicationState.SEEN
    assert transition_log(application)[-1].name == "mark_seen"


@pytest.mark.parametrize(("name", "reason", "note", "field"), [
    ("no_such_step", "", "", "name"),
    ("accept", "", "", "name"),             # a hire needs its details: accept_application
    ("refuse", "", "", "reason"),
    ("refuse", "too_old", "", "reason"),    # not a RefusalReason
    ("refuse", RefusalReason.OTHER, "   ", "note"),
    ("mark_seen", RefusalReason.SKILLS_MISSING, "", "reason"),
])
def test_bad_input_names_the_field_and_writes_nothing(
        world: World, name: str, reason: str, note: str, field: str) -> None:
    application = application_in(world, ApplicationState.NEW)
    before = _counts()
    with pytest.raises(ValidationError) as bad:
        actions.transition_application(world.erin, application, name, reason=reason, note=note)
    assert field in bad.value.message_dict
    assert _counts() == before
    assert Application.objects.get(pk=application.pk).state == ApplicationState.NEW


def test_the_platform_closes_an_application_with_a_reason(world: World) -> None:
    application = application_in(world, ApplicationState.INTERVIEW)
    actions.transition_application(None, application, "make_obsolete",
                                   reason=actions.ObsoleteReason.VACANCY_CLOSED)
    last = transition_log(application)[-1]
    assert (last.to_state, last.actor, last.reason) == ("obsolete", None, "vacancy_closed")
    with pytest.raises(ValidationError) as bad:
        actions.transition_application(None, application_in(world, ApplicationState.NEW),
                                       "make_obsolete", reason="because")
    assert "reason" in bad.value.message_dict


def test_at_most_one_open_application(world: World) -> None:
    first, created = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    before = _counts()
    again, created_again = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    referred, created_referral = actions.refer_to_vacancy(world.alice, world.sam, world.v_a)
    assert created and not created_again and not created_referral
    assert again.pk == first.pk == referred.pk
    assert _counts() == before
    # Once the first is closed, a new application may start.
    actions.transition_application(world.sam_user, first, "withdraw")
    second, created_second = actions.apply_to_vacancy(world.sam_user, world.sam, world.v_a)
    assert created_second and second.pk != first.pk
    assert Application.objects.filter(seeker=world.sam, vacancy=world.v_a).count() == 2


def test_a_recommendation_is_kept_as_values(world: World) -> None:
    copy = actions.RecommendationCopy(run_id=41, rank=3, score=0.82,
                                      explanation={"shared_skills": ["caring"]})
    application, _ = actions.refer_to_vacancy(world.alice, world.sam, world.v_a,
                                              note="Strong on care work", recommendation=copy)
    stored = Application.objects.get(pk=application.pk)
    assert (stored.recommendation_run_id, stored.recommendation_rank,
            stored.recommendation_score, stored.recommendation_explanation) == (
        41, 3, 0.82, {"shared_skills": ["caring"]})
    assert stored.origin == Origin.COUNSELLOR and stored.message == "Strong on care work"
