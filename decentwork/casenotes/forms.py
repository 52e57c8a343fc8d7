from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from decentwork.applications.forms import StepForm
from decentwork.casenotes.actions import TEXT_LENGTH
from decentwork.casenotes.models import Confidentiality


class NoteForm(StepForm):
    text = forms.CharField(label=_("Note"), max_length=TEXT_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 5}))
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), choices=Confidentiality.choices,
        initial=Confidentiality.ORDINARY, widget=forms.RadioSelect,
        help_text=_("Confidential: health, violence, debts, legal matters. Every reading of "
                    "a confidential note is recorded."))
