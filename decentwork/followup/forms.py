"""The form of a follow-up check, in plain language. It only parses what was typed;
the rules live in ``actions.answer_follow_up``, whose errors land on the field named."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from decentwork.applications.forms import StepForm
from decentwork.controlled_lists import WageBand

YES, NO = "yes", "no"


def _yes_no(value: str) -> bool | None:
    return {YES: True, NO: False}.get(value)


def _question(label: Any, *, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=[(YES, _("Yes")), (NO, _("No"))],
                                  coerce=_yes_no, empty_value=None, required=required,
                                  widget=forms.RadioSelect)


class AnswerForm(StepForm):
    still_employed = _question(_("Do you still work in this job?"), required=True)
    ended_on = forms.DateField(
        label=_("If not: what was your last day of work there?"), required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    same_employer = _question(_("Do you still work for the same employer? (optional)"))
    registered = _question(_("Is the job registered, with a written contract and social "
                             "security? (optional)"))
    hours_per_week = forms.IntegerField(label=_("How many hours a week do you work? (optional)"),
                                        required=False, min_value=1, max_value=80)
    wage_band = forms.ChoiceField(label=_("What is the pay? (optional)"), required=False,
                                  choices=[("", _("I would rather not say")),
                                           *WageBand.choices])
