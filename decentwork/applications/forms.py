"""The forms of the application pages. Each one only parses what the person typed;
the rules (who may, from which state, what is required) live in ``actions.py``,
whose ``ValidationError`` is shown on the field it names (:meth:`StepForm.show`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decentwork.accessible_forms import AccessibleForm
from decentwork.applications.models import ApplicationState, RefusalReason
from decentwork.controlled_lists import ContractType, Hours, WageBand

YES, NO = "yes", "no"
NO_OCCUPATION = ""


def _is_yes(value: str) -> bool:
    return value == YES


def _date_input() -> forms.DateInput:
    # ISO format, so that the browser's date picker shows the value it is given.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class StepForm(AccessibleForm):
    """A form whose errors may also come from an action, after validation."""

    # The action's name for a field, when it differs from the form's.
    action_field_names: Mapping[str, str] = {}

    def show(self, error: ValidationError) -> None:
        """Put an action's error on the field it names (or above the form) and tie
        it to the input, as :class:`AccessibleForm` does for the form's own errors."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = self.action_field_names.get(name, name)
            if field in self.fields:
                self.add_error(field, errors)
                if isinstance(self.auto_id, str):
                    self.fields[field].widget.attrs["aria-describedby"] = (
                        f"{self.auto_id % field}-error")
            else:
                self.add_error(None, errors)


class ApplicationStepForm(StepForm):
    """A step on one application: it carries the state the person saw, so that a
    change made meanwhile by someone else is refused instead of overwritten."""

    expected_state = forms.ChoiceField(choices=ApplicationState.choices,
                                       widget=forms.HiddenInput)


class ApplyForm(StepForm):
    message = forms.CharField(
        label=_("A message to the employer (optional)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}))


class MarkSeenForm(ApplicationStepForm):
    pass


class WithdrawForm(ApplicationStepForm):
    pass


class PlanInterviewForm(ApplicationStepForm):
    note = forms.CharField(
        label=_("When and where is the interview? Write the day, the time and the place."),
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RefuseForm(ApplicationStepForm):
    action_field_names = {"note": "reason_text", "refusal_text": "reason_text",
                          "refusal_reason": "reason"}

    reason = forms.ChoiceField(label=_("Why do you say no?"), choices=RefusalReason.choices,
                               widget=forms.RadioSelect)
    reason_text = forms.CharField(
        label=_("The reason in your words (needed for “Other reason”)"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if (data is not None and data.get("reason") == RefusalReason.OTHER
                and not data.get("reason_text", "").strip()):
            self.add_error("reason_text", _("Write the reason in your words."))
        return data


class WorkTermsForm(StepForm):
    """The terms of a job: what a placement records, for the outcome statistics."""

    start_date = forms.DateField(label=_("Start date"), widget=_date_input())
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    hours = forms.ChoiceField(label=_("Hours"), choices=Hours.choices)
    hours_per_week = forms.IntegerField(label=_("Hours per week (optional)"), required=False,
                                        min_value=1, max_value=80)
    formal = forms.TypedChoiceField(
        label=_("Is the job registered (a written contract, with social security)?"),
        choices=[(YES, _("Yes")), (NO, _("No"))], coerce=_is_yes, widget=forms.RadioSelect)
    wage_band = forms.ChoiceField(label=_("Pay"), choices=WageBand.choices,
                                  initial=WageBand.NOT_KNOWN)


class HireForm(WorkTermsForm, ApplicationStepForm):
    def __init__(self, *args: Any, contract_type: str, hours: str, **kwargs: Any) -> None:
        """``contract_type`` and ``hours``: the vacancy's, offered as the defaults."""
        super().__init__(*args, **kwargs)
        self.fields["contract_type"].initial = contract_type
        self.fields["hours"].initial = hours
        self.fields["start_date"].initial = timezone.localdate()


class OutsidePlacementForm(WorkTermsForm):
    employer_name = forms.CharField(label=_("Employer's name"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=300)
    occupation = forms.ChoiceField(label=_("Occupation (optional)"), required=False,
                                   widget=forms.RadioSelect)

    field_order = ["employer_name", "job_title", "occupation"]

    def __init__(self, *args: Any, occupations: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        """``occupations``: (uri, label) of the occupations the person is known for,
        so that the counsellor picks one without searching the whole taxonomy."""
        super().__init__(*args, **kwargs)
        field = self.fields["occupation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*occupations, (NO_OCCUPATION, _("Not stated"))]
        field.initial = NO_OCCUPATION


class EndPlacementForm(StepForm):
    end_date = forms.DateField(label=_("Last day of work"), widget=_date_input())
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()
