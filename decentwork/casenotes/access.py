"""Scoped reads of case notes.

Only the staff of the person's office and the site's administrators read notes.
Employers and analysts never see one; the person does not see them here. Reading a
confidential note's text is itself recorded: one audit entry per note read, so that
who read what about a person can always be answered.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.http import Http404

from decentwork.accounts.models import User
from decentwork.audit.log import record
from decentwork.casenotes.actions import may_keep_notes
from decentwork.casenotes.models import CaseNote
from decentwork.seekers.access import access_seeker
from decentwork.seekers.models import JobSeeker


def access_seeker_for_notes(user: User, seeker_id: int) -> JobSeeker:
    """The seeker whose notes the user may read and write, or the same 404 as for a
    seeker that does not exist (the person themselves included)."""
    seeker = access_seeker(user, seeker_id)
    if not may_keep_notes(user, seeker):
        raise Http404("No such job seeker")
    return seeker


def notes_of_seeker(user: User, seeker: JobSeeker, *, limit: int | None = None,
                    offset: int = 0) -> list[CaseNote]:
    """The person's notes, newest first (``limit`` of them from ``offset``), or none
    for a reader who may not see them. Each confidential note returned is a read:
    it writes an audit entry."""
    if not may_keep_notes(user, seeker):
        return []
    notes = CaseNote.objects.filter(seeker=seeker).select_related("author").order_by(
        "-written_at", "-id")
    rows = list(notes[offset:] if limit is None else notes[offset:offset + limit])
    for note in rows:
        if note.is_confidential:
            record(user, "casenotes.read_confidential", note, seeker=seeker.pk)
    return rows


def count_notes_of_seeker(user: User, seeker: JobSeeker) -> int:
    """How many notes the reader would see (no text is read, nothing is audited)."""
    if not may_keep_notes(user, seeker):
        return 0
    return CaseNote.objects.filter(seeker=seeker).count()


def last_note_written(seeker_ids: list[int] | set[int]) -> dict[int, dt.datetime]:
    """When the latest note about each person was written. The caller read
    ``seeker_ids`` through its own scope; only times come back, never a text."""
    rows = (CaseNote.objects.filter(seeker_id__in=list(seeker_ids))
            .values("seeker_id").annotate(last=Max("written_at")))
    return {row["seeker_id"]: row["last"] for row in rows}
