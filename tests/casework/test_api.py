"""The casework endpoints: the same rules as the pages, for every persona."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from decentwork.casework import actions
from decentwork.casework.models import (
    ActionPlan,
    Assessment,
    Participation,
    ParticipationState,
    StepOwner,
    StepState,
)
from decentwork.seekers.models import Consent
from tests.casework.helpers import START, counsellor_step, programme_of, seeker_step
from tests.conftest import World

pytestmark = pytest.mark.django_db

OUTSIDERS = ["dana", "charlie", "erin", "frank", "ivan", "tess_user"]


def _client(world: World, name: str) -> Client:
    return world.client_for(world.persona(name))


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _plan(world: World) -> ActionPlan:
    return actions.agree_plan(world.alice, world.sam, starts_on=START,
                              steps=[seeker_step(), counsellor_step()])


def _plan_body(due: dt.date) -> dict[str, Any]:
    return {"starts_on": START.isoformat(), "steps": [
        {"step_type": "job_search", "title": "Apply", "owner": "seeker",
         "due_on": (START + dt.timedelta(days=7)).isoformat()},
        {"step_type": "coaching", "title": "Coaching", "owner": "seeker", "due_on": due.isoformat()}]}


@pytest.mark.parametrize("name", ["alice", "bob", "judy"])
def test_staff_record_and_read(world: World, name: str) -> None:
    client = _client(world, name)
    base = f"/api/seekers/{world.sam.pk}"
    response = _post(client, f"{base}/assessments", {
        "assessed_on": START.isoformat(), "barriers": {"childcare": "severe"},
        "goals": "Cook", "target_groups": ["youth"]})
    assert response.status_code == 201, response.content
    assert response.json()["barriers"] == [{"barrier": "childcare", "severity": "severe"}]
    assert Consent.objects.filter(seeker=world.sam, scope="youth").exists()
    assert len(client.get(f"{base}/assessments").json()) == 1
    assert client.get(f"{base}/plan").status_code == 404
    response = _post(client, f"{base}/plan", _plan_body(START + dt.timedelta(days=9)))
    assert response.status_code == 201, response.content
    assert [s["title"] for s in client.get(f"{base}/plan").json()["steps"]] == ["Apply",
                                                                                "Coaching"]
    course = programme_of(world)
    response = _post(client, f"{base}/participations", {"programme_id": course.pk})
    assert response.status_code == 201
    assert response.json()["state"] == "offered"
    assert [p["programme_id"] for p in client.get(f"{base}/participations").json()] == [
        course.pk]


def test_due_date_before_start_is_422_naming_the_field(world: World) -> None:
    response = _post(_client(world, "alice"), f"/api/seekers/{world.sam.pk}/plan",
                     _plan_body(START - dt.timedelta(days=1)))
    assert response.status_code == 422
    assert [d["loc"] for d in response.json()["detail"]] == [["body", "steps-1-due_on"]]
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_get_404(world: World, name: str) -> None:
    plan = _plan(world)
    offer = actions.offer_place(world.alice, world.sam, programme_of(world))
    step = plan.steps.get(owner=StepOwner.SEEKER)
    client = _client(world, name)
    base = f"/api/seekers/{world.sam.pk}"
    for url in (f"{base}/assessments", f"{base}/plan", f"{base}/participations"):
        assert client.get(url).status_code == 404, url
    assert _post(client, f"{base}/assessments", {"assessed_on": START.isoformat()}
                 ).status_code == 404
    assert _post(client, f"{base}/plan", _plan_body(START)).status_code == 404
    assert _post(client, f"{base}/participations",
                 {"programme_id": programme_of(world).pk}).status_code == 404
    assert _post(client, f"/api/plan-steps/{step.pk}/complete", {}).status_code == 404
    assert _post(client, f"/api/participations/{offer.pk}/enrol",
                 {"on": START.isoformat()}).status_code == 404
    assert not Assessment.objects.exists()
    assert ActionPlan.objects.count() == 1 and Participation.objects.count() == 1


def test_the_person_reads_and_acts_on_their_own_only(world: World) -> None:
    plan = _plan(world)
    offer = actions.offer_place(world.alice, world.sam, programme_of(world))
    client = _client(world, "sam_user")
    base = f"/api/seekers/{world.sam.pk}"
    assert client.get(f"{base}/plan").status_code == 200
    assert client.get(f"{base}/participations").status_code == 200
    assert _post(client, f"{base}/plan", _plan_body(START)).status_code == 403
    assert _post(client, f"{base}/assessments",
                 {"assessed_on": START.isoformat()}).status_code == 403
    assert _post(client, f"{base}/participations",
                 {"programme_id": programme_of(world).pk}).status_code == 403
    own = plan.steps.get(owner=StepOwner.SEEKER)
    theirs = plan.steps.get(owner=StepOwner.COUNSELLOR)
    response = _post(client, f"/api/plan-steps/{own.pk}/complete", {"note": "done"})
    assert response.status_code == 200 and response.json()["state"] == StepState.DONE
    assert _post(client, f"/api/plan-steps/{theirs.pk}/complete", {}).status_code == 403
    response = _post(client, f"/api/participations/{offer.pk}/enrol", {"on": START.isoformat()})
    assert response.status_code == 200 and response.json()["state"] == "enrolled"
    assert _post(client, f"/api/participations/{offer.pk}/complete",
                 {"on": START.isoformat()}).status_code == 403


def test_refused_transitions_are_409_and_unknown_names_422(world: World) -> None:
    plan = _plan(world)
    step = plan.steps.get(owner=StepOwner.SEEKER)
    offer = actions.offer_place(world.alice, world.sam, programme_of(world))
    client = _client(world, "alice")
    response = _post(client, f"/api/plan-steps/{step.pk}/reopen", {})
    assert response.status_code == 409 and response.json()["current_state"] == "planned"
    assert _post(client, f"/api/plan-steps/{step.pk}/teleport", {}).status_code == 422
    response = _post(client, f"/api/participations/{offer.pk}/complete",
                     {"on": START.isoformat()})
    assert response.status_code == 409
    assert response.json()["current_state"] == ParticipationState.OFFERED
    response = _post(client, f"/api/participations/{offer.pk}/enrol", {"on": START.isoformat()})
    response = _post(client, f"/api/participations/{offer.pk}/drop_out",
                     {"on": START.isoformat()})
    assert response.status_code == 422
    assert [d["loc"] for d in response.json()["detail"]] == [["body", "reason"]]


def test_offer_of_another_sites_programme_is_refused(world: World) -> None:
    elsewhere = programme_of(world)
    elsewhere.site = world.office_b.site
    elsewhere.save()
    response = _post(_client(world, "alice"), f"/api/seekers/{world.sam.pk}/participations",
                     {"programme_id": elsewhere.pk})
    assert response.status_code == 422
    assert not Participation.objects.exists()
