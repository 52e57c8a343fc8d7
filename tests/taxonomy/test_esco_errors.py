"""A malformed release file is rejected whole, with a message that names the file,
the row (the header is row 1, as in a spreadsheet) and the column; files imported
before it stay imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from decentwork.taxonomy.actions import ReleaseImportError, import_esco_release
from decentwork.taxonomy.esco_release import ReleaseError
from decentwork.taxonomy.models import Concept, ConceptKind, Label, OccupationSkill
from tests.taxonomy.esco_files import (
    CARE_AIDE,
    ESCO,
    MANAGE_BUDGETS,
    OCCUPATION_COLUMNS,
    RELATION_COLUMNS,
    TECH_DIRECTOR,
    occupation,
    relation,
    write_csv,
)

pytestmark = pytest.mark.django_db

NEW_SKILL = f"{ESCO}/skill/00000000-0000-4000-8000-00000000abcd"


def rejected(folder: Path) -> ReleaseImportError:
    with pytest.raises(ReleaseImportError) as caught:
        import_esco_release(folder, progress=False)
    return caught.value


def occupations(kind: str = ConceptKind.OCCUPATION) -> int:
    return Concept.objects.filter(kind=kind).count()


def test_missing_required_column(release: Path) -> None:
    columns = [c for c in OCCUPATION_COLUMNS if c != "preferredLabel"]
    write_csv(release / "occupations_en.csv", columns,
              [{c: v for c, v in occupation(TECH_DIRECTOR, "2654", "x").items() if c in columns}])

    error = rejected(release)

    assert str(error) == ("occupations_en.csv, row 1, column preferredLabel: required column "
                          "is missing from the header row")
    assert occupations() == 0
    # The ISCO groups file came first and stays imported.
    assert occupations(ConceptKind.ISCO_GROUP) == 8
    assert [f.filename for f in error.report.files] == ["ISCOGroups_en.csv"]


def test_bad_uri(release: Path) -> None:
    write_csv(release / "occupations_en.csv", OCCUPATION_COLUMNS, [
        occupation(TECH_DIRECTOR, "2654", "technical director"),
        occupation("technical director", "2654", "home care aide"),
    ])

    error = rejected(release)

    assert str(error).startswith("occupations_en.csv, row 3, column conceptUri: not a URI")
    assert (error.filename, error.row, error.column) == ("occupations_en.csv", 3, "conceptUri")
    assert occupations() == 0
    assert not Label.objects.filter(text="technical director").exists()


def test_bad_relation_type(release: Path) -> None:
    write_csv(release / "occupationSkillRelations_en.csv", RELATION_COLUMNS, [
        relation(TECH_DIRECTOR, "essential", MANAGE_BUDGETS),
        relation(CARE_AIDE, "mandatory", MANAGE_BUDGETS),
    ])

    error = rejected(release)

    assert str(error).startswith(
        "occupationSkillRelations_en.csv, row 3, column relationType: 'mandatory'")
    assert OccupationSkill.objects.count() == 0
    assert occupations() == 3


def test_relation_to_unknown_occupation(release: Path) -> None:
    unknown = f"{ESCO}/occupation/00000000-0000-4000-8000-000000000000"
    write_csv(release / "occupationSkillRelations_en.csv", RELATION_COLUMNS, [
        relation(TECH_DIRECTOR, "essential", NEW_SKILL),
        relation(unknown, "essential", MANAGE_BUDGETS),
    ])

    error = rejected(release)

    assert str(error) == (f"occupationSkillRelations_en.csv, row 3, column occupationUri: "
                          f"unknown occupation {unknown}")
    assert OccupationSkill.objects.count() == 0
    # The skill that the file would have created from its URI is not there either.
    assert not Concept.objects.filter(uri=NEW_SKILL).exists()


def test_relation_to_a_concept_of_the_wrong_kind(release: Path) -> None:
    write_csv(release / "occupationSkillRelations_en.csv", RELATION_COLUMNS, [
        relation(TECH_DIRECTOR, "essential", CARE_AIDE),
    ])

    error = rejected(release)

    assert str(error) == (f"occupationSkillRelations_en.csv, row 2, column skillUri: "
                          f"{CARE_AIDE} is an occupation, not a skill")


@pytest.mark.parametrize(("corrupt", "row", "column"), [
    # A closing quote followed by text.
    (lambda text: text.replace('"home carer\nhome help"', '"home carer\nhome help"x'),
     4, "altLabels"),
    # A quote that never closes swallows the rest of the file.
    (lambda text: text + f'Occupation,{ESCO}/occupation/y,2654,"lighting\ntechnician,,\n',
     5, "preferredLabel"),
])
def test_broken_quoting(release: Path, corrupt: Callable[[str], str], row: int,
                        column: str) -> None:
    path = release / "occupations_en.csv"
    text = path.read_text(encoding="utf-8")
    broken = corrupt(text)
    assert broken != text
    path.write_text(broken, encoding="utf-8")

    error = rejected(release)

    assert (error.filename, error.row, error.column) == ("occupations_en.csv", row, column)
    assert "broken quoting" in str(error)
    assert str(error).startswith(f"occupations_en.csv, row {row}, column {column}: ")
    assert occupations() == 0


def test_row_with_too_few_cells(release: Path) -> None:
    path = release / "occupations_en.csv"
    path.write_text(path.read_text(encoding="utf-8") + f"Occupation,{ESCO}/occupation/x,2654\n",
                    encoding="utf-8")

    error = rejected(release)

    assert str(error) == ("occupations_en.csv, row 5, column preferredLabel: the row has 3 "
                          "cells, the header 14")


def test_bad_isco_code_and_duplicate_uri(release: Path) -> None:
    write_csv(release / "occupations_en.csv", OCCUPATION_COLUMNS,
              [occupation(TECH_DIRECTOR, "26a4", "technical director")])
    assert str(rejected(release)).startswith(
        "occupations_en.csv, row 2, column iscoGroup: not an ISCO-08 code")

    write_csv(release / "occupations_en.csv", OCCUPATION_COLUMNS, [
        occupation(TECH_DIRECTOR, "2654", "technical director"),
        occupation(TECH_DIRECTOR, "2654", "technical director again"),
    ])
    assert str(rejected(release)) == (f"occupations_en.csv, row 3, column conceptUri: "
                                      f"{TECH_DIRECTOR} is already on row 2")


def test_unknown_language_and_empty_folder(release: Path, tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="no release files in km"):
        import_esco_release(release, languages=["km"], progress=False)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReleaseError, match="no ESCO release files"):
        import_esco_release(tmp_path / "empty", progress=False)
    assert Concept.objects.count() == 0
