"""The personal data of the inbox (see ``decentwork.personal_data``)."""

from __future__ import annotations

from decentwork.personal_data import Declaration, DeletedRows, Mentions, Subject

PERSONAL_DATA: list[Declaration] = [
    DeletedRows(
        "inbox.Message", Subject.USER, "recipient",
        fields=("kind", "subject", "body", "link", "created_at", "read_at", "emailed_at"),
        why="The notices the person received; nothing counts them.",
    ),
    Mentions("inbox.Message", ("subject", "body"),
             why="Notices to employers and counsellors name the person "
                 "(\"Ayşe Yılmaz applied for ...\")."),
]
