"""The personal data of the taxonomy: the words people taught the linker
(see ``decentwork.personal_data``)."""

from __future__ import annotations

from decentwork.personal_data import Declaration, DeletedRows, NotPersonal, Subject

PERSONAL_DATA: list[Declaration] = [
    NotPersonal("taxonomy.Label", "A concept's name in one language."),
    NotPersonal("taxonomy.Description", "A concept's description in one language."),
    DeletedRows(
        "taxonomy.LinkFeedback", Subject.USER, "given_by",
        fields=("site", "text", "language", "concept", "verdict", "given_at", "scope",
                "confirmed_by", "confirmed_at", "declined_by", "declined_at"),
        why="A job described in the person's own words, even once confirmed for the "
            "site: the linker forgets it at its next use (its feedback count changes).",
    ),
]
