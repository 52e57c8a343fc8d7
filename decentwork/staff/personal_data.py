"""The personal data of staff invitations (see ``decentwork.personal_data``)."""

from __future__ import annotations

from decentwork.personal_data import Declaration, DeletedRows, Mentions, Subject

PERSONAL_DATA: list[Declaration] = [
    DeletedRows(
        "staff.StaffInvitation", Subject.USER, "user",
        fields=("email", "first_name", "last_name", "role", "site", "office", "invited_by",
                "created_at", "expires_at", "accepted_at"),
        unexported=("token_hash",),
        why="The invitation the account was made from.",
    ),
    Mentions("staff.StaffInvitation", ("email",),
             why="An invitation not taken up holds an address and no account."),
]
