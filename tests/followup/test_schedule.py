"""The follow-up schedule across month ends and leap years (pure date arithmetic)."""

from __future__ import annotations

import datetime as dt

import pytest

from decentwork.clock import add_months
from decentwork.followup.schedule import answerable_from, due_dates, is_overdue

D = dt.date


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2028, 1, 31), 1, D(2028, 2, 29)),
    (D(2026, 8, 31), 3, D(2026, 11, 30)),
    (D(2028, 2, 29), 12, D(2029, 2, 28)),
    (D(2028, 2, 29), 48, D(2032, 2, 29)),
    (D(2026, 11, 30), 3, D(2027, 2, 28)),
    (D(2027, 11, 30), 3, D(2028, 2, 29)),
    (D(2026, 10, 15), 3, D(2027, 1, 15)),
    (D(2026, 12, 31), 12, D(2027, 12, 31)),
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
    (D(2026, 5, 10), 0, D(2026, 5, 10)),
])
def test_add_months_clamps_to_the_end_of_the_month(day: dt.date, months: int,
                                                   expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_a_job_starting_on_31_august_is_checked_at_the_ends_of_short_months() -> None:
    assert due_dates(D(2026, 8, 31)) == {3: D(2026, 11, 30), 6: D(2027, 2, 28),
                                         12: D(2027, 8, 31)}


def test_a_job_starting_on_29_february_has_its_year_check_on_28_february() -> None:
    assert due_dates(D(2028, 2, 29)) == {3: D(2028, 5, 29), 6: D(2028, 8, 29),
                                         12: D(2029, 2, 28)}


def test_a_job_starting_on_30_november_is_checked_at_the_end_of_february() -> None:
    assert due_dates(D(2026, 11, 30))[3] == D(2027, 2, 28)
    assert due_dates(D(2027, 11, 30))[3] == D(2028, 2, 29)


def test_overdue_is_the_day_after_due_and_answers_open_two_weeks_before() -> None:
    due = D(2027, 2, 28)
    assert not is_overdue(due, D(2027, 2, 28))
    assert is_overdue(due, D(2027, 3, 1))
    assert answerable_from(due) == D(2027, 2, 14)
