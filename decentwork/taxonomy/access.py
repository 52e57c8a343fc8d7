"""Scoped reads of the taxonomy: ESCO concepts for everyone signed in, local
concepts (informal trades, dialect words) only for the site that defined them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import Scope, scope_of
from decentwork.network.models import Site
from decentwork.taxonomy.models import (
    Concept,
    FeedbackScope,
    Label,
    LabelKind,
    LinkFeedback,
)

# How far back the review page lists what staff taught the whole site (to take back).
RECENTLY_TAUGHT = dt.timedelta(days=30)


def concepts_for(user: User) -> QuerySet[Concept]:
    scope = scope_of(user)
    if scope.role is None:
        return Concept.objects.none()
    if scope.is_platform_administrator:
        return Concept.objects.all()
    return Concept.objects.filter(Q(site__isnull=True) | Q(site_id=scope.site_id))


def access_concept_by_uri(user: User, uri: str) -> Concept:
    try:
        return concepts_for(user).get(uri=uri)
    except Concept.DoesNotExist:
        raise Http404("No such concept") from None


def search_concepts(user: User, text: str, *, kind: str | None, language: str | None,
                    limit: int) -> list[Concept]:
    """Concepts with a label containing ``text`` (case-insensitive), preferred labels
    first. A look-up for pickers; free-text linking is the linking engine's job."""
    concepts = concepts_for(user).filter(labels__text__icontains=text)
    if kind:
        concepts = concepts.filter(kind=kind)
    if language:
        concepts = concepts.filter(labels__language=language)
    ids = list(concepts.values_list("pk", flat=True).distinct()[: limit * 4])
    found = Concept.objects.filter(pk__in=ids).prefetch_related("labels")
    needle = text.casefold()

    def rank(concept: Concept) -> tuple[int, int, str]:
        labels = [lab for lab in concept.labels.all() if needle in lab.text.casefold()]
        exact = any(lab.text.casefold() == needle for lab in labels)
        preferred = any(lab.kind == "preferred" for lab in labels)
        return (0 if exact else 1, 0 if preferred else 1, concept.uri)

    return sorted(found, key=rank)[:limit]


def preferred_labels(path: str = "") -> Prefetch[str]:
    """Prefetch the preferred labels of concepts reached by ``path`` (e.g. ``"skill__"``),
    so that list pages show labels with a fixed number of queries."""
    return Prefetch(f"{path}labels", queryset=Label.objects.filter(kind=LabelKind.PREFERRED))


@dataclass(frozen=True)
class LabelInLanguage:
    """A label and the language it is written in, for the page's ``lang`` attribute
    (an English fallback on a Chinese page must be marked as English)."""

    text: str
    language: str


def preferred_labels_in(concept_ids: Iterable[int], language: str
                        ) -> dict[int, LabelInLanguage]:
    """Each concept's preferred label in ``language`` (``zh-hans`` reads the ``zh``
    labels), else in English, with one query; concepts with neither are left out."""
    ids = set(concept_ids)
    wanted = list(dict.fromkeys((language.casefold(), language.split("-")[0].casefold(), "en")))
    if not ids:
        return {}
    found: dict[int, tuple[int, LabelInLanguage]] = {}
    for concept_id, label_language, text in (
            Label.objects.filter(concept_id__in=ids, kind=LabelKind.PREFERRED,
                                 language__in=wanted)
            .order_by("text").values_list("concept_id", "language", "text")):
        rank = wanted.index(label_language)
        if concept_id not in found or rank < found[concept_id][0]:
            found[concept_id] = (rank, LabelInLanguage(text, label_language))
    return {concept_id: label for concept_id, (_rank, label) in found.items()}


# ---------------------------------------------------------------- link feedback review


def reviews_feedback_of(scope: Scope, site_id: int) -> bool:
    """Who teaches a site's linker for everyone, and reviews what others taught it:
    the counsellors and office managers of its offices and its administrators."""
    return (scope.is_staff_of_office and scope.site_id == site_id) or scope.administers_site(
        site_id)


def sites_reviewed_by(user: User) -> QuerySet[Site]:
    scope = scope_of(user)
    if scope.is_platform_administrator:
        return Site.objects.all()
    if scope.site_id is not None and reviews_feedback_of(scope, scope.site_id):
        return Site.objects.filter(pk=scope.site_id)
    return Site.objects.none()


def feedback_reviewed_by(user: User) -> QuerySet[LinkFeedback]:
    """The feedback of the sites the user reviews, oldest first, with what the page shows."""
    return (LinkFeedback.objects.filter(site__in=sites_reviewed_by(user))
            .select_related("site", "concept", "given_by", "confirmed_by")
            .order_by("given_at", "id"))


def feedback_awaiting_review(user: User) -> QuerySet[LinkFeedback]:
    return feedback_reviewed_by(user).filter(scope=FeedbackScope.PERSONAL)


def feedback_recently_taught_to_site(user: User) -> QuerySet[LinkFeedback]:
    """What became site-wide lately (staff's own teaching and confirmed reviews),
    newest first, so that a mistake can be taken back."""
    return (feedback_reviewed_by(user)
            .filter(scope=FeedbackScope.SITE, confirmed_at__gte=clock.now() - RECENTLY_TAUGHT)
            .order_by("-confirmed_at", "-id"))


def access_feedback_to_review(user: User, feedback_id: int) -> LinkFeedback:
    try:
        return feedback_reviewed_by(user).get(pk=feedback_id)
    except LinkFeedback.DoesNotExist:
        raise Http404("No such feedback") from None
