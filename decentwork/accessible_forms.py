"""A form base that ties each error message to its input (WCAG 2.2, 3.3.1 and 1.3.1)."""

from __future__ import annotations

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
