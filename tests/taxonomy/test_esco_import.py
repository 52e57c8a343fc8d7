"""Importing official ESCO CSV releases: what an administrator sees in the taxonomy
after ``decentwork taxonomy import-esco``, and what a malformed file gets back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Count

from decentwork.accounts.models import Role, User
from decentwork.audit.models import AuditEntry
from decentwork.taxonomy.actions import ImportReport, import_esco_release
from decentwork.taxonomy.esco_release import ReadingLimits, limited_to
from decentwork.taxonomy.models import (
    Broader,
    Concept,
    ConceptKind,
    Description,
    Label,
    OccupationSkill,
)
from tests.taxonomy.esco_files import (
    CARE_AIDE,
    COLLECTION_COLUMNS,
    ESCO,
    ISCED_GROUP,
    LIGHTING_DIRECTOR,
    MANAGE_BUDGETS,
    OCCUPATION_COLUMNS,
    ONLY_BY_URI,
    PERSONAL_HYGIENE,
    SKILL_COLUMNS,
    SKILL_GROUP,
    STAGE_LIGHTING,
    TECH_DIRECTOR,
    collection_skill,
    occupation,
    relation,
    skill,
    write_csv,
    write_english_release,
    write_turkish_labels,
)

pytestmark = pytest.mark.django_db


def run(path: Path, languages: list[str] | None = None, actor: User | None = None,
        ) -> ImportReport:
    return import_esco_release(path, languages=languages, actor=actor, progress=False)


def labels(uri: str, language: str = "en", kind: str | None = None) -> set[str]:
    found = Label.objects.filter(concept__uri=uri, language=language)
    if kind:
        found = found.filter(kind=kind)
    return set(found.values_list("text", flat=True))


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Concept, Label, Description, Broader, OccupationSkill)}


def test_a_release_becomes_concepts_labels_and_links(release: Path) -> None:
    report = run(release)

    kinds = dict(Concept.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds == {ConceptKind.ISCO_GROUP: 8, ConceptKind.OCCUPATION: 3,
                     ConceptKind.SKILL_GROUP: 2, ConceptKind.SKILL: 4}
    director = Concept.objects.get(uri=TECH_DIRECTOR)
    assert (director.kind, director.code, director.isco_code) == ("occupation", "2654.1.7",
                                                                   "2654")
    assert director.label("en") == "technical director"
    # Alternative labels: one per line of the quoted cell, stray spaces trimmed.
    assert labels(TECH_DIRECTOR, kind="alternative") == {
        "head of technical", "technical manager", "technical supervisor"}
    assert labels(CARE_AIDE, kind="hidden") == {"homecare aide"}
    assert Description.objects.get(concept=director, language="en").text.endswith(
        "They coordinate the workshops.")
    hygiene = Concept.objects.get(uri=PERSONAL_HYGIENE)
    assert (hygiene.skill_type, hygiene.reuse_level) == ("knowledge", "occupation-specific")
    assert Concept.objects.get(uri=f"{ESCO}/isco/C2654").isco_code == "2654"

    # ISCO groups and occupations share one hierarchy file.
    assert set(Broader.objects.filter(narrower=director).values_list(
        "broader__uri", flat=True)) == {f"{ESCO}/isco/C2654"}
    assert Broader.objects.filter(narrower__uri=LIGHTING_DIRECTOR,
                                  broader=director).exists()
    assert Broader.objects.filter(narrower__uri=MANAGE_BUDGETS, broader__uri=SKILL_GROUP,
                                  broader__kind=ConceptKind.SKILL_GROUP).exists()
    assert dict(OccupationSkill.objects.filter(occupation=director).values_list(
        "skill__uri", "relevance")) == {MANAGE_BUDGETS: "essential", STAGE_LIGHTING: "optional"}

    assert [f.filename for f in report.files] == [
        "ISCOGroups_en.csv", "occupations_en.csv", "skillGroups_en.csv", "skills_en.csv",
        "broaderRelationsOccPillar_en.csv", "broaderRelationsSkillPillar_en.csv",
        "occupationSkillRelations_en.csv"]
    assert report.absent == []
    assert report.total("concepts_created") == 17
    assert report.total("relations_created") == 9 + 3 + 4
    # One audit entry per file, written in the file's transaction.
    assert AuditEntry.objects.filter(action="taxonomy.import_esco_release").count() == 7


def test_skills_known_only_by_uri_are_created_without_labels(tmp_path: Path) -> None:
    folder = write_english_release(tmp_path / "esco", with_skills=False)

    report = run(folder)

    assert "skills_en.csv" in report.absent
    for uri in (MANAGE_BUDGETS, STAGE_LIGHTING, PERSONAL_HYGIENE, ONLY_BY_URI):
        assert Concept.objects.get(uri=uri).kind == ConceptKind.SKILL
        assert labels(uri) == set()
    # A skill group seen only in the hierarchy file is created too.
    assert Concept.objects.get(uri=ISCED_GROUP).kind == ConceptKind.SKILL_GROUP
    assert OccupationSkill.objects.filter(skill__uri=PERSONAL_HYGIENE).exists()

    # A later skills file supplies the labels of the same concepts.
    write_english_release(tmp_path / "later")
    before = Concept.objects.count()
    report = run(tmp_path / "later" / "skills_en.csv")
    assert [f.filename for f in report.files] == ["skills_en.csv"]
    assert Concept.objects.count() == before
    assert labels(MANAGE_BUDGETS, kind="preferred") == {"manage budgets"}
    assert Concept.objects.get(uri=MANAGE_BUDGETS).reuse_level == "cross-sector"


def test_absent_files_are_reported(tmp_path: Path) -> None:
    folder = write_english_release(tmp_path / "esco")
    for name in ("skills_en.csv", "occupationSkillRelations_en.csv", "skillGroups_en.csv"):
        (folder / name).unlink()

    report = run(folder)

    assert report.absent == ["skillGroups_en.csv", "skills_en.csv",
                             "occupationSkillRelations_en.csv"]
    assert Concept.objects.filter(kind=ConceptKind.OCCUPATION).count() == 3


def test_a_second_language_adds_labels_to_the_same_concepts(release: Path) -> None:
    run(release)
    counts = table_counts()
    write_turkish_labels(release)

    report = run(release, languages=["tr"])

    assert [f.filename for f in report.files] == ["occupations_tr.csv", "skills_tr.csv"]
    assert Concept.objects.count() == counts["Concept"]
    director = Concept.objects.prefetch_related("labels").get(uri=TECH_DIRECTOR)
    assert director.label("tr") == "teknik direktör"
    assert director.label("en") == "technical director"
    assert labels(TECH_DIRECTOR, "tr", "alternative") == {"teknik müdür"}
    assert labels(TECH_DIRECTOR, "en", "alternative") == {
        "head of technical", "technical manager", "technical supervisor"}
    assert Description.objects.filter(concept=director).count() == 2
    # Turkish files carry no ISCO groups or hierarchy: those are absent in Turkish.
    assert "ISCOGroups_tr.csv" in report.absent


def test_languages_side_by_side_in_one_folder(release: Path) -> None:
    write_turkish_labels(release)
    write_csv(release / "occupations_zh.csv", OCCUPATION_COLUMNS,
              [occupation(CARE_AIDE, "5322", "居家护理员", alt=["家庭护工"])])

    report = run(release)

    assert report.languages == ["en", "tr", "zh"]
    assert Concept.objects.filter(kind=ConceptKind.OCCUPATION).count() == 3
    assert labels(CARE_AIDE, "zh") == {"居家护理员", "家庭护工"}
    assert labels(CARE_AIDE, "tr", "preferred") == {"evde bakım yardımcısı"}
    # Concept files of every language come before the relations that point at them.
    names = [f.filename for f in report.files]
    assert names.index("skills_tr.csv") < names.index("occupationSkillRelations_en.csv")


def test_reimport_changes_nothing(release: Path) -> None:
    write_turkish_labels(release)
    run(release)
    counts = table_counts()

    report = run(release)

    assert table_counts() == counts
    for count in ("concepts_created", "concepts_updated", "labels_written", "labels_removed",
                  "descriptions_written", "relations_created", "relations_updated",
                  "relations_removed"):
        assert report.total(count) == 0, count


def test_reimport_updates_what_changed(release: Path) -> None:
    write_turkish_labels(release)
    run(release)
    write_csv(release / "occupations_en.csv", OCCUPATION_COLUMNS, [
        occupation(TECH_DIRECTOR, "2654", "technical director (stage)",
                   alt=["head of technical", "technical chief"], code="2654.1.7",
                   description="Reworded."),
        occupation(LIGHTING_DIRECTOR, "2654", "lighting director", code="2654.1.7.2"),
        occupation(CARE_AIDE, "5322", "home care aide", alt=["home carer", "home help"],
                   hidden=["homecare aide"], code="5322.1",
                   description="Home care aides help people at home."),
    ])
    write_csv(release / "occupationSkillRelations_en.csv",
              ["occupationUri", "relationType", "skillType", "skillUri"], [
                  relation(TECH_DIRECTOR, "optional", MANAGE_BUDGETS),
                  relation(LIGHTING_DIRECTOR, "essential", STAGE_LIGHTING),
                  relation(CARE_AIDE, "essential", PERSONAL_HYGIENE),
              ])

    report = run(release, languages=["en"])

    assert labels(TECH_DIRECTOR, kind="preferred") == {"technical director (stage)"}
    assert labels(TECH_DIRECTOR, kind="alternative") == {"head of technical", "technical chief"}
    assert labels(TECH_DIRECTOR, "tr") == {"teknik direktör", "teknik müdür"}
    assert Description.objects.get(concept__uri=TECH_DIRECTOR, language="en").text == (
        "Reworded.")
    assert dict(OccupationSkill.objects.filter(occupation__uri=TECH_DIRECTOR).values_list(
        "skill__uri", "relevance")) == {MANAGE_BUDGETS: "optional"}
    occupations = next(f for f in report.files if f.filename == "occupations_en.csv")
    assert (occupations.labels_written, occupations.labels_removed) == (2, 3)
    assert occupations.concepts_created == 0
    relations = report.files[-1]
    assert (relations.relations_created, relations.relations_updated,
            relations.relations_removed) == (0, 1, 1)


def test_a_zipped_release_imports_like_a_folder(release: Path, tmp_path: Path) -> None:
    archive = tmp_path / "ESCO dataset - v1.2.0 - classification - en - csv.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in release.iterdir():
            zipped.write(path, f"ESCO dataset - v1.2.0 - classification - en - csv/{path.name}")

    report = run(archive)

    assert len(report.files) == 7
    assert Concept.objects.count() == 17
    assert labels(TECH_DIRECTOR, kind="preferred") == {"technical director"}


def test_collections_supply_labels_when_the_skills_file_is_absent(tmp_path: Path) -> None:
    folder = write_english_release(tmp_path / "esco", with_skills=False)
    write_csv(folder / "digitalSkillsCollection_en.csv", COLLECTION_COLUMNS, [
        collection_skill(STAGE_LIGHTING, "operate stage lights",
                         alt=["run stage lighting", "work the lighting desk"]),
    ])

    report = run(folder)

    assert labels(STAGE_LIGHTING, kind="alternative") == {"run stage lighting",
                                                          "work the lighting desk"}
    assert Concept.objects.get(uri=STAGE_LIGHTING).reuse_level == "cross-sector"
    assert "digitalSkillsCollection_en.csv" in [f.filename for f in report.files]

    # With the skills file present, it is the one source of skill labels.
    write_english_release(folder)
    report = run(folder)
    assert "digitalSkillsCollection_en.csv" in report.ignored
    assert labels(STAGE_LIGHTING, kind="alternative") == {"run stage lighting"}


def test_demo_uris_and_a_huge_cell_are_accepted(tmp_path: Path) -> None:
    """Within a raised cell limit, even a cell over csv's own default is read."""
    folder = tmp_path / "demo"
    huge = "x" * 200_000  # over csv's default field limit of 131,072 characters
    write_csv(folder / "skills_en.csv", SKILL_COLUMNS, [
        skill("urn:decentwork:demo:skill:market-trading", "market trading", description=huge)])

    with limited_to(ReadingLimits(cell_chars=200_000)):
        run(folder)

    concept = Concept.objects.get(uri="urn:decentwork:demo:skill:market-trading")
    assert Description.objects.get(concept=concept).text == huge


def test_only_a_platform_administrator_may_import(release: Path) -> None:
    analyst = User.objects.create(username="ivan", role=Role.ANALYST)
    with pytest.raises(PermissionDenied):
        run(release, actor=analyst)
    assert Concept.objects.count() == 0

    judy = User.objects.create(username="judy", role=Role.ADMINISTRATOR)
    run(release, actor=judy)
    assert AuditEntry.objects.filter(actor=judy).count() == 7
