"""A form base that ties each error message to its input (WCAG 2.2, 3.3.1 and 1.3.1)."""

from __future__ import annotations

from typing import Any

from django import forms


class AccessibleForm(forms.Form):
    """After validation, every invalid input points at its message with
    ``aria-describedby`` (Django already sets ``aria-invalid``)."""

    def full_clean(self) -> None:
        super().full_clean()
        if not isinstance(self.auto_id, str):
            return
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self.auto_id % name}-error"


class DescribedForm(AccessibleForm):
    """An accessible form whose inputs also point at their help text, if any
    (``<input id>-help``), then at their error (``<input id>-error``), before and
    after validation and when an action's error is added afterwards."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def add_error(self, field: str | None, error: Any) -> None:
        # An action's errors arrive after validation: tie them to their input too.
        super().add_error(field, error)
        self._describe()

    def _describe(self) -> None:
        if not isinstance(self.auto_id, str):
            return
        # ``_errors``, not ``errors``: the latter would validate a form whose
        # subclass has not added all its fields yet.
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            ids = [f"{self.auto_id % name}-help"] if field.help_text else []
            if name in errors:
                ids.append(f"{self.auto_id % name}-error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)
