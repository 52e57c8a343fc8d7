"""Forms of the assistance pages; the rules live in ``actions.py``, whose errors land
on the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from decentwork.applications.forms import StepForm
from decentwork.assistance.models import EndReason


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class EndSpellForm(StepForm):
    ended_on = forms.DateField(label=_("Last day of assistance"), widget=_date_input())
    end_reason = forms.ChoiceField(label=_("Why did it end?"), choices=EndReason.choices)


class SpellForm(StepForm):
    programme_name = forms.CharField(label=_("Programme of assistance"), max_length=200)
    started_on = forms.DateField(label=_("First day"), widget=_date_input())
    ended_on = forms.DateField(label=_("Last day (empty while it goes on)"), required=False,
                               widget=_date_input())
    end_reason = forms.ChoiceField(label=_("Why did it end? (only when it has ended)"),
                                   required=False,
                                   choices=[("", _("It goes on")), *EndReason.choices])


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=_date_input())
    until = forms.DateField(label=_("To"), required=False, widget=_date_input())
