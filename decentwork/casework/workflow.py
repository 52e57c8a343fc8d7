"""The lives of a plan step and of a programme participation, written as data: the
named transitions, the states each may start from, the state it leads to and who
may take it (see ``decentwork.lifecycle``).

``actions.change_step`` and ``actions.change_participation`` are the only code that
applies them; a transition not listed here from the current state is refused with
both states named and nothing written.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from decentwork.casework.models import ParticipationState, StepState
from decentwork.lifecycle import Lifecycle, Transition


class Party(enum.Enum):
    """Who may take a transition (the scope decides *which* seeker and office)."""

    STAFF = "staff"            # the staff of the person's office, or an administrator
    PERSON = "person"          # the person themself, or the staff on their behalf


# The person may complete only the steps they own; ``actions`` checks the owner.
STEP_LIFECYCLE = Lifecycle(StepState, (
    Transition("complete", (StepState.PLANNED,), StepState.DONE, Party.PERSON, _("Done")),
    Transition("cancel", (StepState.PLANNED,), StepState.CANCELLED, Party.STAFF,
               _("Cancel")),
    Transition("reopen", (StepState.DONE, StepState.CANCELLED), StepState.PLANNED,
               Party.STAFF, _("Reopen")),
))

# "offered" is the state a participation is created in (``actions.offer_place``).
PARTICIPATION_LIFECYCLE = Lifecycle(ParticipationState, (
    Transition("enrol", (ParticipationState.OFFERED,), ParticipationState.ENROLLED,
               Party.PERSON, _("Accept the place")),
    Transition("decline", (ParticipationState.OFFERED,), ParticipationState.DECLINED,
               Party.PERSON, _("Decline")),
    Transition("complete", (ParticipationState.ENROLLED,), ParticipationState.COMPLETED,
               Party.STAFF, _("Completed")),
    Transition("drop_out", (ParticipationState.ENROLLED,), ParticipationState.DROPPED_OUT,
               Party.STAFF, _("Dropped out")),
))

# The tables by name, and the transitions open from a state in table order, for
# reading (the pages and the API).
STEP_TRANSITIONS = STEP_LIFECYCLE.transitions
PARTICIPATION_TRANSITIONS = PARTICIPATION_LIFECYCLE.transitions
step_transitions_from = STEP_LIFECYCLE.open_from
participation_transitions_from = PARTICIPATION_LIFECYCLE.open_from
