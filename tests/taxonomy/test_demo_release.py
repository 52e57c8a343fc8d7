"""The project's own demo release: what the demo city builds vacancies and people from.

Every occupation needs enough essential skills for a vacancy to ask for and a
person to hold; a relation that points at a concept of the wrong kind, or at a URI
no concept file defines (the importer would then create a skill with no label),
would quietly give a vacancy nameless or unrelated skills.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from decentwork.taxonomy.actions import import_esco_release
from decentwork.taxonomy.models import (
    Concept,
    ConceptKind,
    Label,
    LabelKind,
    OccupationSkill,
    Relevance,
)

DEMO_RELEASE = Path("decentwork/taxonomy/demo_release")

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported() -> None:
    import_esco_release(DEMO_RELEASE, languages=["en"], progress=False)


def _rows(name: str) -> list[dict[str, str]]:
    with (DEMO_RELEASE / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.usefixtures("imported")
def test_every_demo_occupation_has_essential_and_optional_skills() -> None:
    occupations = Concept.objects.occupations()
    assert occupations.count() == len(_rows("occupations_en.csv")) == 104
    counts = Counter(OccupationSkill.objects.values_list("occupation__uri", "relevance"))
    for uri in occupations.values_list("uri", flat=True):
        assert 4 <= counts[uri, Relevance.ESSENTIAL] <= 8, uri
        assert 2 <= counts[uri, Relevance.OPTIONAL] <= 6, uri


@pytest.mark.usefixtures("imported")
def test_every_relation_links_an_occupation_to_a_labelled_skill() -> None:
    kinds = Counter(OccupationSkill.objects.values_list("occupation__kind", "skill__kind"))
    assert set(kinds) == {(ConceptKind.OCCUPATION, ConceptKind.SKILL)}
    assert sum(kinds.values()) == len(_rows("occupationSkillRelations_en.csv"))
    # A skill URI that no skills file defines would be created bare, from the relation.
    unlabelled = Concept.objects.skills().exclude(
        pk__in=Label.objects.filter(language="en", kind=LabelKind.PREFERRED)
        .values("concept_id"))
    assert list(unlabelled.values_list("uri", flat=True)) == []
    assert Concept.objects.skills().count() == len(_rows("skills_en.csv"))


def test_relation_rows_carry_the_skill_type_of_their_skill() -> None:
    skill_types = {row["conceptUri"]: row["skillType"] for row in _rows("skills_en.csv")}
    occupations = {row["conceptUri"] for row in _rows("occupations_en.csv")}
    for number, row in enumerate(_rows("occupationSkillRelations_en.csv"), start=2):
        assert row["occupationUri"] in occupations, number
        assert row["skillType"] == skill_types[row["skillUri"]], number


def test_every_demo_skill_is_asked_for_by_some_occupation() -> None:
    used = {row["skillUri"] for row in _rows("occupationSkillRelations_en.csv")}
    assert {row["conceptUri"] for row in _rows("skills_en.csv")} - used == set()
