"""The real ESCO v1.2.0 English release in ../shared/data/esco (not part of the
project; the test is skipped where it is not there)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from decentwork.taxonomy.actions import import_esco_release
from decentwork.taxonomy.models import (
    Broader,
    Concept,
    ConceptKind,
    Description,
    Label,
    LabelKind,
    OccupationSkill,
)

# Beside the checkout by convention; SHARED_DATA_DIR points elsewhere (e.g. when CI
# clones the repository into another folder of the same machine).
REAL_RELEASE = Path(
    os.environ.get("SHARED_DATA_DIR") or Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
) / "esco"


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(not (REAL_RELEASE / "occupations_en.csv").exists(),
                    reason=f"the real ESCO release is not at {REAL_RELEASE}")
def test_full_english_release() -> None:
    report = import_esco_release(REAL_RELEASE, progress=False)

    by_kind = {kind: Concept.objects.filter(kind=kind).count() for kind in ConceptKind}
    assert by_kind == {ConceptKind.OCCUPATION: 3039, ConceptKind.ISCO_GROUP: 619,
                       ConceptKind.SKILL_GROUP: 640, ConceptKind.SKILL: 13939}
    preferred = Label.objects.filter(language="en", kind=LabelKind.PREFERRED)
    assert preferred.filter(concept__kind=ConceptKind.OCCUPATION).count() == 3039
    assert preferred.filter(concept__kind=ConceptKind.ISCO_GROUP).count() == 619
    assert preferred.filter(concept__kind=ConceptKind.SKILL_GROUP).count() == 640
    assert Broader.objects.count() == 3652 + 20822
    if "skills_en.csv" in report.absent:
        # Without the main skills file, the skill collections label 2,334 skills; the
        # other skills are known by URI only, from the skill hierarchy.
        assert preferred.filter(concept__kind=ConceptKind.SKILL).count() == 2334
    if "occupationSkillRelations_en.csv" in report.absent:
        assert OccupationSkill.objects.count() == 0
    assert "conceptSchemes_en.csv" in report.ignored

    counts = [model.objects.count()
              for model in (Concept, Label, Description, Broader, OccupationSkill)]
    again = import_esco_release(REAL_RELEASE, progress=False)
    assert [model.objects.count()
            for model in (Concept, Label, Description, Broader, OccupationSkill)] == counts
    assert again.total("concepts_created") == 0
    assert again.total("labels_written") == 0
