"""An erasure request's life, written as data (see ``decentwork.lifecycle``).

``actions.cancel_erasure`` and ``actions.carry_out_erasure`` are the only code that
applies these; a step the current state does not allow is refused naming both states.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from decentwork import lifecycle
from decentwork.privacy.models import ErasureState

# The name of the first log row of every request (not a transition of the table).
REQUEST = "request"


class Party(enum.Enum):
    PERSON = "person"      # the person whose data it is
    SCHEDULE = "schedule"  # the periodic job, once the grace period is over


class TransitionNotAllowed(lifecycle.TransitionNotAllowed):
    wording = _("This erasure request is “%(current)s”; it cannot become “%(target)s”.")
    field = "state"


LIFECYCLE = lifecycle.Lifecycle(ErasureState, (
    lifecycle.Transition("cancel", (ErasureState.REQUESTED,), ErasureState.CANCELLED,
                         Party.PERSON, _("Keep my data")),
    lifecycle.Transition("carry_out", (ErasureState.REQUESTED,), ErasureState.CARRIED_OUT,
                         Party.SCHEDULE, _("Erase the data")),
), refusal=TransitionNotAllowed)
