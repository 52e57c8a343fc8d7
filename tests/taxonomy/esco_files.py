"""A small ESCO release in the official CSV layout (column names, quoting, label
separators as ESCO publishes them), written by the tests into a temporary folder."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

ESCO = "http://data.europa.eu/esco"
ISCO_2654, ISCO_5322 = f"{ESCO}/isco/C2654", f"{ESCO}/isco/C5322"
TECH_DIRECTOR = f"{ESCO}/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"
LIGHTING_DIRECTOR = f"{ESCO}/occupation/11f2b3c3-5d2a-4c36-9cfb-3a33e5b4f7a1"
CARE_AIDE = f"{ESCO}/occupation/7a0e8d4a-3a4b-4d36-8a53-2a2b4d0d9c11"
MANAGE_BUDGETS = f"{ESCO}/skill/f3a2d9b8-1c1e-4f0e-9a7b-4bb1c8e0d001"
STAGE_LIGHTING = f"{ESCO}/skill/f3a2d9b8-1c1e-4f0e-9a7b-4bb1c8e0d002"
PERSONAL_HYGIENE = f"{ESCO}/skill/f3a2d9b8-1c1e-4f0e-9a7b-4bb1c8e0d003"
ONLY_BY_URI = f"{ESCO}/skill/f3a2d9b8-1c1e-4f0e-9a7b-4bb1c8e0d004"
SKILL_GROUP = f"{ESCO}/skill/S4.2.1"
ISCED_GROUP = f"{ESCO}/isced-f/0211"

ISCO_COLUMNS = ["conceptType", "conceptUri", "code", "preferredLabel", "status", "altLabels",
                "inScheme", "description"]
OCCUPATION_COLUMNS = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels",
                      "hiddenLabels", "status", "modifiedDate", "regulatedProfessionNote",
                      "scopeNote", "definition", "inScheme", "description", "code"]
SKILL_GROUP_COLUMNS = ["conceptType", "conceptUri", "preferredLabel", "altLabels",
                       "hiddenLabels", "status", "modifiedDate", "scopeNote", "inScheme",
                       "description", "code"]
SKILL_COLUMNS = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel",
                 "altLabels", "hiddenLabels", "status", "modifiedDate", "scopeNote",
                 "definition", "inScheme", "description"]
COLLECTION_COLUMNS = ["conceptType", "conceptUri", "preferredLabel", "status", "skillType",
                      "reuseLevel", "altLabels", "description", "broaderConceptUri",
                      "broaderConceptPT"]
BROADER_COLUMNS = ["conceptType", "conceptUri", "broaderType", "broaderUri"]
RELATION_COLUMNS = ["occupationUri", "relationType", "skillType", "skillUri"]


def isco(uri: str, code: str, label: str, description: str = "") -> dict[str, str]:
    return {"conceptType": "ISCOGroup", "conceptUri": uri, "code": code,
            "preferredLabel": label, "status": "released", "altLabels": "",
            "inScheme": f"{ESCO}/concept-scheme/occupations,\n{ESCO}/concept-scheme/isco",
            "description": description}


def occupation(uri: str, isco_code: str, label: str, alt: Sequence[str] = (),
               hidden: Sequence[str] = (), code: str = "", description: str = "",
               ) -> dict[str, str]:
    return {"conceptType": "Occupation", "conceptUri": uri, "iscoGroup": isco_code,
            "preferredLabel": label, "altLabels": "\n".join(alt),
            "hiddenLabels": "\n".join(hidden), "status": "released",
            "modifiedDate": "2024-01-25T11:28:50.295Z",
            "regulatedProfessionNote": f"{ESCO}/regulated-professions/unregulated",
            "scopeNote": "", "definition": "", "inScheme": f"{ESCO}/concept-scheme/occupations",
            "description": description, "code": code}


def skill(uri: str, label: str, alt: Sequence[str] = (), hidden: Sequence[str] = (),
          skill_type: str = "skill/competence", reuse_level: str = "sector-specific",
          description: str = "") -> dict[str, str]:
    return {"conceptType": "KnowledgeSkillCompetence", "conceptUri": uri,
            "skillType": skill_type, "reuseLevel": reuse_level, "preferredLabel": label,
            "altLabels": "\n".join(alt), "hiddenLabels": "\n".join(hidden),
            "status": "released", "modifiedDate": "2023-11-30T10:00:00Z", "scopeNote": "",
            "definition": "", "inScheme": f"{ESCO}/concept-scheme/skills",
            "description": description}


def collection_skill(uri: str, label: str, alt: Sequence[str] = (),
                     skill_type: str = "skill/competence", reuse_level: str = "cross-sector",
                     ) -> dict[str, str]:
    return {"conceptType": "KnowledgeSkillCompetence", "conceptUri": uri,
            "preferredLabel": label, "status": "released", "skillType": skill_type,
            "reuseLevel": reuse_level, "altLabels": " | ".join(alt),
            "description": f"{label}.", "broaderConceptUri": SKILL_GROUP,
            "broaderConceptPT": "management"}


def broader(kind: str, uri: str, broader_kind: str, broader_uri: str) -> dict[str, str]:
    return {"conceptType": kind, "conceptUri": uri, "broaderType": broader_kind,
            "broaderUri": broader_uri}


def relation(occupation_uri: str, relation_type: str, skill_uri: str) -> dict[str, str]:
    return {"occupationUri": occupation_uri, "relationType": relation_type,
            "skillType": "skill/competence", "skillUri": skill_uri}


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_english_release(folder: Path, *, with_skills: bool = True) -> Path:
    """ISCO groups, occupations, a skill group, skills (unless ``with_skills`` is
    False), occupation-skill relations and both hierarchy files, in English."""
    groups = [("C2", "2", "Professionals"), ("C26", "26", "Legal, social and cultural "
              "professionals"), ("C265", "265", "Creative and performing artists"),
              ("C2654", "2654", "Film, stage and related directors and producers"),
              ("C5", "5", "Service and sales workers"), ("C53", "53", "Personal care workers"),
              ("C532", "532", "Personal care workers in health services"),
              ("C5322", "5322", "Home-based personal care workers")]
    write_csv(folder / "ISCOGroups_en.csv", ISCO_COLUMNS,
              [isco(f"{ESCO}/isco/{c}", code, label, f"{label} do things.")
               for c, code, label in groups])
    write_csv(folder / "occupations_en.csv", OCCUPATION_COLUMNS, [
        occupation(TECH_DIRECTOR, "2654", "technical director",
                   alt=["head of technical", "technical manager ", " technical supervisor"],
                   code="2654.1.7", description="Technical directors realise the artistic "
                   "visions of the creators.\nThey coordinate the workshops."),
        occupation(LIGHTING_DIRECTOR, "2654", "lighting director", code="2654.1.7.2"),
        occupation(CARE_AIDE, "5322", "home care aide", alt=["home carer", "home help"],
                   hidden=["homecare aide"], code="5322.1",
                   description="Home care aides help people at home."),
    ])
    write_csv(folder / "skillGroups_en.csv", SKILL_GROUP_COLUMNS, [
        {"conceptType": "SkillGroup", "conceptUri": SKILL_GROUP,
         "preferredLabel": "managing budgets and finances", "altLabels": "", "hiddenLabels": "",
         "status": "released", "modifiedDate": "", "scopeNote": "",
         "inScheme": f"{ESCO}/concept-scheme/skills\n{ESCO}/concept-scheme/skills-hierarchy",
         "description": "", "code": "S4.2.1"},
    ])
    if with_skills:
        write_csv(folder / "skills_en.csv", SKILL_COLUMNS, [
            skill(MANAGE_BUDGETS, "manage budgets", alt=["control budgets", "oversee budgets"],
                  reuse_level="cross-sector", description="Plan, monitor and report on the "
                  "budget."),
            skill(STAGE_LIGHTING, "operate stage lights", alt=["run stage lighting"],
                  hidden=["stage lites"], description="Operate lights during a show."),
            skill(PERSONAL_HYGIENE, "assist with personal hygiene", skill_type="knowledge",
                  reuse_level="occupation-specific"),
        ])
    write_csv(folder / "occupationSkillRelations_en.csv", RELATION_COLUMNS, [
        relation(TECH_DIRECTOR, "essential", MANAGE_BUDGETS),
        relation(TECH_DIRECTOR, "optional", STAGE_LIGHTING),
        relation(LIGHTING_DIRECTOR, "essential", STAGE_LIGHTING),
        relation(CARE_AIDE, "essential", PERSONAL_HYGIENE),
    ])
    write_csv(folder / "broaderRelationsOccPillar_en.csv", BROADER_COLUMNS, [
        broader("ISCOGroup", f"{ESCO}/isco/C26", "ISCOGroup", f"{ESCO}/isco/C2"),
        broader("ISCOGroup", f"{ESCO}/isco/C265", "ISCOGroup", f"{ESCO}/isco/C26"),
        broader("ISCOGroup", ISCO_2654, "ISCOGroup", f"{ESCO}/isco/C265"),
        broader("ISCOGroup", f"{ESCO}/isco/C53", "ISCOGroup", f"{ESCO}/isco/C5"),
        broader("ISCOGroup", f"{ESCO}/isco/C532", "ISCOGroup", f"{ESCO}/isco/C53"),
        broader("ISCOGroup", ISCO_5322, "ISCOGroup", f"{ESCO}/isco/C532"),
        broader("Occupation", TECH_DIRECTOR, "ISCOGroup", ISCO_2654),
        broader("Occupation", LIGHTING_DIRECTOR, "Occupation", TECH_DIRECTOR),
        broader("Occupation", CARE_AIDE, "ISCOGroup", ISCO_5322),
    ])
    write_csv(folder / "broaderRelationsSkillPillar_en.csv", BROADER_COLUMNS, [
        broader("KnowledgeSkillCompetence", MANAGE_BUDGETS, "SkillGroup", SKILL_GROUP),
        broader("KnowledgeSkillCompetence", ONLY_BY_URI, "KnowledgeSkillCompetence",
                MANAGE_BUDGETS),
        broader("KnowledgeSkillCompetence", STAGE_LIGHTING, "SkillGroup", ISCED_GROUP),
    ])
    return folder


def write_turkish_labels(folder: Path) -> Path:
    """Turkish occupations and skills files: the same concepts, Turkish labels."""
    write_csv(folder / "occupations_tr.csv", OCCUPATION_COLUMNS, [
        occupation(TECH_DIRECTOR, "2654", "teknik direktör", alt=["teknik müdür"],
                   code="2654.1.7", description="Teknik direktörler sanatsal vizyonu "
                   "gerçekleştirir."),
        occupation(LIGHTING_DIRECTOR, "2654", "ışık yönetmeni", code="2654.1.7.2"),
        occupation(CARE_AIDE, "5322", "evde bakım yardımcısı", alt=["evde bakıcı"],
                   code="5322.1"),
    ])
    write_csv(folder / "skills_tr.csv", SKILL_COLUMNS, [
        skill(MANAGE_BUDGETS, "bütçeleri yönetmek", reuse_level="cross-sector"),
        skill(STAGE_LIGHTING, "sahne ışıklarını kullanmak"),
        skill(PERSONAL_HYGIENE, "kişisel hijyene yardım etmek", skill_type="knowledge",
              reuse_level="occupation-specific"),
    ])
    return folder
