from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from decentwork import clock
from tests.casework.helpers import START


@pytest.fixture(autouse=True)
def on_start_day() -> Iterator[None]:
    """Every casework test happens on the plan's start day, in the morning."""
    with clock.travel_to(dt.datetime.combine(START, dt.time(9), tzinfo=dt.UTC)):
        yield
