"""The forms of the agenda pages. They only parse what was typed; the rules (who may,
when, how long) live in ``actions.py``, whose errors are shown on the field they name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decentwork.agenda.actions import NOTE_LENGTH, PURPOSE_LENGTH
from decentwork.agenda.models import MAX_DURATION, MIN_DURATION, Channel
from decentwork.agenda.workflow import Transition
from decentwork.applications.forms import StepForm


class BookForm(StepForm):
    # The action names the moment; the page asks for a day and a time.
    action_field_names = {"starts_at": "day"}

    day = forms.DateField(label=_("Day"),
                          widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"),
                           widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"), initial=30,
                                          min_value=MIN_DURATION, max_value=MAX_DURATION)
    channel = forms.ChoiceField(label=_("How you meet"), choices=Channel.choices,
                                initial=Channel.IN_PERSON, widget=forms.RadioSelect)
    purpose = forms.CharField(label=_("What the appointment is for (optional)"), required=False,
                              max_length=PURPOSE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))

    def starts_at(self) -> dt.datetime:
        """The moment typed, in the local time zone (after ``is_valid``)."""
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["day"],
                                                       self.cleaned_data["time"]))


class AppointmentStepForm(StepForm):
    """What happened with an appointment: the steps open to the reader now."""

    step = forms.ChoiceField(label=_("What happened?"), widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=NOTE_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, steps: Sequence[Transition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["step"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(step.name, step.label) for step in steps]
        if len(steps) == 1:
            # One step only (the person cancelling): the button says it all.
            field.widget = forms.HiddenInput()
            field.initial = steps[0].name
