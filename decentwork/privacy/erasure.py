"""Erase one person: apply every app's declaration to their seeker record and login.

Called by ``actions.carry_out_erasure`` inside its transaction, so a person is erased
everywhere or nowhere. Rows that aggregates count stay, with their personal fields
emptied; the rest go. The person's names and addresses are also replaced in text
other people received about them (notices, audit details), as the apps declare.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from decentwork.accounts.models import User
from decentwork.personal_data import (
    REDACTED_TEXT,
    AboutTarget,
    AnonymisedRows,
    Copies,
    DeletedRows,
    Erasure,
    Mentions,
    Subject,
    placeholder,
)
from decentwork.privacy.declarations import declared, model_of
from decentwork.seekers.models import Invitation, JobSeeker
from decentwork.seekers.names import display_name


def erase_person(seeker: JobSeeker) -> dict[str, int]:
    """Erase ``seeker`` and their login; returns how many rows each kind of
    declaration touched (counts only: the audit entry of the erasure names no one)."""
    counts: Counter[str] = Counter()
    keys = {Subject.SEEKER: seeker.pk, Subject.USER: seeker.user_id}
    # Read before anything is emptied: these are what to look for in others' text.
    names = identifiers(seeker)
    stand_in = placeholder(seeker.pk)
    for copies in declared(Copies):
        counts["copies"] += copies.erase(seeker.pk)
    targets = [(JobSeeker._meta.label_lower, seeker.pk)]
    if seeker.user_id is not None:
        targets.append((User._meta.label_lower, seeker.user_id))
    for about in declared(AboutTarget):
        rows = model_of(about)._default_manager.filter(_about(about, targets))
        counts["about"] += _apply(rows, about.fields, stand_in)
    for mentions in declared(Mentions):
        counts["mentions"] += _replace_mentions(mentions, names, stand_in)
    for kept in declared(AnonymisedRows):
        key = keys[kept.of]
        if key is not None:
            rows = model_of(kept)._default_manager.filter(**{kept.path: key})
            counts["anonymised"] += _apply(rows, kept.fields, stand_in)
    for gone in declared(DeletedRows):
        key = keys[gone.of]
        if key is not None:
            deleted, _by_model = model_of(gone)._default_manager.filter(
                **{gone.path: key}).delete()
            counts["deleted"] += deleted
    return dict(counts)


def identifiers(seeker: JobSeeker) -> list[str]:
    """How others' text may name the person: full names and email addresses, longest
    first. A given name alone is too common to look for (every other Ayşe's notices
    would lose it), so names count only with both parts."""
    found: set[str] = set()
    first, last = seeker.first_name.strip(), seeker.last_name.strip()
    if first and last:
        found |= {display_name(first, last, seeker.preferred_language), f"{first} {last}",
                  f"{last} {first}", f"{last}{first}"}
    user = seeker.user
    if user is not None:
        if user.first_name.strip() and user.last_name.strip():
            found.add(user.get_full_name())
        found |= {address for address in (user.email, user.username) if "@" in address}
    found |= set(Invitation.objects.filter(seeker=seeker).values_list("email", flat=True))
    return sorted((text.strip() for text in found if text.strip()), key=len, reverse=True)


def blank_value(field: models.Field[Any, Any]) -> Any:
    """What ``Erasure.BLANK`` writes: None where the column allows it, False for a
    flag, else the field's default (its empty text, list or dict)."""
    if field.null:
        return None
    if isinstance(field, models.BooleanField):
        return False
    return field.get_default()


def _apply(rows: models.QuerySet[Any], fates: Mapping[str, Erasure], stand_in: str) -> int:
    """Apply each field's fate to ``rows``; returns how many rows there were."""
    model: type[models.Model] = rows.model
    values: dict[str, Any] = {}
    redacted: list[str] = []
    for name, fate in fates.items():
        if fate is Erasure.BLANK:
            field = model._meta.get_field(name)
            assert isinstance(field, models.Field)  # a column, not a reverse relation
            values[name] = blank_value(field)
        elif fate is Erasure.PLACEHOLDER:
            values[name] = stand_in
        elif fate is Erasure.REDACTED:
            redacted.append(name)
    # The filters name the path to the person, which no fate changes.
    count = rows.update(**values) if values else rows.count()
    for name in redacted:
        # Only where there was something: an empty value says nothing to redact.
        rows.exclude(**{name: ""}).update(**{name: REDACTED_TEXT})
    return count


def _about(about: AboutTarget, targets: list[tuple[str, int]]) -> Q:
    condition = Q(pk__in=[])
    for label, pk in targets:
        condition |= Q(**{about.type_field: label, about.id_field: str(pk)})
    return condition


def _replace_mentions(mentions: Mentions, names: list[str], stand_in: str) -> int:
    """Replace each of ``names`` by ``stand_in`` in the declared columns of every row
    that holds one; returns how many rows changed."""
    if not names:
        return 0
    model = model_of(mentions)
    changed = 0
    for field_name in mentions.fields:
        field = model._meta.get_field(field_name)
        rows = model._default_manager.all()
        if isinstance(field, models.JSONField):
            # Searched as text: PostgreSQL prints jsonb with its characters, SQLite
            # stores JSON with \\u escapes, so both spellings are looked for.
            rows = rows.annotate(_as_text=Cast(field_name, TextField()))
            column = "_as_text"
            spellings = {spelling for name in names
                         for spelling in (name, json.dumps(name)[1:-1])}
        else:
            column, spellings = field_name, set(names)
        condition = Q(pk__in=[])
        for spelling in spellings:
            condition |= Q(**{f"{column}__contains": spelling})
        updated = []
        for row in rows.filter(condition).only("pk", field_name):
            before = getattr(row, field_name)
            after = _replaced(before, names, stand_in)
            if after != before:
                setattr(row, field_name, after)
                updated.append(row)
        model._default_manager.bulk_update(updated, [field_name], batch_size=500)
        changed += len(updated)
    return changed


def _replaced(value: Any, names: list[str], stand_in: str) -> Any:
    """``value`` with every name replaced, looking inside JSON lists and dicts."""
    if isinstance(value, str):
        for name in names:
            value = value.replace(name, stand_in)
        return value
    if isinstance(value, list):
        return [_replaced(item, names, stand_in) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, names, stand_in) for key, item in value.items()}
    return value
