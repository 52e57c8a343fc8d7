"""Recording spells of assistance (who may, what is refused), and exits through the
database: per person and per office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from decentwork.applications import actions as application_actions
from decentwork.assistance.access import exits_by_office, exits_of_seeker, spells_of_seeker
from decentwork.assistance.actions import end_spell, record_spell
from decentwork.assistance.models import AssistanceSpell, EndReason
from decentwork.audit.models import AuditEntry
from decentwork.network.models import Site
from decentwork.seekers.factories import JobSeekerFactory
from tests.conftest import World
from tests.followup.steps import on, place

D = dt.date
TODAY = D(2027, 6, 1)


def _spell(world: World, seeker: object = None, **fields: object) -> AssistanceSpell:
    values: dict[str, object] = {"programme_name": "Social assistance (SYDV)",
                                 "started_on": D(2025, 1, 1)}
    values.update(fields)
    with on(TODAY):
        return record_spell(world.alice, seeker or world.sam, **values)  # type: ignore[arg-type]


def test_a_counsellor_records_and_ends_a_spell(world: World) -> None:
    spell = _spell(world)
    assert spell.is_open and spell.recorded_by == world.alice
    with on(TODAY):
        ended = end_spell(world.bob, spell, ended_on=D(2027, 1, 31),
                          end_reason=EndReason.FOUND_WORK)
    assert (ended.ended_on, ended.end_reason) == (D(2027, 1, 31), EndReason.FOUND_WORK)
    assert AuditEntry.objects.filter(action__startswith="assistance.").count() == 2
    with on(TODAY), pytest.raises(ValidationError) as refused:
        end_spell(world.alice, spell, ended_on=D(2027, 2, 1), end_reason=EndReason.OTHER)
    assert "ended_on" in refused.value.message_dict


@pytest.mark.parametrize(("fields", "named"), [
    ({"programme_name": "  "}, "programme_name"),
    ({"started_on": D(2027, 6, 2)}, "started_on"),
    ({"ended_on": D(2024, 12, 31), "end_reason": EndReason.OTHER}, "ended_on"),
    ({"ended_on": D(2027, 6, 2), "end_reason": EndReason.OTHER}, "ended_on"),
    ({"ended_on": D(2026, 1, 1)}, "end_reason"),
    ({"ended_on": D(2026, 1, 1), "end_reason": "lottery"}, "end_reason"),
    ({"end_reason": EndReason.OTHER}, "end_reason"),
])
def test_bad_spells_are_refused_naming_the_field_and_nothing_is_written(
        world: World, fields: dict[str, object], named: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _spell(world, **fields)
    assert named in refused.value.message_dict
    assert not AssistanceSpell.objects.exists()


def test_overlapping_spells_of_the_same_programme_are_refused(world: World) -> None:
    _spell(world)
    with pytest.raises(ValidationError) as refused:
        _spell(world, programme_name="social assistance (sydv)", started_on=D(2026, 1, 1))
    assert "started_on" in refused.value.message_dict
    # Another programme at the same time is fine; so is the same one after it ended.
    _spell(world, programme_name="Disability allowance", started_on=D(2026, 1, 1))
    closed = _spell(world, seeker=world.tess, started_on=D(2024, 1, 1), ended_on=D(2024, 6, 30),
                    end_reason=EndReason.PROGRAMME_ENDED)
    _spell(world, seeker=world.tess, started_on=D(2024, 7, 1))
    with pytest.raises(ValidationError):
        _spell(world, seeker=world.tess, started_on=D(2024, 6, 1), ended_on=D(2024, 6, 2),
               end_reason=EndReason.OTHER)
    assert closed.ended_on == D(2024, 6, 30)


def test_only_the_office_and_administrators_record_spells(world: World) -> None:
    for outsider in (world.sam_user, world.dana, world.charlie, world.erin, world.ivan):
        with on(TODAY), pytest.raises(PermissionDenied):
            record_spell(outsider, world.sam, programme_name="SYDV", started_on=D(2025, 1, 1))
    spell = _spell(world)
    with on(TODAY), pytest.raises(PermissionDenied):
        end_spell(world.sam_user, spell, ended_on=D(2027, 1, 1), end_reason=EndReason.OTHER)
    with on(TODAY):
        record_spell(world.judy, world.tess, programme_name="SYDV", started_on=D(2025, 1, 1))


def test_exits_through_the_database_per_person_and_per_office(world: World) -> None:
    # Sam: registered job from 31 August 2026, assistance ends 30 November: an exit.
    place(world.alice, world.sam, D(2026, 8, 31))
    _spell(world, ended_on=D(2026, 11, 30), end_reason=EndReason.FOUND_WORK)
    # Tess: an informal job, then assistance ends: no exit.
    place(world.alice, world.tess, D(2026, 8, 31), formal=False)
    _spell(world, seeker=world.tess, ended_on=D(2026, 11, 30), end_reason=EndReason.OTHER)
    # A seeker of A2: registered job lost after a month: no exit.
    other = JobSeekerFactory(office=world.office_a2)
    lost = place(world.dana, other, D(2026, 8, 31))
    with on(D(2026, 10, 1)):
        application_actions.end_placement(world.dana, lost, end_date=D(2026, 9, 30))
    with on(TODAY):
        record_spell(world.dana, other, programme_name="SYDV", started_on=D(2025, 1, 1),
                     ended_on=D(2026, 11, 30), end_reason=EndReason.FOUND_WORK)

    found = exits_of_seeker(world.alice, world.sam, TODAY)
    assert [(e.ended_on, e.placement_start) for e in found] == [(D(2026, 11, 30),
                                                                 D(2026, 8, 31))]
    assert exits_of_seeker(world.alice, world.tess, TODAY) == []
    with pytest.raises(Http404):
        exits_of_seeker(world.dana, world.sam, TODAY)
    assert [s.pk for s in spells_of_seeker(world.sam_user, world.sam)] == [
        s.pk for s in AssistanceSpell.objects.filter(seeker=world.sam)]

    period = {"since": D(2026, 6, 1), "until": D(2027, 5, 31), "today": TODAY}
    counts = {o.office_name: o.exits for o in exits_by_office(world.ivan, **period)}
    assert counts == {"Kadıköy": 1, "Üsküdar": 0}
    assert {o.office_name: o.exits for o in exits_by_office(world.bob, **period)} == counts
    assert [(o.office_name, o.exits) for o in exits_by_office(world.alice, **period)] == [
        ("Kadıköy", 1)]
    assert [(o.office_name, o.exits) for o in exits_by_office(world.dana, **period)] == [
        ("Üsküdar", 0)]
    assert [o.office_name for o in exits_by_office(world.charlie, **period)] == ["Xihu"]
    for outsider in (world.erin, world.sam_user):
        assert exits_by_office(outsider, **period) == []
    # Outside the period, or a shorter window on the site: no exit.
    assert {o.exits for o in exits_by_office(
        world.ivan, since=D(2026, 12, 1), until=D(2027, 5, 31), today=TODAY)} == {0}
    Site.objects.filter(pk=world.office_a.site_id).update(exit_window_months=2)
    assert {o.exits for o in exits_by_office(world.ivan, **period)} == {0}
