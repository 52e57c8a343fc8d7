"""The follow-up endpoints: the same permissions and rules as the pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from decentwork.applications.models import Placement
from decentwork.followup.models import FollowUp
from tests.applications.steps import give_login
from tests.conftest import World
from tests.followup.steps import on, place

D = dt.date
START = D(2026, 8, 31)
AFTER_3 = D(2026, 12, 2)
REFUSED = {"dana", "charlie", "erin", "frank", "ivan", "tess"}


def _client(world: World, persona: str) -> Client:
    user = give_login(world.tess, "tess") if persona == "tess" else getattr(world, persona)
    return world.client_for(user)


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _check(placement: Placement, months: int) -> FollowUp:
    return FollowUp.objects.get(placement=placement, months=months)


@pytest.mark.parametrize("persona", ["alice", "bob", "judy", "sam_user", *sorted(REFUSED)])
def test_who_reads_and_answers_checks(world: World, persona: str) -> None:
    placement = place(world.alice, world.sam, START)
    client = _client(world, persona)
    with on(AFTER_3):
        listed = client.get(f"/api/seekers/{world.sam.pk}/follow-ups")
        due = client.get("/api/follow-ups/due")
        answered = _post(client, f"/api/follow-ups/{_check(placement, 3).pk}/answer",
                         {"still_employed": True, "hours_per_week": 40})
    if persona in REFUSED:
        assert (listed.status_code, answered.status_code) == (404, 404)
        # The work list of checks due is for counsellors and for the person's own.
        assert due.status_code == 404 if persona in {"erin", "frank", "ivan"} else due.json() == []
        assert _check(placement, 3).answered_at is None
    else:
        assert listed.status_code == 200
        assert [row["months"] for row in listed.json()] == [3, 6, 12]
        assert [row["months"] for row in due.json()] == [3]
        assert answered.status_code == 200
        assert (answered.json()["still_employed"], answered.json()["retained"]) == (True, True)


def test_an_answer_is_refused_naming_the_field(world: World) -> None:
    placement = place(world.alice, world.sam, START)
    client = _client(world, "alice")
    url = f"/api/follow-ups/{_check(placement, 3).pk}/answer"
    with on(AFTER_3):
        response = _post(client, url, {"still_employed": False})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "ended_on"]
        assert _post(client, url, {"still_employed": False,
                                   "ended_on": "2026-11-20"}).status_code == 200
        again = _post(client, url, {"still_employed": True})
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "follow_up"]
    assert Placement.objects.get(pk=placement.pk).end_date == D(2026, 11, 20)


def test_due_checks_filter_by_office(world: World) -> None:
    place(world.alice, world.sam, START)
    with on(AFTER_3):
        client = _client(world, "judy")
        assert len(client.get("/api/follow-ups/due",
                              {"office_id": world.office_a.pk}).json()) == 1
        assert client.get("/api/follow-ups/due",
                          {"office_id": world.office_a2.pk}).json() == []
