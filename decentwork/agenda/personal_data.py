"""The personal data of the agenda (see ``decentwork.personal_data``): appointments stay
(attendance and no-shows are counted), what they were about goes."""

from __future__ import annotations

from decentwork.personal_data import AnonymisedRows, Declaration, Erasure, Subject

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "agenda.Appointment", Subject.SEEKER, "seeker",
        fields={"counsellor": Erasure.KEEP, "office": Erasure.KEEP,
                "starts_at": Erasure.KEEP, "duration_minutes": Erasure.KEEP,
                "channel": Erasure.KEEP, "state": Erasure.KEEP, "reminded_at": Erasure.KEEP,
                "booked_by": Erasure.KEEP, "booked_at": Erasure.KEEP,
                "updated_at": Erasure.KEEP, "purpose": Erasure.BLANK},
    ),
    AnonymisedRows(
        "agenda.AppointmentTransition", Subject.SEEKER, "appointment__seeker",
        fields={"name": Erasure.KEEP, "from_state": Erasure.KEEP, "to_state": Erasure.KEEP,
                "actor": Erasure.KEEP, "at": Erasure.KEEP, "reason": Erasure.KEEP,
                "note": Erasure.BLANK},
    ),
]
