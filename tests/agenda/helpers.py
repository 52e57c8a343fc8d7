"""Shared moments and a booking helper for the agenda tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from decentwork import clock
from decentwork.accounts.factories import UserFactory
from decentwork.accounts.models import Role, User
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


def tess_login(world: World) -> User:
    """Tess has no login in the shared personas; some tests need one."""
    if world.tess.user is None:
        world.tess.user = UserFactory(username="tess", role=Role.JOB_SEEKER)
        world.tess.save(update_fields=["user"])
    return world.tess.user


def persona(world: World, name: str) -> User:
    return tess_login(world) if name == "tess_user" else getattr(world, name)
