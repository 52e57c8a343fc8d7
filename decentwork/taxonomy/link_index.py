"""The adapter between the taxonomy tables and the linking engine.

One fitted linker per process, built from every concept and label, persisted under
``LINKING_INDEX_DIR`` so that a restart loads it instead of re-encoding the
taxonomy. Feedback never rebuilds or reloads it: a site's site-wide feedback and a
person's own are applied on top at query time (``ConceptLinker.with_feedback``), so
what Istanbul's counsellors taught never leaks into Hangzhou's suggestions, and
what one seeker taught shapes only that seeker's.

When the taxonomy changes (an import, a local concept), calls keep answering from
the index they have while the ``taxonomy.refresh_linking_index`` task builds the
new one on disk (a Celery worker; in-process where jobs run eagerly, as in
development). Each web process then loads it in a background thread and swaps it
in with one assignment: no call waits for a rebuild or a reload, except the very
first call of a process that finds no index on disk at all, and, where jobs run
in-process, the call that queued the build (it answers from the new index).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum

from decentwork import linking
from decentwork.accounts.models import User
from decentwork.celery import app as celery_app
from decentwork.linking.concepts import ConceptKind as EngineConceptKind
from decentwork.linking.concepts import LabelKind
from decentwork.taxonomy.models import (
    Broader,
    Concept,
    ConceptKind,
    FeedbackScope,
    Label,
    LinkFeedback,
    Verdict,
)

log = logging.getLogger(__name__)

FINGERPRINT_FILE = "taxonomy-fingerprint.json"
# Queued by name: tasks.py imports this module.
REFRESH_TASK = "taxonomy.refresh_linking_index"
# A rebuild queued for one state of the taxonomy is not queued again for this long
# (it is being built, or it failed and the next call after this may try again).
REBUILD_CLAIM_SECONDS = 15 * 60
# A person's own feedback applied on top of their site's: the newest this many.
MAX_PERSONAL_FEEDBACK = 200
# What only its author's suggestions learn from (awaiting review, or declined for the site).
PERSONAL_SCOPES = (FeedbackScope.PERSONAL, FeedbackScope.DECLINED)


@dataclass(frozen=True, eq=False)
class LoadedIndex:
    """A fitted linker and the state of the taxonomy it was built from."""

    fingerprint: str
    linker: linking.ConceptLinker


@dataclass(frozen=True, eq=False)
class _SiteLinker:
    index: LoadedIndex
    marker: tuple[int, int, int]
    linker: linking.ConceptLinker


_loaded: LoadedIndex | None = None
_first_load = threading.Lock()
_loader_lock = threading.Lock()
_loader: threading.Thread | None = None
_by_site: dict[int, _SiteLinker] = {}


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


def _index_directory() -> Path:
    return Path(settings.LINKING_INDEX_DIR)


def build_index(directory: Path | None = None) -> LoadedIndex:
    """Fit the linker on the whole taxonomy and persist it.

    Each build is written to a directory of its own, then ``directory`` (a symbolic
    link) is pointed at it in one atomic rename, so a process loading the index reads
    either the old build or the new one, whole. The previous build is kept for
    readers still loading it; older ones are removed.
    """
    target = directory or _index_directory()
    fingerprint = taxonomy_fingerprint()
    linker = linking.ConceptLinker(
        _encoder(), embedding_cache_dir=target.parent / "embedding-cache").fit(engine_concepts())
    builds = target.with_name(target.name + ".builds")
    build = builds / uuid.uuid4().hex
    linker.save(build)
    (build / FINGERPRINT_FILE).write_text(fingerprint)
    if target.is_dir() and not target.is_symlink():
        # An index written before builds had directories of their own.
        target.rename(builds / uuid.uuid4().hex)
    pointer = target.with_name(f"{target.name}.{uuid.uuid4().hex}.link")
    os.symlink(build, pointer, target_is_directory=True)
    os.replace(pointer, target)
    previous = sorted((path for path in builds.iterdir() if path != build),
                      key=lambda path: path.stat().st_mtime)
    for old in previous[:-1]:
        shutil.rmtree(old, ignore_errors=True)
    return LoadedIndex(fingerprint, linker)


def _stored_fingerprint(directory: Path) -> str | None:
    try:
        return (directory / FINGERPRINT_FILE).read_text()
    except FileNotFoundError:
        return None


def _read_index(directory: Path) -> LoadedIndex | None:
    """The index on disk, or None when there is none yet."""
    for _attempt in range(2):
        build = directory.resolve()
        try:
            fingerprint = (build / FINGERPRINT_FILE).read_text()
            return LoadedIndex(fingerprint, linking.ConceptLinker.load(build))
        except FileNotFoundError:
            # Either no index yet, or this build was removed while we read it
            # (two rebuilds during one load): the link points at a newer one.
            continue
    return None


def loaded_index() -> LoadedIndex:
    """The index to answer from now; never waits for a rebuild or a reload.

    When the taxonomy changed since it was built, the newer index is loaded in the
    background if it is on disk already, else its build is queued; meanwhile this one
    answers. Only a process's first call waits, and builds only if the disk has none.
    """
    fingerprint = taxonomy_fingerprint()
    loaded = _loaded or _load_first()
    if loaded.fingerprint != fingerprint:
        loaded = _catch_up(fingerprint) or loaded
    return loaded


def _load_first() -> LoadedIndex:
    global _loaded
    with _first_load:
        if _loaded is None:
            # Nothing to answer from: the callers of this first moment wait.
            _loaded = _read_index(_index_directory()) or build_index()
        return _loaded


def _catch_up(fingerprint: str) -> LoadedIndex | None:
    """Queue the build of the index for ``fingerprint`` or load it in the background;
    the new index when this call built it in-process (eager jobs: it waited anyway)."""
    directory = _index_directory()
    if _stored_fingerprint(directory) != fingerprint:
        digest = hashlib.sha256(f"{directory}\n{fingerprint}".encode()).hexdigest()
        claim = f"linking-index-rebuild:{digest}"
        if cache.add(claim, True, REBUILD_CLAIM_SECONDS):
            built = celery_app.signature(REFRESH_TASK, kwargs={"claim": claim}).delay()
            if built.ready() and _stored_fingerprint(directory) == fingerprint:
                _load_and_swap(directory)
                return _loaded
    if _stored_fingerprint(directory) == fingerprint:
        _load_in_background(directory)
    return None


def _load_in_background(directory: Path) -> None:
    global _loader
    with _loader_lock:
        if _loader is not None and _loader.is_alive():
            return
        _loader = threading.Thread(target=_load_and_swap, args=(directory,), daemon=True,
                                   name="linking-index-load")
        _loader.start()


def _load_and_swap(directory: Path) -> None:
    """Load the index on disk and make it the one calls answer from (files only: no
    database connection is opened in this thread)."""
    global _loaded
    try:
        index = _read_index(directory)
    except Exception:
        log.exception("Could not load the linking index at %s; the loaded one stays", directory)
        return
    if index is not None:
        _loaded = index


def wait_for_background_load(timeout: float | None = None) -> None:
    """Wait until a background load under way has swapped its index in (for tests and
    warm-up scripts that need the newest index before they go on)."""
    loader = _loader
    if loader is not None:
        loader.join(timeout)


def forget_loaded_indexes() -> None:
    """Drop the in-process copies (between tests, or after LINKING_INDEX_DIR changed)."""
    global _loaded
    wait_for_background_load()
    with _first_load:
        _loaded = None
        _by_site.clear()


# ---------------------------------------------------------------- feedback on top


def _engine_feedback(rows: Iterable[tuple[str, str, str, str]]) -> list[linking.Feedback]:
    return [linking.Feedback(text, uri, verdict == Verdict.CONFIRMED, language)
            for text, language, uri, verdict in rows]


def _site_marker(site_id: int) -> tuple[int, int, int]:
    """Changes whenever the site's site-wide feedback changes: a row confirmed, taken
    back or deleted (one query)."""
    stats = LinkFeedback.objects.filter(site_id=site_id, scope=FeedbackScope.SITE).aggregate(
        count=Count("id"), total=Sum("id"), last=Max("id"))
    return stats["count"], stats["total"] or 0, stats["last"] or 0


def linker_for_site(site_id: int | None) -> linking.ConceptLinker:
    """The loaded linker with the site's site-wide feedback applied on top.

    The overlay is rebuilt (a few vectors, no index work) when the site's
    feedback or the loaded index changed, and kept per process otherwise.
    """
    index = loaded_index()
    if site_id is None:
        return index.linker
    marker = _site_marker(site_id)
    cached = _by_site.get(site_id)
    if cached is not None and cached.index is index and cached.marker == marker:
        return cached.linker
    rows = (LinkFeedback.objects.filter(site_id=site_id, scope=FeedbackScope.SITE)
            .order_by("id").values_list("text", "language", "concept__uri", "verdict"))
    linker = index.linker.with_feedback(_engine_feedback(rows))
    _by_site[site_id] = _SiteLinker(index, marker, linker)
    return linker


def linker_for_user(user: User, site_id: int | None) -> linking.ConceptLinker:
    """The site's linker with the user's own feedback at that site on top: what they
    taught that no reviewer confirmed for the site (yet) shapes their suggestions only."""
    site_linker = linker_for_site(site_id)
    if site_id is None:
        return site_linker
    newest = (LinkFeedback.objects.filter(site_id=site_id, given_by=user,
                                          scope__in=PERSONAL_SCOPES)
              .order_by("-id").values_list("text", "language", "concept__uri", "verdict")
              [:MAX_PERSONAL_FEEDBACK])
    own = _engine_feedback(reversed(list(newest)))
    return site_linker.with_feedback(own) if own else site_linker
