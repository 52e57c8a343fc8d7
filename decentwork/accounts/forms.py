"""The account forms: Django's own for passwords, each input tied to its help and error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from decentwork.accessible_forms import AccessibleForm

CODE_ATTRIBUTES = {"autocomplete": "one-time-code", "autocapitalize": "none",
                   "spellcheck": "false", "class": "code-input"}


class DescribedAccountForm(AccessibleForm):
    """Each input points at its help text (``<input id>-help``) and, once invalid, at
    its error (``<input id>-error``), as ``accounts/_field.html`` renders them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._describe()

    def _describe(self) -> None:
        if not isinstance(self.auto_id, str):
            return
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            ids = [f"{self.auto_id % name}-error"] if name in errors else []
            if field.help_text:
                ids.append(f"{self.auto_id % name}-help")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)


class SecondFactorForm(DescribedAccountForm):
    code = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your "
                    "recovery codes."),
        widget=forms.TextInput(attrs=CODE_ATTRIBUTES))


class ConfirmAuthenticatorForm(DescribedAccountForm):
    code = forms.CharField(
        label=_("Code from the app"), max_length=20, strip=True,
        help_text=_("The 6 digits the app shows for Decent Work Exchange."),
        widget=forms.TextInput(attrs={**CODE_ATTRIBUTES, "inputmode": "numeric"}))


class PasswordChangeForm(auth_forms.PasswordChangeForm, DescribedAccountForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm, DescribedAccountForm):
    pass


class SetPasswordForm(auth_forms.SetPasswordForm, DescribedAccountForm):  # type: ignore[type-arg]
    pass
