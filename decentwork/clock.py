"""The time as the actions see it.

Actions read the time here, so that a data load can replay dated history through
the same actions (the demo, an import from a legacy system). Outside
:func:`travel_to` this is simply the current time; inside it, the clock stands at
the given moment for the current thread or task only (a ``contextvars`` variable),
so a replay in one request never moves the clock of another.

A plain module at the bottom of the layer order: it imports no app, so every app
may use it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_travelled_to: ContextVar[dt.datetime | None] = ContextVar("decentwork_clock", default=None)


def now() -> dt.datetime:
    """The current moment (aware), or the moment travelled to."""
    moment = _travelled_to.get()
    return timezone.now() if moment is None else moment


def today() -> dt.date:
    """The current day in the active time zone, or the day travelled to."""
    return timezone.localdate(now())


@contextmanager
def travel_to(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Stand the clock at ``moment`` inside the ``with`` block, then put it back.

    The clock does not run while travelled: every call of :func:`now` in the block
    returns ``moment``. Blocks nest (the inner moment wins until it ends). A naive
    ``moment`` is refused, because stamping rows with it would depend on the
    server's time zone.
    """
    if timezone.is_naive(moment):
        raise ValueError("travel_to needs an aware datetime (use timezone.make_aware).")
    token = _travelled_to.set(moment)
    try:
        yield moment
    finally:
        _travelled_to.reset(token)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier, when negative), clamped to the
    month's last day: 31 January + 1 month is 28 (or 29) February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
