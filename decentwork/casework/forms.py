"""The forms of the casework pages. Each one only parses what was typed; the rules
(who may, which dates, what is required) live in ``actions.py``, whose
``ValidationError`` is shown on the field it names (``show``, from applications)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from decentwork import clock
from decentwork.accessible_forms import AccessibleForm
from decentwork.applications.forms import StepForm as ShowsActionErrors
from decentwork.casework.access import DayFilter
from decentwork.casework.models import Barrier, Severity, StepOwner, StepType
from decentwork.casework.proposals import StepInput
from decentwork.controlled_lists import TargetGroup
from decentwork.network.models import Office
from decentwork.programmes.models import TrainingProgramme

NOT_A_BARRIER = ""


def _date_input() -> forms.DateInput:
    # ISO format, so that the browser's date picker shows the value it is given.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class CaseworkForm(ShowsActionErrors):
    """A casework form: its errors may also come from an action (``show``)."""


class AssessmentForm(CaseworkForm):
    """Barriers are one list each (not a barrier, minor, moderate, severe) so that a
    keyboard user goes through the controlled list in order."""

    assessed_on = forms.DateField(label=_("Day of the assessment"), widget=_date_input())
    employment_history = forms.CharField(
        label=_("Work done before"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}))
    goals = forms.CharField(
        label=_("Goals, in the person's own words"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}))
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups the person agrees to be counted in"), required=False,
        choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick a group only when the person agrees: it records their consent."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(NOT_A_BARRIER, _("Not a barrier")), *Severity.choices]
        for value, label in Barrier.choices:
            self.fields[f"barrier_{value}"] = forms.ChoiceField(
                label=label, choices=choices, required=False)

    def barrier_fields(self) -> list[forms.BoundField]:
        return [self[f"barrier_{value}"] for value in Barrier.values]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("assessed_on", "employment_history", "goals",
                                        "target_groups")]

    def barriers(self) -> dict[str, str]:
        return {value: self.cleaned_data[f"barrier_{value}"] for value in Barrier.values
                if self.cleaned_data.get(f"barrier_{value}")}


def programme_choices(programmes: Iterable[TrainingProgramme]) -> list[tuple[str, str]]:
    return [("", str(_("No programme"))),
            *((str(p.pk), f"{p.title} ({p.get_kind_display()})") for p in programmes)]


class StepForm(CaseworkForm):
    """One step; in the plan's list of rows a row left without words is left out."""

    step_type = forms.ChoiceField(label=_("Type of step"), choices=StepType.choices)
    title = forms.CharField(label=_("What, in plain words"), max_length=300, required=False,
                            help_text=_("Leave it empty to leave this step out."))
    owner = forms.ChoiceField(label=_("Who does it"), choices=StepOwner.choices)
    due_on = forms.DateField(label=_("Due by"), widget=_date_input(), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False, choices=[],
                                  help_text=_("The person is offered a place in it."))
    barrier = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, programmes: Iterable[TrainingProgramme] = (),
                 single: bool = False, **kwargs: Any) -> None:
        """``single``: one step on its own, whose words and due date are required."""
        super().__init__(*args, **kwargs)
        if single:
            for name in ("title", "due_on"):
                self.fields[name].required = True
            self.fields["title"].help_text = ""
        field = self.fields["programme"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = programme_choices(programmes)

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("title") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("title") or "").strip():
            for name, message in (("step_type", _("Choose the type of step.")),
                                  ("owner", _("Choose who does it.")),
                                  ("due_on", _("Enter the day it is due by."))):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    def step_input(self) -> StepInput:
        data = self.cleaned_data
        programme = data.get("programme")
        return StepInput(step_type=data["step_type"], title=data["title"].strip(),
                         owner=data["owner"], due_on=data["due_on"],
                         barrier=data.get("barrier") or "",
                         programme_id=int(programme) if programme else None)


def step_initial(step: StepInput) -> dict[str, Any]:
    return {"step_type": step.step_type, "title": step.title, "owner": step.owner,
            "due_on": step.due_on, "barrier": step.barrier,
            "programme": str(step.programme_id or "")}


class PlanForm(CaseworkForm):
    starts_on = forms.DateField(label=_("The plan starts on"), widget=_date_input())


if TYPE_CHECKING:
    _StepFormSetBase = forms.BaseFormSet[StepForm]
else:
    _StepFormSetBase = forms.BaseFormSet


class BaseStepFormSet(_StepFormSetBase):
    def __init__(self, *args: Any, programmes: Iterable[TrainingProgramme] = (),
                 **kwargs: Any) -> None:
        self.programmes = list(programmes)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "programmes": self.programmes}


StepFormSet = cast(type[BaseStepFormSet], forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=0, max_num=30, absolute_max=30))
# Empty rows added below the proposal for steps of the counsellor's own.
EXTRA_ROWS = 2


class StepNoteForm(CaseworkForm):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class ParticipationChangeForm(CaseworkForm):
    on = forms.DateField(label=_("On"), widget=_date_input(), required=False)
    certificate = forms.CharField(label=_("Certificate (optional)"), required=False,
                                  max_length=300)
    reason = forms.CharField(label=_("Why the person left"), required=False, max_length=2000)

    def day(self) -> dt.date:
        on: dt.date | None = self.cleaned_data.get("on")
        return on or clock.today()


class OfferForm(CaseworkForm):
    programme = forms.ChoiceField(label=_("Programme"), choices=[])

    def __init__(self, *args: Any, programmes: Iterable[TrainingProgramme] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = programme_choices(programmes)[1:]


class DayFilterForm(AccessibleForm):
    """Narrow the counsellor's day to one office (administrators) and one target group."""

    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none(),
                                    required=False, empty_label=_("All offices"))
    target_group = forms.ChoiceField(
        label=_("Target group"), required=False,
        choices=[("", _("Everyone")), *TargetGroup.choices],
        help_text=_("Only people who consented to their group being recorded are counted "
                    "in a group."))

    def __init__(self, *args: Any, offices: list[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["office"])  # type: ignore[type-arg]
        field.queryset = Office.objects.filter(pk__in=[office.pk for office in offices])
        if len(offices) < 2:
            del self.fields["office"]

    def wanted(self) -> DayFilter:
        """What was asked for; nothing narrowed while the form is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return DayFilter()
        office = self.cleaned_data.get("office")
        return DayFilter(office_id=office.pk if office else None,
                         target_group=self.cleaned_data.get("target_group") or "")


class SiteRulesForm(CaseworkForm):
    """The rules a site sets for its casework; ``network.actions`` checks the bounds."""

    exit_window_months = forms.IntegerField(
        label=_("Exit window, in months"),
        help_text=_("Leaving social assistance counts as an exit into work when it happens "
                    "within this many months of the start of a registered job that lasted "
                    "three months."))
    contact_gap_days = forms.IntegerField(
        label=_("Contact gap, in days"),
        help_text=_("The counsellor's day lists people looking for work whom nobody has "
                    "been in touch with for longer than this."))
