"""The adapter between the taxonomy tables and the linking engine.

The engine's index is built from every concept and label, persisted under
``LINKING_INDEX_DIR`` so that a restart loads it instead of re-encoding the
taxonomy, and rebuilt when the taxonomy changes (an import). Each site gets its
own copy with the site's link feedback applied: local words confirmed in Istanbul
do not leak into Hangzhou's suggestions.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from django.conf import settings
from django.db.models import Max, QuerySet

from decentwork import linking
from decentwork.linking.concepts import ConceptKind as EngineConceptKind
from decentwork.linking.concepts import LabelKind
from decentwork.taxonomy.models import Broader, Concept, ConceptKind, Label, LinkFeedback, Verdict

FINGERPRINT_FILE = "taxonomy-fingerprint.json"
_lock = threading.Lock()


@dataclass
class _Loaded:
    fingerprint: str
    feedback_marker: tuple[int, int]
    linker: linking.ConceptLinker


_by_site: dict[int | None, _Loaded] = {}


def engine_concepts() -> list[linking.Concept]:
    """Every concept with its labels and parents, as the engine's dataclasses (4 queries)."""
    labels: dict[int, list[linking.Label]] = defaultdict(list)
    for concept_id, text, language, kind in Label.objects.values_list(
        "concept_id", "text", "language", "kind"
    ).order_by("concept_id", "id"):
        labels[concept_id].append(linking.Label(text, language, cast(LabelKind, kind)))
    broader: dict[int, list[str]] = defaultdict(list)
    for narrower_id, broader_uri in Broader.objects.values_list(
        "narrower_id", "broader__uri"
    ).order_by("narrower_id", "broader__uri"):
        broader[narrower_id].append(broader_uri)
    return [
        linking.Concept(
            id=uri, kind=cast(EngineConceptKind, kind), labels=tuple(labels[pk]),
            broader=tuple(broader[pk]),
            isco_code=(code if kind == ConceptKind.ISCO_GROUP else isco_code) or None,
        )
        for pk, uri, kind, code, isco_code in Concept.objects.values_list(
            "pk", "uri", "kind", "code", "isco_code").order_by("pk")
    ]


def taxonomy_fingerprint() -> str:
    """Changes whenever an import adds, removes or renames anything the index holds."""
    label_stats = Label.objects.aggregate(last=Max("id"))
    concept_stats = Concept.objects.aggregate(last=Max("id"))
    return json.dumps([Concept.objects.count(), concept_stats["last"], Label.objects.count(),
                       label_stats["last"], Broader.objects.count()])


def _encoder() -> linking.TextEncoder | None:
    # The dense encoders add cross-lingual linking (ADR 0006) at the cost of a slower
    # first build; deployments opt in with LINKING_DENSE=1.
    return linking.default_encoder() if settings.LINKING_DENSE else None


def build_index(directory: Path | None = None) -> linking.ConceptLinker:
    """Fit the linker on the whole taxonomy and persist it (atomically replaced)."""
    target = Path(directory or settings.LINKING_INDEX_DIR)
    fingerprint = taxonomy_fingerprint()
    linker = linking.ConceptLinker(
        _encoder(), embedding_cache_dir=target.parent / "embedding-cache").fit(engine_concepts())
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    linker.save(staging)
    (staging / FINGERPRINT_FILE).write_text(fingerprint)
    previous = target.with_name(target.name + ".old")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    return linker


def _stored_fingerprint(directory: Path) -> str | None:
    try:
        return (directory / FINGERPRINT_FILE).read_text()
    except FileNotFoundError:
        return None


def _site_feedback(site_id: int | None) -> QuerySet[LinkFeedback]:
    if site_id is None:
        return LinkFeedback.objects.filter(site__isnull=True)
    return LinkFeedback.objects.filter(site_id=site_id)


def _feedback_marker(site_id: int | None) -> tuple[int, int]:
    rows = _site_feedback(site_id)
    return rows.count(), rows.aggregate(last=Max("id"))["last"] or 0


def linker_for_site(site_id: int | None) -> linking.ConceptLinker:
    """The fitted linker for a site: the persisted index plus that site's feedback.

    Loads from disk when the stored index matches the taxonomy, rebuilds it when not,
    and re-applies feedback only when the site's feedback changed.
    """
    directory = Path(settings.LINKING_INDEX_DIR)
    fingerprint = taxonomy_fingerprint()
    marker = _feedback_marker(site_id)
    with _lock:
        loaded = _by_site.get(site_id)
        if loaded and loaded.fingerprint == fingerprint and loaded.feedback_marker == marker:
            return loaded.linker
        if _stored_fingerprint(directory) != fingerprint:
            build_index(directory)
            _by_site.clear()
        linker = linking.ConceptLinker.load(directory)
        feedback = _site_feedback(site_id).values_list("text", "language", "concept__uri",
                                                        "verdict").order_by("id")
        for text, language, uri, verdict in feedback:
            linker.add_feedback(text, uri, verdict == Verdict.CONFIRMED, language)
        _by_site[site_id] = _Loaded(fingerprint, marker, linker)
        return linker


def forget_loaded_indexes() -> None:
    """Drop the in-process copies (after a rebuild, and between tests)."""
    with _lock:
        _by_site.clear()
