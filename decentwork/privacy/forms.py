from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from decentwork.accessible_forms import AccessibleForm


class ErasureForm(AccessibleForm):
    # A box to tick, so that a single stray press does not ask for erasure.
    confirm = forms.BooleanField(
        label=_("I understand that my data will be erased and cannot be brought back."),
        error_messages={"required": _("Tick the box to say that you understand.")})
