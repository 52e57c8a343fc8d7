"""The personal data of case notes (see ``decentwork.personal_data``): the notes stay as
dated contacts (the counsellor's day counts them), their text goes."""

from __future__ import annotations

from decentwork.personal_data import AnonymisedRows, Declaration, Erasure, Subject

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "casenotes.CaseNote", Subject.SEEKER, "seeker",
        fields={"author": Erasure.KEEP, "written_at": Erasure.KEEP,
                "confidentiality": Erasure.KEEP, "text": Erasure.BLANK},
    ),
]
