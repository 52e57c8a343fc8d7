"""Every model that may hold something about a person is declared, and every declared
model has every column decided: a new model or a new column cannot slip past the
export and the erasure."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.apps.registry import Apps
from django.conf import settings
from django.db import models

from decentwork.personal_data import (
    AboutTarget,
    AnonymisedRows,
    Copies,
    DeletedRows,
    Erasure,
    Mentions,
    NotPersonal,
    Subject,
)
from decentwork.privacy.declarations import DECLARATIONS, model_of
from decentwork.privacy.erasure import blank_value
from decentwork.seekers.models import JobSeeker

# Column names that usually hold words about a person.
PERSONAL_WORDS = ("name", "email", "text", "note", "detail", "message", "title",
                  "description", "purpose", "goal", "history", "body", "subject", "address",
                  "place", "repr", "phone", "certificate")
SUBJECT_MODELS = {Subject.SEEKER: JobSeeker, Subject.USER: apps.get_model(settings.AUTH_USER_MODEL)}


def _may_hold_personal_data(model: type[models.Model]) -> bool:
    if model in SUBJECT_MODELS.values():
        return True
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model in SUBJECT_MODELS.values():
            return True
        if any(word in field.name for word in PERSONAL_WORDS):
            return True
    return False


def test_every_model_that_may_hold_personal_data_is_declared() -> None:
    declared = {d.model for d in DECLARATIONS}
    missing = sorted(model._meta.label for model in apps.get_models()
                     if _may_hold_personal_data(model) and model._meta.label not in declared)
    assert missing == [], (
        f"Declare these in their app's personal_data.py (decentwork/personal_data.py "
        f"says how): {missing}")


def test_the_check_finds_an_undeclared_model() -> None:
    """The test above can fail: a model with a free-text note and no declaration."""

    class Scribble(models.Model):
        note = models.TextField()

        class Meta:
            app_label = "privacy"
            apps = Apps()  # a registry of its own: the site's models stay as they are

        def __str__(self) -> str:
            return self.note

    assert _may_hold_personal_data(Scribble)
    assert "privacy.Scribble" not in {d.model for d in DECLARATIONS}


def test_every_declaration_names_an_installed_model_and_its_fields() -> None:
    for declaration in DECLARATIONS:
        model = model_of(declaration)
        names = set(_named_fields(declaration))
        columns = {f.name for f in model._meta.concrete_fields}
        assert names <= columns, (declaration.model, names - columns)


def _named_fields(declaration: Any) -> list[str]:
    if isinstance(declaration, DeletedRows | AnonymisedRows):
        extra = declaration.sensitive if isinstance(declaration, AnonymisedRows) else ()
        return [*declaration.fields, *declaration.unexported, *extra]
    if isinstance(declaration, AboutTarget):
        return [*declaration.fields, declaration.type_field, declaration.id_field]
    if isinstance(declaration, Mentions | Copies):
        return list(declaration.fields)
    assert isinstance(declaration, NotPersonal)
    return []


def test_every_column_of_a_declared_model_is_decided() -> None:
    """A row kept or deleted has each column listed (fate, exported or not), except
    its own key and the first step of the path to the person."""
    undecided = []
    for declaration in DECLARATIONS:
        if not isinstance(declaration, DeletedRows | AnonymisedRows):
            continue
        model = model_of(declaration)
        decided = set(_named_fields(declaration)) | {declaration.path.split("__")[0]}
        undecided += [f"{declaration.model}.{f.name}" for f in model._meta.concrete_fields
                      if not f.primary_key and f.name not in decided]
    assert undecided == []


def test_each_path_leads_to_its_person() -> None:
    for declaration in DECLARATIONS:
        if not isinstance(declaration, DeletedRows | AnonymisedRows):
            continue
        model: Any = model_of(declaration)
        for step in declaration.path.split("__"):
            if step == "pk":
                break
            model = model._meta.get_field(step).related_model
        assert model is SUBJECT_MODELS[declaration.of], declaration.model


def test_what_erasure_writes_fits_each_column() -> None:
    """A blanked column that allows no NULL gets a value; a placeholder or
    "[erased]" goes only into text columns."""
    for declaration in DECLARATIONS:
        if not isinstance(declaration, AnonymisedRows | AboutTarget):
            continue
        model = model_of(declaration)
        for name, fate in declaration.fields.items():
            field = model._meta.get_field(name)
            if fate is Erasure.BLANK:
                assert field.null or blank_value(field) is not None, f"{declaration.model}.{name}"
            elif fate in (Erasure.PLACEHOLDER, Erasure.REDACTED):
                assert isinstance(field, models.CharField | models.TextField), name
