"""Every write to case notes: the office's staff and the site's administrators write
them; the person, employers and analysts never do. The audit entry records that a
note was written, never its words."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.casenotes.models import CaseNote, Confidentiality
from decentwork.seekers.models import JobSeeker

TEXT_LENGTH = 10_000


def may_keep_notes(user: User | None, seeker: JobSeeker) -> bool:
    """The staff of the person's office and the site's administrators read and write
    the person's notes; nobody else."""
    if user is None:
        return False
    scope = scope_of(user)
    return scope.serves_office(seeker.office_id, seeker.office.site_id)


@transaction.atomic
def write_note(actor: User, seeker: JobSeeker, *, text: str, confidentiality: str) -> CaseNote:
    if not may_keep_notes(actor, seeker):
        raise PermissionDenied(_("Only the staff of the job seeker's office may write case "
                                 "notes."))
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Write the note.")
    elif len(text) > TEXT_LENGTH:
        errors["text"] = _("Write the note in at most %(count)s characters.") % {
            "count": TEXT_LENGTH}
    if confidentiality not in Confidentiality.values:
        errors["confidentiality"] = _("Choose whether the note is confidential.")
    if errors:
        raise ValidationError(errors)
    note = CaseNote.objects.create(seeker=seeker, author=actor, written_at=clock.now(), text=text,
                                   confidentiality=confidentiality)
    record(actor, "casenotes.write", note, seeker=seeker.pk, confidentiality=confidentiality)
    return note
