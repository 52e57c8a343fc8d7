"""Linking for one user: the site's linker, results limited to concepts the user may
see, labelled in the user's language. Shared by the API and the pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from decentwork import linking
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.taxonomy.access import concepts_for
from decentwork.taxonomy.link_index import linker_for_site
from decentwork.taxonomy.models import Concept


@dataclass(frozen=True)
class LinkedConcept:
    concept: Concept
    label: str
    score: float
    evidence: linking.Evidence


@dataclass(frozen=True)
class GroupGuess:
    concept: Concept
    label: str
    confidence: float


@dataclass(frozen=True)
class LinkResult:
    text: str
    matches: list[LinkedConcept]
    confident: bool | None
    group: GroupGuess | None


@dataclass(frozen=True)
class SkillFound:
    start: int
    end: int
    text: str
    skill: LinkedConcept


def linking_language(code: str) -> str:
    """Django language codes ("zh-hans") to the taxonomy's ISO 639-1 codes ("zh")."""
    return code.split("-")[0]


def _visible(user: User, uris: set[str]) -> dict[str, Concept]:
    concepts = concepts_for(user).filter(uri__in=uris).prefetch_related("labels")
    return {concept.uri: concept for concept in concepts}


def _linked(match: linking.ConceptMatch, concepts: dict[str, Concept],
            display_language: str) -> LinkedConcept | None:
    concept = concepts.get(match.concept_id)
    if concept is None:
        return None
    return LinkedConcept(concept, concept.label(display_language), match.score, match.evidence)


def link_texts(user: User, texts: list[str], *, kind: Literal["occupation", "skill"],
               language: str | None, k: int, display_language: str) -> list[LinkResult]:
    linker = linker_for_site(scope_of(user).site_id)
    if kind == "occupation":
        outcomes = linker.link_with_back_off(texts, k=k, language=language)
        ranked = [list(outcome.matches) for outcome in outcomes]
    else:
        ranked = linker.link(texts, k=k, language=language, kind="skill")
        outcomes = []
    uris = {m.concept_id for matches in ranked for m in matches}
    uris |= {o.group.concept_id for o in outcomes if o.group is not None}
    concepts = _visible(user, uris)
    results = []
    for position, text in enumerate(texts):
        matches = [linked for m in ranked[position]
                   if (linked := _linked(m, concepts, display_language)) is not None]
        confident, group = None, None
        if outcomes:
            outcome = outcomes[position]
            confident = outcome.confident
            if outcome.group is not None and outcome.group.concept_id in concepts:
                group_concept = concepts[outcome.group.concept_id]
                group = GroupGuess(group_concept, group_concept.label(display_language),
                                   outcome.group.confidence)
        results.append(LinkResult(text, matches, confident, group))
    return results


def find_skills(user: User, text: str, *, language: str | None,
                display_language: str) -> list[SkillFound]:
    mentions = linker_for_site(scope_of(user).site_id).extract_skills(text, language=language)
    concepts = _visible(user, {m.match.concept_id for m in mentions})
    found = []
    for mention in mentions:
        linked = _linked(mention.match, concepts, display_language)
        if linked is not None:
            found.append(SkillFound(mention.start, mention.end, mention.text, linked))
    return found
