"""The demo marks its own logins (see ``decentwork.personal_data``)."""

from __future__ import annotations

from decentwork.personal_data import Declaration, DeletedRows, Subject

PERSONAL_DATA: list[Declaration] = [
    DeletedRows("demo.DemoAccount", Subject.USER, "user", fields=(),
                why="An erased login is no longer offered on the demo's sign-in page."),
]
