"""The casenotes endpoints: the same actions and scoped reads as the page.

Only the staff of the person's office and the site's administrators read and write
notes; everyone else, the person included, gets 404. Every confidential note in an
answer is a read and leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from decentwork.accounts.models import User
from decentwork.api_inputs import BoundedLimitOffset, StoredText
from decentwork.casenotes.access import (
    access_seeker_for_notes,
    count_notes_of_seeker,
    notes_of_seeker,
)
from decentwork.casenotes.actions import TEXT_LENGTH, write_note
from decentwork.casenotes.models import CaseNote, Confidentiality

router = Router(tags=["casenotes"])


class CaseNoteOut(Schema):
    id: int
    seeker_id: int
    author_id: int | None
    written_at: dt.datetime
    confidentiality: Confidentiality
    text: str


class CaseNotePage(Schema):
    items: list[CaseNoteOut] = Field(description="Newest first.")
    count: int = Field(description="How many notes there are, on every page.")


class CaseNoteIn(Schema):
    text: StoredText = Field(max_length=TEXT_LENGTH)
    confidentiality: Confidentiality = Confidentiality.ORDINARY


@router.get("/seekers/{int:seeker_id}/case-notes", response=CaseNotePage)
def seeker_notes(request: HttpRequest, seeker_id: int,
                 page: Query[BoundedLimitOffset.Input]) -> dict[str, Any]:
    """The person's notes, newest first, a page at a time (only the notes of the page
    are read, and audited when confidential)."""
    user = _user(request)
    seeker = access_seeker_for_notes(user, seeker_id)
    return {"items": notes_of_seeker(user, seeker, limit=page.limit, offset=page.offset),
            "count": count_notes_of_seeker(user, seeker)}


@router.post("/seekers/{int:seeker_id}/case-notes", response={201: CaseNoteOut})
def write(request: HttpRequest, seeker_id: int, payload: CaseNoteIn) -> Status[CaseNote]:
    user = _user(request)
    seeker = access_seeker_for_notes(user, seeker_id)
    return Status(201, write_note(user, seeker, text=payload.text,
                                  confidentiality=payload.confidentiality))


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # django_auth let only signed-in users through
    return user
