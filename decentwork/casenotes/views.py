"""The page of a person's case notes, for the staff of their office and the site's
administrators: the notes newest first, a page at a time, and the form to write one.
Only the notes on the page shown are read (and, when confidential, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.casenotes.access import (
    access_seeker_for_notes,
    count_notes_of_seeker,
    notes_of_seeker,
)
from decentwork.casenotes.actions import write_note
from decentwork.casenotes.forms import NoteForm

PAGE_SIZE = 30


@login_required
def seeker_notes(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    seeker = access_seeker_for_notes(user, seeker_id)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            write_note(user, seeker, text=form.cleaned_data["text"],
                       confidentiality=form.cleaned_data["confidentiality"])
        except ValidationError as error:
            form.show(error)
        else:
            messages.success(request, _("The note is saved."))
            return redirect("casenotes:seeker", seeker_id=seeker.pk)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    total = count_notes_of_seeker(user, seeker)
    notes = notes_of_seeker(user, seeker, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    trail = []
    if scope_of(user).is_staff_of_office:
        trail.append((_("Caseload"), reverse("seekers:caseload")))
    trail.append((seeker.full_name, reverse("seekers:seeker_detail", args=[seeker.pk])))
    return render(request, "casenotes/seeker.html", {
        "seeker": seeker, "form": form, "notes": notes, "total": total,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if total > page * PAGE_SIZE else None,
        "trail": trail,
    })
