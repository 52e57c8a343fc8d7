"""The personal data of follow-ups (see ``decentwork.personal_data``): the answers are
retention figures and hold no free text, so they stay as they are."""

from __future__ import annotations

from decentwork.personal_data import AnonymisedRows, Declaration, Erasure, Subject

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "followup.FollowUp", Subject.SEEKER, "placement__seeker",
        fields=dict.fromkeys((
            "months", "due_on", "notified_at", "answered_at", "answered_by", "answered_as",
            "still_employed", "same_employer", "registered", "hours_per_week", "wage_band"),
            Erasure.KEEP),
    ),
]
