"""The exit rule's edge cases, on plain facts and once through the database."""

from __future__ import annotations

import datetime as dt

from decentwork.assistance.exits import Exit, PlacementFacts, SpellFacts, exits

D = dt.date
TODAY = D(2028, 1, 1)
JOB = PlacementFacts(id=1, start_date=D(2026, 8, 31), end_date=None, formal=True)


def _spell(started: dt.date, ended: dt.date | None, spell_id: int = 10) -> SpellFacts:
    return SpellFacts(id=spell_id, started_on=started, ended_on=ended)


def _exits(spells: list[SpellFacts], placements: list[PlacementFacts],
           today: dt.date = TODAY, window: int = 6) -> list[Exit]:
    return exits(spells, placements, window_months=window, today=today)


def test_assistance_ending_after_a_registered_job_that_held_is_an_exit() -> None:
    spell = _spell(D(2025, 1, 1), D(2026, 10, 31))
    assert _exits([spell], [JOB]) == [Exit(spell_id=10, placement_id=1,
                                           ended_on=D(2026, 10, 31),
                                           placement_start=D(2026, 8, 31))]


def test_a_job_that_is_not_registered_gives_no_exit() -> None:
    informal = PlacementFacts(id=1, start_date=D(2026, 8, 31), end_date=None, formal=False)
    assert _exits([_spell(D(2025, 1, 1), D(2026, 10, 31))], [informal]) == []


def test_a_job_lost_before_three_months_gives_no_exit() -> None:
    lost = PlacementFacts(id=1, start_date=D(2026, 8, 31), end_date=D(2026, 11, 29), formal=True)
    assert _exits([_spell(D(2025, 1, 1), D(2026, 10, 31))], [lost]) == []
    # Three months to the day (30 November: the end of the month) counts.
    held = PlacementFacts(id=1, start_date=D(2026, 8, 31), end_date=D(2026, 11, 30), formal=True)
    assert len(_exits([_spell(D(2025, 1, 1), D(2026, 10, 31))], [held])) == 1


def test_an_open_job_counts_once_three_months_have_passed_today() -> None:
    spell = _spell(D(2025, 1, 1), D(2026, 9, 15))
    assert _exits([spell], [JOB], today=D(2026, 11, 29)) == []
    assert len(_exits([spell], [JOB], today=D(2026, 11, 30))) == 1


def test_assistance_restarted_within_three_months_after_the_exit_is_no_exit() -> None:
    first = _spell(D(2025, 1, 1), D(2026, 10, 31), spell_id=10)
    again = _spell(D(2027, 1, 31), None, spell_id=11)   # 31 Oct + 3 months = 31 Jan
    assert _exits([first, again], [JOB]) == []
    later = _spell(D(2027, 2, 1), None, spell_id=11)
    assert [e.spell_id for e in _exits([first, later], [JOB])] == [10]


def test_another_spell_still_running_is_no_exit() -> None:
    first = _spell(D(2025, 1, 1), D(2026, 10, 31), spell_id=10)
    other = _spell(D(2026, 1, 1), None, spell_id=11)
    assert _exits([first, other], [JOB]) == []


def test_assistance_that_ended_before_the_job_is_no_exit() -> None:
    assert _exits([_spell(D(2025, 1, 1), D(2026, 8, 30))], [JOB]) == []
    # Ending on the first day of work counts.
    assert len(_exits([_spell(D(2025, 1, 1), D(2026, 8, 31))], [JOB])) == 1


def test_a_spell_ending_on_the_last_day_of_the_window_counts() -> None:
    # 31 August + 6 months, clamped: 28 February 2027.
    assert len(_exits([_spell(D(2025, 1, 1), D(2027, 2, 28))], [JOB])) == 1
    assert _exits([_spell(D(2025, 1, 1), D(2027, 3, 1))], [JOB]) == []
    assert len(_exits([_spell(D(2025, 1, 1), D(2027, 3, 1))], [JOB], window=7)) == 1


def test_an_open_spell_is_no_exit() -> None:
    assert _exits([_spell(D(2025, 1, 1), None)], [JOB]) == []


def test_the_exit_follows_the_latest_job_started_before_the_spell_ended() -> None:
    second = PlacementFacts(id=2, start_date=D(2026, 10, 1), end_date=None, formal=True)
    found = _exits([_spell(D(2025, 1, 1), D(2026, 10, 31))], [JOB, second])
    assert [(e.placement_id, e.placement_start) for e in found] == [(2, D(2026, 10, 1))]
