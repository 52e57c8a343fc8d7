"""The forms of the staff pages. They only parse what the administrator typed and
offer only what the administrator may choose; the rules live in ``actions.py``,
whose errors :meth:`StaffForm.show` puts on the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from decentwork.accessible_forms import DescribedForm
from decentwork.network.models import Office, Site
from decentwork.staff.models import StaffRole

# The role choice that makes an administrator of no site: offered to platform
# administrators only, so that nobody makes one by leaving the site empty.
PLATFORM_ADMINISTRATOR = "platform_administrator"


class StaffForm(DescribedForm):
    """An accessible form whose inputs point at their help text and at their error,
    including an error an action raised after validation (:meth:`show`)."""

    def show(self, error: ValidationError) -> None:
        """Put an action's error on the field it names, or above the form."""
        by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
        for name, errors in by_field.items():
            self.add_error(name if name in self.fields else None, errors)


class OfficeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Office) -> str:
        return f"{obj.name} ({obj.site.name})"


class PlacementForm(StaffForm):
    """A role and where it is held: an office for counsellors and office managers,
    a site for analysts and administrators."""

    role = forms.ChoiceField(label=_("Role"))
    office = OfficeChoiceField(
        label=_("Office"), required=False, queryset=Office.objects.none(),
        empty_label=_("(none)"), help_text=_("Needed for counsellors and office managers."))
    site = forms.ModelChoiceField(
        label=_("Site"), required=False, queryset=Site.objects.none(), empty_label=_("(none)"),
        help_text=_("Needed for programme analysts and site administrators."))

    def __init__(self, *args: Any, offices: QuerySet[Office], sites: QuerySet[Site],
                 may_make_platform_administrators: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles: list[tuple[str, Any]] = [
            (role.value, role.label) for role in StaffRole if role != StaffRole.ADMINISTRATOR]
        roles.append((StaffRole.ADMINISTRATOR.value, _("Administrator of a site")))
        if may_make_platform_administrators:
            roles.append((PLATFORM_ADMINISTRATOR, _("Platform administrator (every site)")))
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = roles
        office_field, site_field = self.fields["office"], self.fields["site"]
        assert isinstance(office_field, forms.ModelChoiceField)
        assert isinstance(site_field, forms.ModelChoiceField)
        office_field.queryset = offices
        site_field.queryset = sites
        if len(sites) == 1:
            # A site administrator has one site: it is already chosen.
            site_field.initial = sites[0].pk
            site_field.empty_label = None

    def placement(self) -> dict[str, Any]:
        """The role, office and site as the actions take them."""
        data = self.cleaned_data
        if data["role"] == PLATFORM_ADMINISTRATOR:
            return {"role": StaffRole.ADMINISTRATOR.value, "office": None, "site": None}
        if data["role"] == StaffRole.ADMINISTRATOR and data["site"] is None:
            # None would mean the whole platform: asked for by its own choice only.
            raise ValidationError({"site": _("Choose the site this person administers.")})
        if data["role"] in {StaffRole.COUNSELLOR, StaffRole.OFFICE_MANAGER}:
            # The office says which site; a site left chosen is not a contradiction.
            return {"role": data["role"], "office": data["office"], "site": None}
        return {"role": data["role"], "office": None, "site": data["site"]}


class InviteForm(PlacementForm):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    field_order = ["email", "first_name", "last_name", "role", "office", "site"]


class AcceptForm(StaffForm):
    username = forms.CharField(
        label=_("User name"), max_length=150,
        help_text=_("You sign in with it. Letters, digits and @ . + - _ only."))
    password = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not a common password, not like your name."))
    password2 = forms.CharField(
        label=_("The same password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password2") != data["password"]:
            self.add_error("password2", _("The two passwords differ. Type the same one twice."))
        return data


class StaffFilterForm(forms.Form):
    """The list's filters (GET): every one optional; a value the user may not
    choose is ignored like an empty one."""

    office = OfficeChoiceField(label=_("Office"), required=False, queryset=Office.objects.none(),
                               empty_label=_("All offices"))
    role = forms.ChoiceField(label=_("Role"), required=False)
    site = forms.ModelChoiceField(label=_("Site"), required=False, queryset=Site.objects.none(),
                                  empty_label=_("All sites"))

    def __init__(self, *args: Any, offices: QuerySet[Office], sites: QuerySet[Site],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [("", _("All roles")), *StaffRole.choices]
        office_field, site_field = self.fields["office"], self.fields["site"]
        assert isinstance(office_field, forms.ModelChoiceField)
        assert isinstance(site_field, forms.ModelChoiceField)
        office_field.queryset = offices
        site_field.queryset = sites
        if len(sites) <= 1:
            del self.fields["site"]
