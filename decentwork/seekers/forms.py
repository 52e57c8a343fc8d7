from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from decentwork.accessible_forms import DescribedForm
from decentwork.controlled_lists import Accommodation, ContractType, Hours
from decentwork.network.models import Office
from decentwork.seekers.languages import spoken_language_choices
from decentwork.seekers.models import ConsentScope, SpokenLanguage
from decentwork.taxonomy.link_service import LinkResult

NO_OCCUPATION = "none"


class WorkDescriptionForm(DescribedForm):
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



class LanguageSelect(forms.Select):
    """A list of languages, each option marked with its own language so that a
    screen reader pronounces "Türkçe" as Turkish."""

    def create_option(self, name: str, value: Any, label: int | str, selected: bool,
                      index: int, subindex: int | None = None,
                      attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = str(value)
        return option


def interface_language_choices() -> list[tuple[str, str]]:
    """The interface languages, each by its name in itself ("العربية", "Türkçe")."""
    return [(code, str(get_language_info(code)["name_local"])) for code, _name in
            settings.LANGUAGES]


class PasswordFields(DescribedForm):
    """A new password typed twice; the validators run in the action, where the
    person (name, email) is known, and their messages come back on "password"."""

    password = forms.CharField(
        label=_("Choose a password"), strip=False,
        help_text=_("At least 8 characters. Not a common password, and not like your "
                    "name or email address."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Type the same password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        first, second = self.cleaned_data.get("password"), self.cleaned_data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same. Type them "
                                          "again."))
        return cleaned


def _name_fields() -> dict[str, forms.Field]:
    return {
        "first_name": forms.CharField(
            label=_("First name"), max_length=100,
            widget=forms.TextInput(attrs={"autocomplete": "given-name"})),
        "last_name": forms.CharField(
            label=_("Family name"), max_length=100, required=False,
            help_text=_("Leave this empty if you have only one name."),
            widget=forms.TextInput(attrs={"autocomplete": "family-name"})),
    }


class SignUpForm(PasswordFields):
    field_order = ["first_name", "last_name", "email", "password", "password2",
                   "preferred_language", "office", "agree_privacy"]
    email = forms.EmailField(
        label=_("Email address"), max_length=150,
        help_text=_("You sign in with it. We send you news about your job search there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    preferred_language = forms.ChoiceField(label=_("Language for this website"),
                                           widget=LanguageSelect)
    office = forms.TypedChoiceField(
        label=_("Your employment office"), coerce=int,
        help_text=_("Choose the office nearest to where you live. The offices are listed "
                    "by city or country."))
    agree_privacy = forms.BooleanField(
        label=_("I have read the privacy notice above and I agree to it."),
        error_messages={"required": _("Tick this box to agree to the privacy notice. We "
                                      "cannot register you without it.")})

    def __init__(self, *args: Any, offices: Iterable[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_name_fields())
        self.order_fields(self.field_order)
        self._describe()
        language = self.fields["preferred_language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = interface_language_choices()
        by_site: dict[str, list[tuple[int, str]]] = {}
        for office in offices:
            by_site.setdefault(office.site.name, []).append((office.pk, office.name))
        office_field = self.fields["office"]
        assert isinstance(office_field, forms.ChoiceField)
        office_field.choices = [("", _("Choose an office")), *by_site.items()]


class JoinForm(PasswordFields):
    """Accepting an invitation: names only when the office has no record yet."""

    preferred_language = forms.ChoiceField(label=_("Language for this website"),
                                           widget=LanguageSelect)

    def __init__(self, *args: Any, ask_names: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ask_names:
            self.fields.update(_name_fields())
            self.order_fields(["first_name", "last_name", "password", "password2",
                               "preferred_language"])
        self._describe()
        language = self.fields["preferred_language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = interface_language_choices()


class InviteForm(DescribedForm):
    email = forms.EmailField(label=_("Email address of the person to invite"), max_length=150,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))


class SkillTextForm(DescribedForm):
    """Step one of adding skills: what the person can do, in their own words."""

    text = forms.CharField(
        label=_("What can you do? Write it in your own words, in any language."),
        max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “I cook for many people, I drive a van, I speak "
                    "with customers.”"))
    language = forms.ChoiceField(label=_("Language of these words"), choices=settings.LANGUAGES)


class SkillChoiceForm(SkillTextForm):
    """Step two: the skills found in the words, to tick."""

    skills = forms.MultipleChoiceField(label=_("Which of these can you do?"),
                                       widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args: Any, suggestions: Iterable[tuple[str, str]] = (),
                 choosing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["skills"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(suggestions)
        field.required = choosing
        field.error_messages["required"] = _("Tick at least one skill, or write other words.")


class SpokenLanguageForm(DescribedForm):
    language = forms.ChoiceField(label=_("Language"))
    level = forms.ChoiceField(label=_("How well do you speak it?"),
                              choices=SpokenLanguage.Level.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a language")), *spoken_language_choices()]


class PreferencesForm(DescribedForm):
    preferred_hours = forms.ChoiceField(label=_("How many hours do you want to work?"),
                                        choices=Hours.choices, widget=forms.RadioSelect)
    accepted_contracts = forms.MultipleChoiceField(
        label=_("Which kinds of contract would you take?"), choices=ContractType.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Tick all that you would take. Tick none if any contract is fine."))
    commute_radius_km = forms.IntegerField(
        label=_("How far can you travel to work, in kilometres?"), min_value=0, max_value=500,
        help_text=_("Count the distance from your home, one way."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    accepts_remote = forms.BooleanField(label=_("I would work from home"), required=False)


ACCOMMODATION_HELP = {
    Accommodation.STEP_FREE_ACCESS: _(
        "You can get into the building and move around it without steps, for example "
        "in a wheelchair."),
    Accommodation.SCREEN_READER_SUPPORT: _(
        "The computers and programs at work can be used with a screen reader."),
    Accommodation.SIGN_LANGUAGE_INTERPRETATION: _(
        "A sign language interpreter is there when you need one, for example in meetings."),
    Accommodation.FLEXIBLE_HOURS: _(
        "You can start and stop work at times that suit you, for example for treatment "
        "or family."),
    Accommodation.REMOTE_WORK: _("You can do some or all of the work from home."),
    Accommodation.QUIET_WORKSPACE: _("You have a calm place to work, away from noise."),
    Accommodation.ADAPTED_EQUIPMENT: _(
        "Tools, desk or chair are changed to suit you."),
    Accommodation.JOB_COACH: _(
        "A coach helps you learn the job and settle in at the start."),
    Accommodation.CHILDCARE_SUPPORT: _(
        "The employer helps with looking after your children while you work."),
}


class CheckboxesWithHelp(forms.CheckboxSelectMultiple):
    """Checkboxes each described by its own sentence ("<option id>-help"), besides
    what describes the whole list."""

    def create_option(self, name: str, value: Any, label: int | str, selected: bool,
                      index: int, subindex: int | None = None,
                      attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option_id = option["attrs"].get("id")
        if option_id:
            described = [f"{option_id}-help", option["attrs"].get("aria-describedby", "")]
            option["attrs"]["aria-describedby"] = " ".join(filter(None, described))
        return option


class AccommodationsForm(DescribedForm):
    accommodation_needs = forms.MultipleChoiceField(
        label=_("What do you need at work?"), choices=Accommodation.choices,
        widget=CheckboxesWithHelp, required=False,
        help_text=_("Tick what would help you work well. You do not need to say why. "
                    "We only show you jobs where the employer offers what you tick."))


class ConsentForm(forms.Form):
    """One Give or Withdraw button; the scope comes from the button's value."""

    scope = forms.ChoiceField(choices=ConsentScope.choices)


class OccupationChoiceForm(DescribedForm):
    """The occupation of a job already on the profile: confirm, change or unlink."""

    occupation = forms.ChoiceField(label=_("Which occupation is this job?"),
                                   widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["occupation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
