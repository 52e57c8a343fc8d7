from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from decentwork.accessible_forms import AccessibleForm
from decentwork.employers.models import Vacancy


class VacancyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Vacancy) -> str:
        return f"{obj.title} · {obj.employer.name}"


class WhyNotForm(AccessibleForm):
    """"Why is this vacancy not shown?": any vacancy the reader may see in the region."""

    vacancy = VacancyChoiceField(label=_("Vacancy"), queryset=Vacancy.objects.none(),
                                 empty_label=_("Choose a vacancy"))

    def __init__(self, *args: Any, vacancies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["vacancy"]
        assert isinstance(field, VacancyChoiceField)
        field.queryset = vacancies


class StartMatchingForm(AccessibleForm):
    """The two choices an office manager makes when starting a run; the rest of a
    run's settings are the project's defaults (ADR 0009, 0010)."""

    congestion = forms.BooleanField(
        label=_("Spread attention over vacancies, so that not everyone is sent to the "
                "same few jobs"),
        required=False, initial=True)
    fairness = forms.BooleanField(
        label=_("Keep each group's fair share of good vacancies"),
        required=False, initial=True)


class ActOnRecommendationForm(AccessibleForm):
    """The optional words that go with an application, a referral or an invitation;
    the label says who will read them."""

    message = forms.CharField(required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["message"].label = label
