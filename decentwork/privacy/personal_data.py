"""The personal data of erasure requests, and of the installed Django packages that
keep something about people (see ``decentwork.personal_data``): no app of ours owns
those, so the app that reads every declaration declares them."""

from __future__ import annotations

from decentwork.personal_data import (
    AnonymisedRows,
    Declaration,
    Erasure,
    Mentions,
    NotPersonal,
    Subject,
)

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "privacy.ErasureRequest", Subject.SEEKER, "seeker",
        fields={"state": Erasure.KEEP, "requested_at": Erasure.KEEP, "due_at": Erasure.KEEP,
                "closed_at": Erasure.KEEP},
        why="The record that the person asked, and that it was done.",
    ),
    AnonymisedRows(
        "privacy.ErasureTransition", Subject.SEEKER, "request__seeker",
        fields={"name": Erasure.KEEP, "from_state": Erasure.KEEP, "to_state": Erasure.KEEP,
                "actor": Erasure.KEEP, "at": Erasure.KEEP, "reason": Erasure.KEEP,
                "note": Erasure.BLANK},
    ),
    # django.contrib.admin: what an administrator changed in the Django admin.
    AnonymisedRows(
        "admin.LogEntry", Subject.USER, "user",
        fields={"action_time": Erasure.KEEP, "content_type": Erasure.KEEP,
                "object_id": Erasure.KEEP, "action_flag": Erasure.KEEP,
                "object_repr": Erasure.BLANK, "change_message": Erasure.BLANK},
    ),
    Mentions("admin.LogEntry", ("object_repr", "change_message"),
             why="An entry about a changed user quotes the user's name."),
    NotPersonal("auth.Group", "A group of permissions."),
    NotPersonal("auth.Permission", "A permission's name."),
]
