"""The lives of a plan step and of a programme participation, written as data: the
named transitions, the states each may start from, the state it leads to and who
may take it.

``actions.change_step`` and ``actions.change_participation`` are the only code that
applies them; a transition not listed here from the current state is refused with
both states named and nothing written.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from decentwork.casework.models import ParticipationState, StepState


class Party(enum.Enum):
    """Who may take a transition (the scope decides *which* seeker and office)."""

    STAFF = "staff"            # the staff of the person's office, or an administrator
    PERSON = "person"          # the person themself, or the staff on their behalf


@dataclass(frozen=True)
class StepRule:
    name: str
    sources: tuple[StepState, ...]
    target: StepState
    party: Party
    label: str | Promise


@dataclass(frozen=True)
class ParticipationRule:
    name: str
    sources: tuple[ParticipationState, ...]
    target: ParticipationState
    party: Party
    label: str | Promise


# The person may complete only the steps they own; ``actions`` checks the owner.
STEP_TRANSITIONS: dict[str, StepRule] = {t.name: t for t in (
    StepRule("complete", (StepState.PLANNED,), StepState.DONE, Party.PERSON,
                   _("Done")),
    StepRule("cancel", (StepState.PLANNED,), StepState.CANCELLED, Party.STAFF,
                   _("Cancel")),
    StepRule("reopen", (StepState.DONE, StepState.CANCELLED), StepState.PLANNED,
                   Party.STAFF, _("Reopen")),
)}

# "offered" is the state a participation is created in (``actions.offer_place``).
PARTICIPATION_TRANSITIONS: dict[str, ParticipationRule] = {t.name: t for t in (
    ParticipationRule("enrol", (ParticipationState.OFFERED,),
                            ParticipationState.ENROLLED, Party.PERSON, _("Accept the place")),
    ParticipationRule("decline", (ParticipationState.OFFERED,),
                            ParticipationState.DECLINED, Party.PERSON, _("Decline")),
    ParticipationRule("complete", (ParticipationState.ENROLLED,),
                            ParticipationState.COMPLETED, Party.STAFF, _("Completed")),
    ParticipationRule("drop_out", (ParticipationState.ENROLLED,),
                            ParticipationState.DROPPED_OUT, Party.STAFF, _("Dropped out")),
)}


def step_transitions_from(state: str) -> list[StepRule]:
    """The transitions of a step in ``state``, in table order."""
    return [t for t in STEP_TRANSITIONS.values() if state in t.sources]


def participation_transitions_from(state: str) -> list[ParticipationRule]:
    """The transitions of a participation in ``state``, in table order."""
    return [t for t in PARTICIPATION_TRANSITIONS.values() if state in t.sources]
