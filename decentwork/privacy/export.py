"""A person's data, collected from every app's declaration: for the JSON download and
for the readable page (the same rows, once as values and once as text).

Sensitive attributes are never read here directly: the caller passes what
``seekers.access.read_sensitive`` returned (an audited read).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from decentwork.controlled_lists import Accommodation, TargetGroup
from decentwork.personal_data import AnonymisedRows, DeletedRows, Subject
from decentwork.privacy.declarations import DECLARATIONS, model_of
from decentwork.seekers.access import Sensitive
from decentwork.seekers.models import JobSeeker
from decentwork.taxonomy.models import Concept

EXPORT_FORMAT = 1
"""Bumped when the layout of the JSON document changes."""


@dataclass(frozen=True)
class ExportedValue:
    name: str
    label: str
    value: Any  # as JSON: codes, ISO dates, numbers
    text: str   # as a person reads it: labels, dates in their language


@dataclass(frozen=True)
class ExportedRow:
    id: object
    values: tuple[ExportedValue, ...]


@dataclass(frozen=True)
class ExportSection:
    model: str  # "app_label.ModelName"
    title: str
    rows: tuple[ExportedRow, ...]


@dataclass(frozen=True)
class PersonalExport:
    seeker_id: int
    exported_at: dt.datetime
    sections: tuple[ExportSection, ...]

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)

    def as_json(self) -> dict[str, Any]:
        """The document the person downloads (and the API answers)."""
        return {
            "format": EXPORT_FORMAT,
            "exported_at": self.exported_at.isoformat(),
            "seeker_id": self.seeker_id,
            "sections": [
                {"model": section.model, "title": section.title,
                 "rows": [{"id": row.id, **{v.name: v.value for v in row.values}}
                          for row in section.rows]}
                for section in self.sections
            ],
        }


SENSITIVE_SECTION = "seekers.Sensitive"


def collect(seeker: JobSeeker, sensitive: Sensitive, *, language: str,
            at: dt.datetime) -> PersonalExport:
    """Every declared row of the person (their seeker record and their login), in
    declaration order, then their sensitive attributes as ``sensitive`` holds them."""
    keys = {Subject.SEEKER: seeker.pk, Subject.USER: seeker.user_id}
    sections = []
    for declaration in DECLARATIONS:
        if not isinstance(declaration, DeletedRows | AnonymisedRows):
            continue
        key = keys[declaration.of]
        if key is None:
            continue  # no login: nothing is about it
        model = model_of(declaration)
        # Sensitive fields come from the audited reader only (the last section).
        sensitive_fields = (declaration.sensitive if isinstance(declaration, AnonymisedRows)
                            else ())
        names = [name for name in declaration.fields
                 if name not in declaration.unexported and name not in sensitive_fields]
        fields = [_column(model, name) for name in names]
        rows = _rows(model, declaration.path, key, fields)
        sections.append(ExportSection(
            model=declaration.model, title=str(model._meta.verbose_name_plural).capitalize(),
            rows=tuple(ExportedRow(row.pk, tuple(_exported(row, field, language)
                                                 for field in fields))
                       for row in rows)))
    sections.append(_sensitive_section(sensitive))
    return PersonalExport(seeker_id=seeker.pk, exported_at=at, sections=tuple(sections))


def _column(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # declarations name columns, never reverse relations
    return field


def _rows(model: type[models.Model], path: str, key: int,
          fields: list[models.Field[Any, Any]]) -> list[models.Model]:
    related = [f.name for f in fields if f.is_relation]
    labelled = [f"{f.name}__labels" for f in fields
                if f.is_relation and f.related_model is Concept]
    return list(model._default_manager.filter(**{path: key}).select_related(*related)
                .prefetch_related(*labelled).order_by("pk"))


def _exported(row: models.Model, field: models.Field[Any, Any], language: str
              ) -> ExportedValue:
    value, text = _value(row, field, language)
    return ExportedValue(field.name, str(field.verbose_name).capitalize(), value, text)


def _value(row: models.Model, field: models.Field[Any, Any], language: str
           ) -> tuple[Any, str]:
    if field.is_relation:
        related = getattr(row, field.name)
        if related is None:
            return None, ""
        # Another row's id means nothing to the person: its name does.
        text = related.label(language) if isinstance(related, Concept) else str(related)
        return text, text
    raw = getattr(row, field.attname)
    if raw is None:
        return None, ""
    if field.choices:
        return raw, str(getattr(row, f"get_{field.name}_display")())
    if isinstance(raw, dt.datetime):
        return raw.isoformat(), date_format(timezone.localtime(raw), "DATETIME_FORMAT")
    if isinstance(raw, dt.date):
        return raw.isoformat(), date_format(raw, "DATE_FORMAT")
    if isinstance(raw, bool):
        return raw, _("Yes") if raw else _("No")
    if isinstance(raw, Decimal):
        return float(raw), str(raw)
    if isinstance(raw, list | dict):
        return raw, _json_text(raw)
    return raw, str(raw)


def _json_text(value: list[Any] | dict[str, Any]) -> str:
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _sensitive_section(sensitive: Sensitive) -> ExportSection:
    groups = sensitive.target_groups
    needs = sensitive.accommodation_needs
    values = (
        ExportedValue("target_groups", _("Groups you told us you belong to"), list(groups),
                      ", ".join(str(TargetGroup(g).label) for g in groups)),
        ExportedValue("accommodation_needs", _("What you need at work"), list(needs),
                      ", ".join(str(Accommodation(n).label) for n in needs)),
    )
    return ExportSection(SENSITIVE_SECTION, _("Sensitive information"),
                         (ExportedRow(None, values),))
