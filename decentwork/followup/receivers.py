"""The follow-up app's answer to ``applications.signals.placement_recorded``."""

from __future__ import annotations

from typing import Any

from decentwork.applications.models import Placement
from decentwork.followup.actions import schedule_follow_ups


def schedule_on_placement(sender: type[Placement], *, placement: Placement,
                          **kwargs: Any) -> None:
    """Write the three checks in the transaction that records the placement."""
    schedule_follow_ups(placement)
