"""An appointment's life, written as data: the named transitions, the states each may
start from, the state it leads to and who may take it.

``actions.change_appointment`` is the only code that applies them; a transition not
listed here from the current state is refused with both states named.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from decentwork.agenda.models import AppointmentState

# The name of the first log row of every appointment (not a transition of the table).
BOOK = "book"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[AppointmentState, ...]
    target: AppointmentState
    label: str | Promise
    # The person may take it on their own appointment (the office's staff always may).
    person_may: bool = False
    # Only once the appointment has started: nobody attends or misses it before.
    after_start: bool = False


TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    Transition("attend", (AppointmentState.BOOKED,), AppointmentState.ATTENDED,
               _("The person came"), after_start=True),
    Transition("no_show", (AppointmentState.BOOKED,), AppointmentState.NO_SHOW,
               _("The person did not come"), after_start=True),
    Transition("cancel", (AppointmentState.BOOKED,), AppointmentState.CANCELLED,
               _("Cancel the appointment"), person_may=True),
)}


def transitions_from(state: str, *, as_person: bool) -> list[Transition]:
    """The transitions open from ``state``, for the person or for the office's staff."""
    return [t for t in TRANSITIONS.values()
            if state in t.sources and (t.person_may or not as_person)]
