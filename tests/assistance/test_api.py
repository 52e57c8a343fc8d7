"""The assistance endpoints: the same permissions and rules as the pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from decentwork.assistance.actions import record_spell
from decentwork.assistance.models import AssistanceSpell, EndReason
from tests.applications.steps import give_login
from tests.conftest import World
from tests.followup.steps import on, place

D = dt.date
TODAY = D(2027, 6, 1)
HIDDEN = {"dana", "charlie", "erin", "frank", "ivan", "tess"}


def _client(world: World, persona: str) -> Client:
    user = give_login(world.tess, "tess") if persona == "tess" else getattr(world, persona)
    return world.client_for(user)


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("persona", ["alice", "bob", "judy", "sam_user", *sorted(HIDDEN)])
def test_who_reads_and_records_spells_and_exits(world: World, persona: str) -> None:
    place(world.alice, world.sam, D(2026, 8, 31))
    client = _client(world, persona)
    with on(TODAY):
        spell = record_spell(world.alice, world.sam, programme_name="SYDV",
                             started_on=D(2025, 1, 1))
        created = _post(client, f"/api/seekers/{world.sam.pk}/assistance-spells",
                        {"programme_name": "Disability allowance", "started_on": "2026-01-01"})
        ended = _post(client, f"/api/assistance-spells/{spell.pk}/end",
                      {"ended_on": "2026-11-30", "end_reason": EndReason.FOUND_WORK})
        spells = client.get(f"/api/seekers/{world.sam.pk}/assistance-spells")
        exits = client.get(f"/api/seekers/{world.sam.pk}/exits")
    if persona in HIDDEN:
        assert {r.status_code for r in (created, ended, spells, exits)} == {404}
        assert AssistanceSpell.objects.count() == 1
    elif persona == "sam_user":
        assert (created.status_code, ended.status_code, spells.status_code) == (403, 403, 200)
        assert exits.json() == []
    else:
        assert (created.status_code, ended.status_code) == (201, 200)
        assert [row["programme_name"] for row in spells.json()] == [
            "Disability allowance", "SYDV"]
        # The other spell still goes on: no exit yet.
        assert exits.json() == []


def test_an_exit_through_the_api(world: World) -> None:
    placement = place(world.alice, world.sam, D(2026, 8, 31))
    client = _client(world, "alice")
    with on(TODAY):
        created = _post(client, f"/api/seekers/{world.sam.pk}/assistance-spells",
                        {"programme_name": "SYDV", "started_on": "2025-01-01"})
        _post(client, f"/api/assistance-spells/{created.json()['id']}/end",
              {"ended_on": "2026-11-30", "end_reason": EndReason.FOUND_WORK})
        exits = client.get(f"/api/seekers/{world.sam.pk}/exits").json()
        by_office = client.get("/api/assistance/exits-by-office").json()
    assert [(e["placement_id"], e["ended_on"]) for e in exits] == [(placement.pk, "2026-11-30")]
    assert [(o["office_name"], o["exits"]) for o in by_office] == [("Kadıköy", 1)]


def test_a_bad_spell_is_refused_naming_the_field(world: World) -> None:
    with on(TODAY):
        response = _post(_client(world, "alice"),
                         f"/api/seekers/{world.sam.pk}/assistance-spells",
                         {"programme_name": "SYDV", "started_on": "2026-01-01",
                          "ended_on": "2026-02-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "end_reason"]


@pytest.mark.parametrize(("persona", "offices"), [
    ("alice", ["Kadıköy"]), ("dana", ["Üsküdar"]), ("bob", ["Kadıköy", "Üsküdar"]),
    ("ivan", ["Kadıköy", "Üsküdar"]), ("charlie", ["Xihu"]),
    ("erin", None), ("frank", None), ("sam_user", None),
])
def test_exits_by_office_scope(world: World, persona: str, offices: list[str] | None) -> None:
    response = _client(world, persona).get("/api/assistance/exits-by-office",
                                           {"since": "2026-01-01", "until": "2026-12-31"})
    if offices is None:
        assert response.status_code == 404
    else:
        assert [row["office_name"] for row in response.json()] == offices
