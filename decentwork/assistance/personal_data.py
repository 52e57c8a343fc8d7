"""The personal data of social-assistance spells (see ``decentwork.personal_data``): the
spells stay, because exits from assistance into work are counted from them."""

from __future__ import annotations

from decentwork.personal_data import AnonymisedRows, Declaration, Erasure, Subject

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "assistance.AssistanceSpell", Subject.SEEKER, "seeker",
        fields=dict.fromkeys(("programme_name", "started_on", "ended_on", "end_reason",
                              "recorded_by", "recorded_at"), Erasure.KEEP),
    ),
]
