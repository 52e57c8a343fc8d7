"""The personal data of accounts: the login itself (see ``decentwork.personal_data``)."""

from __future__ import annotations

from decentwork.personal_data import AnonymisedRows, Declaration, Erasure, Subject

PERSONAL_DATA: list[Declaration] = [
    AnonymisedRows(
        "accounts.User", Subject.USER, "pk",
        fields={
            # The row stays: other rows name it as who did what (an application's
            # author, a transition's actor), and those rows are counted.
            "username": Erasure.PLACEHOLDER,
            "first_name": Erasure.BLANK,
            "last_name": Erasure.BLANK,
            "email": Erasure.BLANK,
            # An empty hash matches no password, and changing it ends every session.
            "password": Erasure.BLANK,
            # Blank is False: the login is switched off.
            "is_active": Erasure.BLANK,
            "last_login": Erasure.BLANK,
            "preferred_language": Erasure.BLANK,
            "role": Erasure.KEEP,
            "is_staff": Erasure.KEEP,
            "is_superuser": Erasure.KEEP,
            "date_joined": Erasure.KEEP,
        },
        unexported=("password",),
    ),
]
