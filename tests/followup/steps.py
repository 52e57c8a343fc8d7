"""Shared steps of the follow-up and assistance tests: jobs recorded through the
applications actions on a given day (the clock travels there)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.applications import actions
from decentwork.applications.models import Placement
from decentwork.controlled_lists import ContractType, Hours
from decentwork.seekers.models import JobSeeker


def on(day: dt.date) -> Any:
    """``with on(day):`` the clock stands at noon of ``day``."""
    return clock.travel_to(dt.datetime.combine(day, dt.time(12),
                                               tzinfo=timezone.get_current_timezone()))


def place(actor: User, seeker: JobSeeker, start: dt.date, *, formal: bool = True,
          employer_name: str = "Bosphorus Bakery") -> Placement:
    """A job found outside the platform, recorded on its first day."""
    with on(start):
        return actions.record_outside_placement(
            actor, seeker, employer_name=employer_name, job_title="Baker's assistant",
            start_date=start, contract_type=ContractType.PERMANENT, hours=Hours.FULL_TIME,
            formal=formal)
