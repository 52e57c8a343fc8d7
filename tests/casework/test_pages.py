"""The casework pages, for every persona: outsiders get the same 404; the counsellor
records an assessment, agrees the proposed plan and follows places; the person sees
their plan in plain words and marks their own steps done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from decentwork.casework import actions
from decentwork.casework.models import (
    ActionPlan,
    Assessment,
    Participation,
    ParticipationState,
    StepOwner,
    StepState,
)
from decentwork.controlled_lists import TargetGroup
from decentwork.seekers.models import Consent
from tests.casework.helpers import START, counsellor_step, programme_of, seeker_step
from tests.conftest import World

pytestmark = pytest.mark.django_db

STAFF = ["alice", "bob", "judy"]
OUTSIDERS = ["dana", "charlie", "erin", "frank", "ivan", "sam_user", "tess_user"]


def _html(response: Any) -> str:
    return str(response.content.decode())


def _plan(world: World) -> ActionPlan:
    return actions.agree_plan(world.alice, world.sam, starts_on=START,
                              steps=[seeker_step("Apply for three jobs"),
                                     counsellor_step("Call the childcare service")])


def _counsellor_urls(world: World) -> list[str]:
    return [reverse("casework:seeker", args=[world.sam.pk]),
            reverse("casework:new_assessment", args=[world.sam.pk]),
            reverse("casework:plan", args=[world.sam.pk])]


@pytest.mark.parametrize("name", STAFF)
def test_staff_see_the_counsellor_pages(world: World, name: str) -> None:
    _plan(world)
    client = world.client_for(world.persona(name))
    for url in _counsellor_urls(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", OUTSIDERS)
def test_others_get_404_on_the_counsellor_pages(world: World, name: str) -> None:
    _plan(world)
    client = world.client_for(world.persona(name))
    for url in _counsellor_urls(world):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("casework:plan", args=[world.sam.pk]),
                       {"starts_on": START}).status_code == 404
    assert client.post(reverse("casework:offer_place", args=[world.sam.pk]),
                       {"programme": programme_of(world).pk}).status_code == 404
    assert not Participation.objects.exists()


def test_anonymous_is_sent_to_log_in(world: World) -> None:
    response = world.client_for(None).get(reverse("casework:my_plan"))
    assert response.status_code == 302


def test_record_an_assessment_then_agree_the_proposed_plan(world: World) -> None:
    client = world.client_for(world.alice)
    course = programme_of(world, title="Turkish for work")
    response = client.post(reverse("casework:new_assessment", args=[world.sam.pk]), {
        "assessed_on": START.isoformat(), "barrier_childcare": "severe",
        "barrier_language": "moderate", "goals": "Cook in a hotel",
        "target_groups": [TargetGroup.WOMAN_RETURNER]})
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:plan", args=[world.sam.pk])
    assessment = Assessment.objects.get(seeker=world.sam)
    assert sorted(assessment.barriers.values_list("barrier", flat=True)) == ["childcare",
                                                                              "language"]
    assert Consent.objects.filter(seeker=world.sam, scope=TargetGroup.WOMAN_RETURNER).exists()

    page = _html(client.get(reverse("casework:plan", args=[world.sam.pk])))
    assert "Find childcare with the help of" in page
    assert 'name="steps-TOTAL_FORMS" value="5"' in page  # 3 proposed + 2 empty rows
    assert "Turkish for work" in page

    rows = {"steps-TOTAL_FORMS": "3", "steps-INITIAL_FORMS": "0", "starts_on": START.isoformat()}
    for i, (kind, title, owner, programme) in enumerate([
            ("service_referral", "Find childcare", "seeker", ""),
            ("training_course", "Take the Turkish course", "seeker", str(course.pk)),
            ("job_search", "", "seeker", "")]):  # an emptied row is left out
        rows |= {f"steps-{i}-step_type": kind, f"steps-{i}-title": title,
                 f"steps-{i}-owner": owner, f"steps-{i}-programme": programme,
                 f"steps-{i}-due_on": (START + dt.timedelta(days=14)).isoformat()}
    response = client.post(reverse("casework:plan", args=[world.sam.pk]), rows)
    assert response.status_code == 302
    plan = ActionPlan.objects.get(seeker=world.sam)
    assert sorted(plan.steps.values_list("title", flat=True)) == ["Find childcare",
                                                                  "Take the Turkish course"]
    assert Participation.objects.get(seeker=world.sam).programme == course
    page = _html(client.get(reverse("casework:seeker", args=[world.sam.pk])))
    assert "Take the Turkish course" in page and "Offered a place" in page
    assert "Cook in a hotel" in page


def test_due_date_before_start_is_shown_on_the_row(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.post(reverse("casework:plan", args=[world.sam.pk]), {
        "steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "0", "starts_on": START.isoformat(),
        "steps-0-step_type": "job_search", "steps-0-title": "Fine", "steps-0-owner": "seeker",
        "steps-0-due_on": (START + dt.timedelta(days=3)).isoformat(),
        "steps-1-step_type": "job_search", "steps-1-title": "Too early",
        "steps-1-owner": "seeker", "steps-1-due_on": (START - dt.timedelta(days=3)).isoformat()})
    assert response.status_code == 200
    page = _html(response)
    assert 'id="id_steps-1-due_on-error"' in page
    assert "cannot be before the plan starts" in page
    assert not ActionPlan.objects.exists()


def test_add_a_step_to_the_current_plan(world: World) -> None:
    plan = _plan(world)
    client = world.client_for(world.bob)
    url = reverse("casework:add_step", args=[world.sam.pk])
    too_early = client.post(url, {"add-step_type": "coaching", "add-title": "Coaching",
                                  "add-owner": "seeker",
                                  "add-due_on": (START - dt.timedelta(1)).isoformat()})
    assert too_early.status_code == 200 and 'id="id_add-due_on-error"' in _html(too_early)
    response = client.post(url, {"add-step_type": "coaching", "add-title": "Coaching",
                                 "add-owner": "seeker",
                                 "add-due_on": (START + dt.timedelta(1)).isoformat()})
    assert response.status_code == 302
    assert plan.steps.filter(title="Coaching").exists()


def test_overdue_step_is_marked_in_words(world: World) -> None:
    actions.agree_plan(world.alice, world.sam, starts_on=START - dt.timedelta(days=30),
                       steps=[seeker_step("Old step", due_on=START - dt.timedelta(days=1))])
    page = _html(world.client_for(world.alice).get(reverse("casework:seeker",
                                                           args=[world.sam.pk])))
    assert "overdue" in page


def test_seeker_sees_own_plan_and_marks_own_step_done(world: World) -> None:
    plan = _plan(world)
    programme_of(world)
    offer = actions.offer_place(world.alice, world.sam, programme_of(world, title="Barista"))
    client = world.client_for(world.sam_user)
    page = _html(client.get(reverse("casework:my_plan")))
    assert "Your plan" in page and "Apply for three jobs" in page
    assert "What your counsellor will do" in page and "Call the childcare service" in page
    assert "Barista" in page and "Yes, I take the place" in page
    own = plan.steps.get(owner=StepOwner.SEEKER)
    theirs = plan.steps.get(owner=StepOwner.COUNSELLOR)
    assert reverse("casework:change_step", args=[own.pk, "complete"]) in page
    assert reverse("casework:change_step", args=[theirs.pk, "complete"]) not in page

    response = client.post(reverse("casework:change_step", args=[own.pk, "complete"]))
    assert response.status_code == 302 and response["Location"] == reverse("casework:my_plan")
    own.refresh_from_db()
    assert own.state == StepState.DONE
    assert client.post(reverse("casework:change_step",
                               args=[theirs.pk, "complete"])).status_code == 403
    response = client.post(reverse("casework:change_participation", args=[offer.pk, "enrol"]))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == ParticipationState.ENROLLED
    assert client.post(reverse("casework:change_participation",
                               args=[offer.pk, "complete"])).status_code == 403


def test_refused_change_comes_back_with_a_message(world: World) -> None:
    plan = _plan(world)
    own = plan.steps.get(owner=StepOwner.SEEKER)
    client = world.client_for(world.alice)
    client.post(reverse("casework:change_step", args=[own.pk, "cancel"]))
    response = client.post(reverse("casework:change_step", args=[own.pk, "complete"]),
                           follow=True)
    assert "cannot become" in _html(response)


def test_counsellor_completes_a_place_with_certificate(world: World) -> None:
    offer = actions.offer_place(world.alice, world.sam, programme_of(world))
    actions.change_participation(world.sam_user, offer, "enrol", on=START)
    client = world.client_for(world.alice)
    response = client.post(reverse("casework:change_participation",
                                   args=[offer.pk, "complete"]),
                           {"on": START.isoformat(), "certificate": "Food hygiene"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.state, offer.certificate) == (ParticipationState.COMPLETED, "Food hygiene")


@pytest.mark.parametrize("name", ["tess_user", "dana", "charlie", "erin", "ivan"])
def test_others_cannot_touch_sams_steps_or_places(world: World, name: str) -> None:
    plan = _plan(world)
    own = plan.steps.get(owner=StepOwner.SEEKER)
    offer = actions.offer_place(world.alice, world.sam, programme_of(world))
    client = world.client_for(world.persona(name))
    assert client.post(reverse("casework:change_step",
                               args=[own.pk, "complete"])).status_code == 404
    assert client.post(reverse("casework:change_participation",
                               args=[offer.pk, "enrol"])).status_code == 404
    own.refresh_from_db()
    offer.refresh_from_db()
    assert (own.state, offer.state) == (StepState.PLANNED, ParticipationState.OFFERED)


def test_tess_sees_only_her_own_plan(world: World) -> None:
    _plan(world)
    page = _html(world.client_for(world.persona("tess_user")).get(reverse("casework:my_plan")))
    assert "Apply for three jobs" not in page
    assert "You have no plan yet" in page


@pytest.mark.parametrize("name", ["alice", "erin", "ivan", "judy"])
def test_my_plan_is_only_for_job_seekers(world: World, name: str) -> None:
    assert world.client_for(world.persona(name)).get(
        reverse("casework:my_plan")).status_code == 404


def test_changes_are_post_only(world: World) -> None:
    plan = _plan(world)
    own = plan.steps.get(owner=StepOwner.SEEKER)
    assert world.client_for(world.sam_user).get(
        reverse("casework:change_step", args=[own.pk, "complete"])).status_code == 405
