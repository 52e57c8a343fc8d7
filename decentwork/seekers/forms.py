from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from decentwork.accessible_forms import AccessibleForm
from decentwork.taxonomy.link_service import LinkResult

NO_OCCUPATION = "none"


class WorkDescriptionForm(AccessibleForm):
    """Step one: a job in the person's own words."""

    title = forms.CharField(
        label=_("What was the job? Use your own words, in any language."), max_length=300)
    language = forms.ChoiceField(label=_("Language of these words"), choices=settings.LANGUAGES)
    years = forms.DecimalField(label=_("How many years?"), min_value=Decimal(0),
                               max_value=Decimal(80), decimal_places=1, initial=Decimal(1))
    informal = forms.BooleanField(label=_("It was informal or unpaid work"), required=False)


class WorkExperienceForm(WorkDescriptionForm):
    """Step two: the same, plus the occupation chosen among the linker's suggestions."""

    occupation = forms.ChoiceField(label=_("Which of these is closest?"), required=False,
                                   widget=forms.RadioSelect)

    def __init__(self, *args: Any, suggestions: LinkResult | None = None,
                 choosing: bool = False, **kwargs: Any) -> None:
        """``suggestions``: the linker's answer for the title, offered as the choices;
        ``choosing``: the person pressed "save", so a choice is required."""
        super().__init__(*args, **kwargs)
        field = self.fields["occupation"]
        assert isinstance(field, forms.ChoiceField)
        if suggestions is not None:
            field.choices = [(m.concept.uri, m.label) for m in suggestions.matches]
            field.choices += [(NO_OCCUPATION, str(_("None of these: keep my words only")))]
        field.required = choosing

