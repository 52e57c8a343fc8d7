"""An application's life, written as data: the named transitions, the states each
may start from, the state it leads to and the party that may take it.

``actions.transition_application`` is the only code that applies them; a transition
not listed here from the current state is refused with both states named.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from decentwork import lifecycle
from decentwork.applications.models import OPEN_STATES, ApplicationState


class Party(enum.Enum):
    """Who may take a transition (the scope decides *which* seeker, employer, office)."""

    SEEKER = "seeker"          # the person, or their office's staff on their behalf
    EMPLOYER = "employer"      # a user of the vacancy's employer
    SYSTEM = "system"          # the platform itself, e.g. when a vacancy closes


@dataclass(frozen=True)
class Transition(lifecycle.Transition[ApplicationState, Party]):
    # Refusals must say why, from RefusalReason.
    needs_reason: bool = False


class TransitionNotAllowed(lifecycle.TransitionNotAllowed):
    """The application's state does not allow the step: the API answers 409."""

    wording = _("This application is “%(current)s”; it cannot become “%(target)s”.")


LIFECYCLE = lifecycle.Lifecycle(ApplicationState, (
    Transition("mark_seen", (ApplicationState.NEW,), ApplicationState.SEEN,
               Party.EMPLOYER, _("Mark as seen")),
    Transition("plan_interview", (ApplicationState.NEW, ApplicationState.SEEN),
               ApplicationState.INTERVIEW, Party.EMPLOYER, _("Plan an interview")),
    Transition("accept", OPEN_STATES, ApplicationState.ACCEPTED,
               Party.EMPLOYER, _("Hire")),
    Transition("refuse", OPEN_STATES, ApplicationState.REFUSED,
               Party.EMPLOYER, _("Refuse"), needs_reason=True),
    Transition("withdraw", OPEN_STATES, ApplicationState.WITHDRAWN,
               Party.SEEKER, _("Withdraw")),
    Transition("make_obsolete", OPEN_STATES, ApplicationState.OBSOLETE,
               Party.SYSTEM, _("Close (vacancy closed or filled)")),
    # The person's data was erased (privacy): they are no longer a candidate.
    Transition("withdraw_erased", OPEN_STATES, ApplicationState.WITHDRAWN,
               Party.SYSTEM, _("Withdraw (the person's data was erased)")),
), refusal=TransitionNotAllowed)

# The table by name, for reading (the API lists the names, the demo replays them).
TRANSITIONS = LIFECYCLE.transitions
