"""The exit rule: when leaving social assistance counts as an exit into work.

Pure: plain dataclasses in, exits out; no database, so the rule reads (and is
tested) on its own. ``access.py`` feeds it a person's spells and placements.

A spell of assistance S counts as an **exit** following a placement P when all hold:

1. P is registered work (``formal`` is true): an informal job is not an exit.
2. S ended on or after P's first day, and no later than ``window_months`` months
   after it (the site's ``exit_window_months``; the window's last day counts,
   with month-end clamping: a placement starting 31 August with a 6-month window
   allows spells ending up to 28/29 February). Assistance that ended before the
   job started is not an exit into it.
3. P lasted at least three months: it is still open three months after its start,
   judged on ``today``, or it ended at least three months after its start (the day
   three months on counts). A job lost before three months is no exit.
4. No other spell of assistance started within three months after S ended (from
   S's last day to three months later, both counted): a quick return is not an
   exit; nor was the person still on another spell that runs past S's last day.

When several placements qualify, the exit follows the latest one that started on or
before S's last day. Each spell gives at most one exit. Judged on today: an exit
counted now is undone when the person comes back within the three months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from decentwork.clock import add_months

# How long a job must last, and how long a person must stay off assistance.
HOLD_MONTHS = 3


@dataclass(frozen=True)
class PlacementFacts:
    id: int
    start_date: dt.date
    end_date: dt.date | None
    formal: bool


@dataclass(frozen=True)
class SpellFacts:
    id: int
    started_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True)
class Exit:
    spell_id: int
    placement_id: int
    ended_on: dt.date          # the spell's last day: the day of the exit
    placement_start: dt.date


def lasted(placement: PlacementFacts, today: dt.date) -> bool:
    """Rule 3: the job held for at least three months."""
    held_until = add_months(placement.start_date, HOLD_MONTHS)
    if placement.end_date is None:
        return today >= held_until
    return placement.end_date >= held_until


def returned(spell: SpellFacts, others: Iterable[SpellFacts]) -> bool:
    """Rule 4: another spell started within three months after ``spell`` ended, or
    was still running the day after."""
    assert spell.ended_on is not None
    limit = add_months(spell.ended_on, HOLD_MONTHS)
    for other in others:
        if other.id == spell.id:
            continue
        if spell.ended_on <= other.started_on <= limit:
            return True
        if other.started_on < spell.ended_on and (other.ended_on is None
                                                  or other.ended_on > spell.ended_on):
            return True
    return False


def exit_of(spell: SpellFacts, spells: Sequence[SpellFacts],
            placements: Sequence[PlacementFacts], *, window_months: int,
            today: dt.date) -> Exit | None:
    """The exit ``spell`` counts as, or ``None``."""
    if spell.ended_on is None or returned(spell, spells):
        return None
    candidates = [p for p in placements
                  if p.formal
                  and p.start_date <= spell.ended_on <= add_months(p.start_date, window_months)
                  and lasted(p, today)]
    if not candidates:
        return None
    placement = max(candidates, key=lambda p: (p.start_date, p.id))
    return Exit(spell_id=spell.id, placement_id=placement.id, ended_on=spell.ended_on,
                placement_start=placement.start_date)


def exits(spells: Sequence[SpellFacts], placements: Sequence[PlacementFacts], *,
          window_months: int, today: dt.date) -> list[Exit]:
    """Every exit of one person, in the order their spells ended."""
    found = [exit_of(spell, spells, placements, window_months=window_months, today=today)
             for spell in spells]
    return sorted((e for e in found if e is not None), key=lambda e: (e.ended_on, e.spell_id))
