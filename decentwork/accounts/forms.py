"""The account forms: Django's own for passwords, each input tied to its help and error."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from decentwork.accessible_forms import DescribedForm

CODE_ATTRIBUTES = {"autocomplete": "one-time-code", "autocapitalize": "none",
                   "spellcheck": "false", "class": "code-input"}


class SecondFactorForm(DescribedForm):
    code = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your "
                    "recovery codes."),
        widget=forms.TextInput(attrs=CODE_ATTRIBUTES))


class ConfirmAuthenticatorForm(DescribedForm):
    code = forms.CharField(
        label=_("Code from the app"), max_length=20, strip=True,
        help_text=_("The 6 digits the app shows for Decent Work Exchange."),
        widget=forms.TextInput(attrs={**CODE_ATTRIBUTES, "inputmode": "numeric"}))


class PasswordChangeForm(auth_forms.PasswordChangeForm, DescribedForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm, DescribedForm):
    pass


class SetPasswordForm(auth_forms.SetPasswordForm, DescribedForm):  # type: ignore[type-arg]
    pass
