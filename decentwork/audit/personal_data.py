"""The personal data of the audit log (see ``decentwork.personal_data``).

Entries stay (they are the record of who did what), with the details of entries by
or about the person emptied: an entry's details may say which consent was withdrawn,
which is as sensitive as the consent itself.
"""

from __future__ import annotations

from decentwork.personal_data import (
    AboutTarget,
    AnonymisedRows,
    Declaration,
    Erasure,
    Mentions,
    Subject,
)

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "audit.AuditEntry", Subject.USER, "actor",
        fields={"at": Erasure.KEEP, "action": Erasure.KEEP, "target_type": Erasure.KEEP,
                "target_id": Erasure.KEEP, "details": Erasure.BLANK},
        why="What the person did on the platform.",
    ),
    AboutTarget(
        "audit.AuditEntry", "target_type", "target_id", fields={"details": Erasure.BLANK},
        why="What was done to the person's record or login, and who read it.",
    ),
    Mentions("audit.AuditEntry", ("details",),
             why="An entry may quote an address typed at sign-in."),
]
