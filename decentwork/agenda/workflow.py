"""An appointment's life, written as data: the named transitions, the states each may
start from, the state it leads to and who may take it.

``actions.change_appointment`` is the only code that applies them; a transition not
listed here from the current state is refused with both states named.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from decentwork import lifecycle
from decentwork.agenda.models import AppointmentState

# The name of the first log row of every appointment (not a transition of the table).
BOOK = "book"


class Party(enum.Enum):
    """Who may take a transition (the scope decides *which* person and office)."""

    STAFF = "staff"            # the staff of the person's office, or a site administrator
    PERSON = "person"          # the person, on their own appointment, or the staff
    SYSTEM = "system"          # the platform itself, e.g. when the person is erased


@dataclass(frozen=True)
class Transition(lifecycle.Transition[AppointmentState, Party]):
    # Only once the appointment has started: nobody attends or misses it before.
    after_start: bool = False


class TransitionNotAllowed(lifecycle.TransitionNotAllowed):
    """Refused on the appointment's "state" (the pages and the API name the field)."""

    wording = _("This appointment is “%(current)s”; it cannot become “%(target)s”.")
    field = "state"


LIFECYCLE = lifecycle.Lifecycle(AppointmentState, (
    Transition("attend", (AppointmentState.BOOKED,), AppointmentState.ATTENDED,
               Party.STAFF, _("The person came"), after_start=True),
    Transition("no_show", (AppointmentState.BOOKED,), AppointmentState.NO_SHOW,
               Party.STAFF, _("The person did not come"), after_start=True),
    Transition("cancel", (AppointmentState.BOOKED,), AppointmentState.CANCELLED,
               Party.PERSON, _("Cancel the appointment")),
    # The person's data was erased (privacy): nobody is coming.
    Transition("cancel_erased", (AppointmentState.BOOKED,), AppointmentState.CANCELLED,
               Party.SYSTEM, _("Cancel (the person's data was erased)")),
), refusal=TransitionNotAllowed)
