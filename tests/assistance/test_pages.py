"""The assistance pages: who sees and records spells, exits shown with their job,
and exit counts per office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from decentwork.assistance.actions import record_spell
from decentwork.assistance.models import AssistanceSpell, EndReason
from tests.applications.steps import give_login
from tests.conftest import World
from tests.followup.steps import on, place

D = dt.date
TODAY = D(2027, 6, 1)


def _user(world: World, persona: str) -> object:
    return give_login(world.tess, "tess") if persona == "tess" else getattr(world, persona)


@pytest.mark.parametrize(("persona", "reads", "writes"), [
    ("alice", 200, 302), ("bob", 200, 302), ("judy", 200, 302), ("sam_user", 404, 403),
    ("dana", 404, 404), ("charlie", 404, 404), ("erin", 404, 404), ("frank", 404, 404),
    ("ivan", 404, 404), ("tess", 404, 404),
])
def test_who_sees_and_records_spells(world: World, persona: str, reads: int,
                                     writes: int) -> None:
    user = _user(world, persona)
    client = world.client_for(user)  # type: ignore[arg-type]
    url = reverse("assistance:seeker", args=[world.sam.pk])
    with on(TODAY):
        spell = record_spell(world.alice, world.sam, programme_name="SYDV",
                             started_on=D(2025, 1, 1))
        assert client.get(url).status_code == reads
        response = client.post(url, {"programme_name": "Disability allowance",
                                     "started_on": "2026-01-01"})
        # Who may not read the page is refused its form alike (404).
        assert response.status_code == (404 if reads == 404 else writes)
        end = client.post(reverse("assistance:end", args=[spell.pk]),
                          {"ended_on": "2027-01-31", "end_reason": EndReason.FOUND_WORK})
        assert end.status_code == writes
    assert AssistanceSpell.objects.filter(seeker=world.sam).count() == (
        2 if writes == 302 else 1)


def test_the_page_shows_the_exit_with_the_job_it_follows(world: World) -> None:
    place(world.alice, world.sam, D(2026, 8, 31), employer_name="Galata Logistics")
    client = world.client_for(world.alice)
    url = reverse("assistance:seeker", args=[world.sam.pk])
    with on(TODAY):
        client.post(url, {"programme_name": "SYDV", "started_on": "2025-01-01",
                          "ended_on": "2026-11-30", "end_reason": EndReason.FOUND_WORK})
        page = client.get(url).content.decode()
    assert "Galata Logistics" in page and "No exit so far." not in page


def test_a_bad_spell_is_shown_on_its_field(world: World) -> None:
    with on(TODAY):
        response = world.client_for(world.alice).post(
            reverse("assistance:seeker", args=[world.sam.pk]),
            {"programme_name": "SYDV", "started_on": "2026-01-01", "ended_on": "2025-01-01",
             "end_reason": EndReason.OTHER})
    assert response.status_code == 200
    assert 'id="id_ended_on-error"' in response.content.decode()
    assert not AssistanceSpell.objects.exists()


@pytest.mark.parametrize(("persona", "expected", "offices"), [
    ("alice", 200, ["Kadıköy"]), ("bob", 200, ["Kadıköy", "Üsküdar"]),
    ("dana", 200, ["Üsküdar"]), ("ivan", 200, ["Kadıköy", "Üsküdar"]),
    ("judy", 200, ["Kadıköy", "Üsküdar", "Xihu"]), ("charlie", 200, ["Xihu"]),
    ("erin", 404, []), ("frank", 404, []), ("sam_user", 404, []),
])
def test_exits_per_office(world: World, persona: str, expected: int,
                          offices: list[str]) -> None:
    place(world.alice, world.sam, D(2026, 8, 31))
    with on(TODAY):
        record_spell(world.alice, world.sam, programme_name="SYDV", started_on=D(2025, 1, 1),
                     ended_on=D(2026, 11, 30), end_reason=EndReason.FOUND_WORK)
        response = world.client_for(getattr(world, persona)).get(
            reverse("assistance:offices"))
        narrow = world.client_for(getattr(world, persona)).get(
            reverse("assistance:offices"), {"since": "2026-12-01", "until": "2027-05-31"})
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert [name for name in ("Kadıköy", "Üsküdar", "Xihu") if name in page] == offices
        assert ("1 exit from" in page) == ("Kadıköy" in offices)
        assert "0 exits from" in narrow.content.decode()
        assert world.sam.full_name not in page
