"""Shared moments and a booking helper for the agenda tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.agenda import actions
from decentwork.agenda.models import Appointment, Channel
from decentwork.seekers.models import JobSeeker
from tests.conftest import World

# A Tuesday morning; every test stands the clock here unless it travels on.
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def book(world: World, seeker: JobSeeker | None = None, *, by: User | None = None,
         starts_at: dt.datetime | None = None, **kwargs: Any) -> Appointment:
    """Alice books Sam (unless told otherwise) for tomorrow at ten, in person."""
    with clock.travel_to(NOW):
        return actions.book_appointment(
            by or world.alice, seeker or world.sam,
            starts_at=starts_at or NOW + dt.timedelta(days=1, hours=1),
            channel=kwargs.pop("channel", Channel.IN_PERSON), **kwargs)




