"""Stored explanations (numbers and ESCO URIs) -> what a reader is told.

The engine explains in codes so that each page can say it in the reader's
language and at the reader's level: plain sentences for the seeker, the full
score breakdown for the counsellor, the skills fit for the employer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from decentwork.controlled_lists import Accommodation
from decentwork.employers.models import Vacancy
from decentwork.programmes.access import open_programmes_teaching
from decentwork.programmes.models import TrainingProgramme
from decentwork.taxonomy.access import LabelInLanguage, preferred_labels, preferred_labels_in
from decentwork.taxonomy.models import Concept

COMPONENT_LABELS: dict[str, Promise] = {
    "essential_skills": _("Essential skills held"),
    "optional_skills": _("Optional skills held"),
    "occupation": _("Closeness of occupation"),
    "experience": _("Relevant experience"),
    "preference": _("Preferred field"),
    "distance": _("Nearness"),
}

OCCUPATION_CLOSENESS: dict[str, Promise] = {
    "same_occupation": _("the same occupation"),
    "same_unit_group": _("a closely related occupation"),
    "same_minor_group": _("a related occupation"),
    "same_sub_major_group": _("a distantly related occupation"),
    "unrelated": _("another field"),
}

# Why a vacancy is not shown: the engine's exclusion codes, the adapter's
# remote-work rule and the reasons decided from the records.
ABSENCE_REASONS: dict[str, Promise] = {
    "accommodation_not_offered": _("The employer does not offer a workplace accommodation "
                                   "this person needs."),
    "hours_not_accepted": _("The working hours are not ones this person accepts."),
    "contract_not_accepted": _("The contract type is not one this person accepts."),
    "outside_commute_radius": _("The workplace is farther away than this person can travel."),
    "not_yet_open": _("The vacancy was not yet open on the matching day."),
    "closed": _("The vacancy had closed by the matching day."),
    "no_openings_left": _("Every opening was already filled."),
    "seeker_not_consenting": _("This person has not agreed to be proposed to employers."),
    "remote_not_accepted": _("The job is done remotely and this person does not want "
                             "remote work."),
    "already_applied": _("This person has already applied for this vacancy: the application "
                         "is still open, or the employer refused it."),
    "not_open_on_run_day": _("The vacancy was not open for applications on the matching day, "
                             "or it changed since."),
    "other_region": _("The vacancy is in another labour-market region."),
    "seeker_not_in_run": _("This person was not part of the latest matching (not looking for "
                           "work then, or registered since)."),
    "no_run_yet": _("No matching has been run for this region yet."),
    # Not a requirement that fails: the job is not close enough to be shown (ADR 0008).
    "unrelated_to_skills_and_occupations": _(
        "This person holds none of the skills the employer needs, and the job is not in the "
        "same occupational group as the work they have done or are looking for."),
    "below_minimum_score": _("The overall match is under the minimum a vacancy needs to be "
                             "shown."),
}


def skill_labels(uris: Iterable[str], language: str) -> dict[str, str]:
    """Preferred labels of skills by URI in ``language``, with two queries."""
    wanted = set(uris)
    if not wanted:
        return {}
    concepts = Concept.objects.filter(uri__in=wanted).prefetch_related(preferred_labels())
    return {concept.uri: concept.label(language) for concept in concepts}


@dataclass
class ComponentLine:
    label: Promise
    value: float
    points: float


@dataclass
class TrainingSuggestion:
    """An essential skill the person lacks, and the site's open programmes teaching it."""

    skill: str
    programmes: list[TrainingProgramme]


@dataclass
class ExplainedMatch:
    """One explanation ready for a template."""

    essential_total: int
    matched_essential: list[str]
    missing_essential: list[str]
    matched_optional: list[str]
    occupation: Promise | None
    same_kind_of_work: bool
    experience_years: float
    distance_km: float | None
    remote: bool
    components: list[ComponentLine] = field(default_factory=list)
    training: list[TrainingSuggestion] = field(default_factory=list)

    @property
    def matched_count(self) -> int:
        return len(self.matched_essential)


def explain(explanations: Sequence[dict[str, Any]], language: str,
            training_site_id: int | None = None) -> list[ExplainedMatch]:
    """Turn stored explanations into template data, naming skills in ``language``.

    With ``training_site_id``, each missing essential skill comes with the open
    programmes of that site that teach it (looked up now, not at matching time,
    so a programme opened since the run is already suggested).
    """
    labels = skill_labels((uri for e in explanations
                           for key in ("matched_essential", "missing_essential",
                                       "matched_optional")
                           for uri in e.get(key, ())), language)
    programmes = open_programmes_teaching(
        training_site_id, (uri for e in explanations for uri in e.get("missing_essential", ())),
    ) if training_site_id is not None else {}

    def named(uris: Iterable[str]) -> list[str]:
        return sorted((labels.get(uri, uri) for uri in uris), key=str.casefold)

    explained = []
    for e in explanations:
        contributions = e.get("contributions", {})
        level = e.get("occupation_level")
        explained.append(ExplainedMatch(
            essential_total=int(e.get("essential_total", 0)),
            matched_essential=named(e.get("matched_essential", ())),
            missing_essential=named(e.get("missing_essential", ())),
            matched_optional=named(e.get("matched_optional", ())),
            occupation=OCCUPATION_CLOSENESS.get(level) if level else None,
            same_kind_of_work=level in {"same_occupation", "same_unit_group"},
            experience_years=float(e.get("experience_years", 0.0)),
            distance_km=e.get("distance_km"),
            remote=bool(e.get("remote", False)),
            # In score order: a JSON object's keys come back sorted from PostgreSQL.
            components=[ComponentLine(label, float(e["components"][name]),
                                      float(contributions.get(name, 0.0)))
                        for name, label in COMPONENT_LABELS.items()
                        if name in e.get("components", {})],
            training=sorted((TrainingSuggestion(labels.get(uri, uri), programmes[uri])
                             for uri in e.get("missing_essential", ()) if uri in programmes),
                            key=lambda suggestion: suggestion.skill.casefold()),
        ))
    return explained


@dataclass
class NearestOccupation:
    """An occupation near a person with no close match, ready for a template."""

    # Its name in the reader's language, else English (marked with ``lang``).
    occupation: LabelInLanguage | None
    open_vacancies: int
    vacancy_id: int
    # Of its nearest vacancy: what the person has and lacks, and why it is not shown.
    explained: ExplainedMatch
    reasons: list[str]
    # The nearest vacancy itself, when the reader may open it (counsellors).
    example: Vacancy | None = None


def explain_nearest(nearest: Sequence[dict[str, Any]], language: str,
                    training_site_id: int | None = None,
                    examples: Mapping[int, Vacancy] | None = None) -> list[NearestOccupation]:
    """The stored nearest occupations of a seeker (``NoCloseMatch``) in words: the
    occupation's name in ``language``, the skills missing with the site's open
    programmes that teach them, the reasons its nearest vacancy is not shown, and
    that vacancy when it is among ``examples`` (those the reader may open)."""
    if not nearest:
        return []
    names = preferred_labels_in([entry["occupation"] for entry in nearest], language)
    explained = explain(nearest, language, training_site_id=training_site_id)
    return [NearestOccupation(
        occupation=names.get(entry["occupation"]), open_vacancies=int(entry["open_vacancies"]),
        vacancy_id=int(entry["vacancy"]), explained=why,
        reasons=[str(ABSENCE_REASONS.get(code, code)) for code in entry.get("reasons", ())],
        example=(examples or {}).get(int(entry["vacancy"])))
        for entry, why in zip(nearest, explained, strict=True)]


def accommodation_labels(codes: Iterable[str]) -> list[str]:
    return [str(Accommodation(code).label) for code in codes if code in Accommodation.values]
