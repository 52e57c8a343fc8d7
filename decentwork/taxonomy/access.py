"""Scoped reads of the taxonomy: ESCO concepts for everyone signed in, local
concepts (informal trades, dialect words) only for the site that defined them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.taxonomy.models import Concept, Label, LabelKind


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
