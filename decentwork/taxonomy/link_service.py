"""Linking for one user: the site's linker with the user's own feedback on top,
results limited to concepts the user may see, labelled in the user's language.
Shared by the API and the pages.

It is also where linking is bounded, whoever calls: texts are capped in length
(the API schemas and the forms use the same caps, so the person is told which
field is too long before anything is linked), and each user gets a budget of
calls (``RATE_LIMIT_LINK``, 60 a minute by default): over it, the call raises
:class:`~decentwork.ratelimit.RateLimited`, which every page and API operation
answers with 429 and ``Retry-After``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from decentwork import linking, ratelimit
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.taxonomy.access import concepts_for
from decentwork.taxonomy.link_index import linker_for_user
from decentwork.taxonomy.models import Concept

# A job title, or the few words a person uses for a job: what the API links and what
# feedback stores. ESCO's longest labels are under 200 characters; 300 leaves room
# for a local title with its place.
MAX_TITLE_CHARS = 300
# Any text handed to the linker, e.g. a CV paragraph or a vacancy description to find
# skills in (about 800 words). Finding skills scores every window of up to five
# words against the taxonomy, so the work grows with the length.
MAX_TEXT_CHARS = 5_000
# Texts linked in one call (a spreadsheet of titles goes in batches).
MAX_TEXTS_PER_CALL = 20


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


def _within_budget(user: User) -> None:
    ratelimit.enforce("link", f"user:{user.pk}", ratelimit.rate_of("RATE_LIMIT_LINK"),
                      _("You asked for many suggestions in a short time."))


def link_texts(user: User, texts: list[str], *, kind: Literal["occupation", "skill"],
               language: str | None, k: int, display_language: str) -> list[LinkResult]:
    """Rank concepts of ``kind`` for each text, best first."""
    if len(texts) > MAX_TEXTS_PER_CALL:
        raise ValidationError({"texts": _("Send at most %(count)s texts at a time.") % {
            "count": MAX_TEXTS_PER_CALL}})
    if any(len(text) > MAX_TEXT_CHARS for text in texts):
        raise ValidationError({"texts": _("Write each text in at most %(count)s characters.")
                               % {"count": MAX_TEXT_CHARS}})
    _within_budget(user)
    if not Concept.objects.exists():
        # A new installation before its taxonomy is imported: nothing to suggest,
        # and no index can be fitted on nothing.
        return [LinkResult(text, [], None, None) for text in texts]
    linker = linker_for_user(user, scope_of(user).site_id)
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
    """The skills named in a longer text, in text order."""
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError({"text": _("Write the text in at most %(count)s characters.")
                               % {"count": MAX_TEXT_CHARS}})
    _within_budget(user)
    if not Concept.objects.exists():
        return []  # no taxonomy imported yet: see link_texts
    linker = linker_for_user(user, scope_of(user).site_id)
    mentions = linker.extract_skills(text, language=language)
    concepts = _visible(user, {m.match.concept_id for m in mentions})
    found = []
    for mention in mentions:
        linked = _linked(mention.match, concepts, display_language)
        if linked is not None:
            found.append(SkillFound(mention.start, mention.end, mention.text, linked))
    return found
