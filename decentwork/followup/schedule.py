"""When the checks after a placement fall due, and when they may be answered.

Pure date arithmetic, no database: the checks are due 3, 6 and 12 months after the
first working day, on the same day of the month, clamped to the month's last day
(a job starting on 31 August is checked on 30 November; one starting on 29 February
2028 has its 12-month check on 28 February 2029).
"""

from __future__ import annotations

import datetime as dt

from decentwork.clock import add_months

__all__ = ["ANSWERABLE_BEFORE", "MONTHS", "add_months", "answerable_from", "due_dates",
           "is_overdue"]

# The checks, in months after the start of the job.
MONTHS = (3, 6, 12)
# A check may be answered from this many days before it is due (a person who visits
# the office a week early need not come back); earlier answers are refused.
ANSWERABLE_BEFORE = dt.timedelta(days=14)


def due_dates(start_date: dt.date) -> dict[int, dt.date]:
    """{3: ..., 6: ..., 12: ...}: the day each check is due."""
    return {months: add_months(start_date, months) for months in MONTHS}


def answerable_from(due_on: dt.date) -> dt.date:
    """The first day a check due on ``due_on`` may be answered."""
    return due_on - ANSWERABLE_BEFORE


def is_overdue(due_on: dt.date, today: dt.date) -> bool:
    """Due and not answered by the day after it fell due (the caller knows it is
    unanswered): due today is due, not yet overdue."""
    return due_on < today
