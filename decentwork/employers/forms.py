from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decentwork.accessible_forms import AccessibleForm
from decentwork.controlled_lists import Accommodation, ContractType, Hours
from decentwork.network.models import Region
from decentwork.taxonomy.link_service import MAX_TEXT_CHARS, LinkResult, SkillFound


class VacancyDescriptionForm(AccessibleForm):
    """Step one: the vacancy as the employer writes it."""

    title = forms.CharField(label=_("Job title"), max_length=300)
    language = forms.ChoiceField(label=_("Language of the advert"), choices=settings.LANGUAGES)
    description = forms.CharField(
        label=_("What will the person do? What should they know?"), required=False,
        # The skills asked for are found in this text: as long as the linker reads.
        max_length=MAX_TEXT_CHARS, widget=forms.Textarea(attrs={"rows": 6}))
    region = forms.ModelChoiceField(label=_("Labour-market region"), queryset=Region.objects.none())
    place = forms.CharField(label=_("Place of work"), max_length=200, required=False)
    remote = forms.BooleanField(label=_("The work can be done remotely"), required=False)
    hours = forms.ChoiceField(label=_("Hours"), choices=Hours.choices)
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    openings = forms.IntegerField(label=_("Number of people to hire"), min_value=1,
                                  max_value=1000, initial=1)
    accommodations = forms.MultipleChoiceField(
        label=_("Accommodations you offer"), choices=Accommodation.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    opens_on = forms.DateField(label=_("Open from"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Open until (optional)"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, regions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = regions if regions is not None else Region.objects.none()
        self.fields["opens_on"].initial = timezone.localdate()


class VacancyForm(VacancyDescriptionForm):
    """Step two: plus the occupation and the skills suggested from the text."""

    occupation = forms.ChoiceField(label=_("Which occupation is this?"), widget=forms.RadioSelect)
    essential_skills = forms.MultipleChoiceField(
        label=_("Skills the person must have"), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, occupations: LinkResult, skills: list[SkillFound],
                 choosing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        occupation = self.fields["occupation"]
        assert isinstance(occupation, forms.ChoiceField)
        occupation.choices = [(m.concept.uri, m.label) for m in occupations.matches]
        occupation.required = choosing
        essential = self.fields["essential_skills"]
        assert isinstance(essential, forms.MultipleChoiceField)
        unique = {found.skill.concept.uri: found.skill.label for found in skills}
        essential.choices = list(unique.items())
        if not self.is_bound or not choosing:
            essential.initial = list(unique)
