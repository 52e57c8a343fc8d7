"""Writes to the taxonomy: importing official ESCO CSV releases, local concepts, and
what people teach the linker (link feedback and its review).

An import reads each file of a release completely (validating it) before writing it
in one transaction: a malformed file is rejected whole, files imported before it
stay. Re-importing updates in place: concepts are keyed by URI, and a file's labels,
hierarchy links and skill links replace those it held before for the concepts it
lists. Everything is written in bulk from dictionaries loaded once, so the full
English release takes seconds, not hours, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import NamedTuple, Never, TypeAlias, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tqdm import tqdm

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.taxonomy.access import reviews_feedback_of
from decentwork.taxonomy.esco_release import (
    BroaderRow,
    ConceptRow,
    OccupationSkillRow,
    ReleaseError,
    ReleaseFile,
    open_release,
    read_broader,
    read_concepts,
    read_occupation_skills,
)
from decentwork.taxonomy.link_service import MAX_TITLE_CHARS
from decentwork.taxonomy.models import (
    Broader,
    Concept,
    ConceptKind,
    Description,
    FeedbackScope,
    Label,
    LabelKind,
    LinkFeedback,
    OccupationSkill,
    Origin,
    Verdict,
)
from decentwork.taxonomy.workflow import FEEDBACK_LIFECYCLE

# Rows written per round trip; Django lowers it further where SQLite needs it.
BATCH_SIZE = 2000
# Ids per "id IN (...)" delete, below SQLite's oldest limit of 999 parameters.
DELETE_CHUNK = 900

_T = TypeVar("_T")
ProgressBar: TypeAlias = "tqdm[Never]"

_KIND_NAMES = {
    ConceptKind.OCCUPATION: "an occupation",
    ConceptKind.SKILL: "a skill",
    ConceptKind.ISCO_GROUP: "an ISCO-08 group",
    ConceptKind.SKILL_GROUP: "a skill group",
}


@dataclass
class FileReport:
    """What importing one file changed. Unchanged rows count nowhere."""

    filename: str
    language: str
    rows: int = 0
    concepts_created: int = 0
    concepts_updated: int = 0
    labels_written: int = 0
    labels_removed: int = 0
    descriptions_written: int = 0
    relations_created: int = 0
    relations_updated: int = 0
    relations_removed: int = 0
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if isinstance(v, int)}


@dataclass
class ImportReport:
    """The outcome of :func:`import_esco_release`."""

    source: str
    languages: list[str]
    files: list[FileReport] = field(default_factory=list)
    # Files a complete release has (e.g. ``skills_en.csv``) that were not there.
    absent: list[str] = field(default_factory=list)
    # Release files that were present but not imported, with the reason.
    ignored: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def total(self, count: str) -> int:
        return sum(getattr(f, count) for f in self.files)


class ReleaseImportError(ReleaseError):
    """A file was rejected; ``report`` tells what was imported before it."""

    def __init__(self, error: ReleaseError, report: ImportReport) -> None:
        super().__init__(error.problem, filename=error.filename, row=error.row,
                         column=error.column)
        self.report = report


def import_esco_release(
    path: str | Path,
    *,
    languages: Sequence[str] | None = None,
    actor: User | None = None,
    progress: bool = True,
) -> ImportReport:
    """Import the official ESCO CSV release at ``path`` (a folder or a zip).

    ``languages`` limits the import to those languages (default: all found). Files
    are imported dependencies first, each in its own transaction with its own audit
    entry. ``actor`` None is the system (command line, jobs); a person must be a
    platform administrator, since ESCO concepts are shared by every site.

    Raises :class:`ReleaseImportError` (a :class:`ReleaseError`) naming file, row
    and column of the first problem; earlier files stay imported.
    """
    if actor is not None and not scope_of(actor).is_platform_administrator:
        raise PermissionDenied(_("Only a platform administrator may import ESCO releases."))
    started = time.perf_counter()
    with open_release(path, languages) as release:
        report = ImportReport(source=release.source, languages=release.languages,
                              absent=release.absent, ignored=release.ignored)
        concepts = _ConceptIndex()
        for release_file in release.files:
            try:
                report.files.append(
                    _import_file(release_file, concepts, actor, release.source, progress))
            except ReleaseError as error:
                report.seconds = time.perf_counter() - started
                raise ReleaseImportError(error, report) from None
    report.seconds = time.perf_counter() - started
    return report


def _import_file(release_file: ReleaseFile, concepts: _ConceptIndex, actor: User | None,
                 source: str, progress: bool) -> FileReport:
    started = time.perf_counter()
    file_report = FileReport(release_file.filename, release_file.language)
    # The whole file is read and validated before its transaction starts.
    write: Callable[[ReleaseFile, _ConceptIndex, FileReport, ProgressBar], None]
    if release_file.spec.role in ("concepts", "collection"):
        table = read_concepts(release_file)
        file_report.rows = len(table.rows)
        write = partial(_write_concepts, table.rows, table.label_kinds)
    elif release_file.spec.role == "broader":
        broader_rows = read_broader(release_file)
        file_report.rows = len(broader_rows)
        write = partial(_write_broader, broader_rows)
    else:
        skill_rows = read_occupation_skills(release_file)
        file_report.rows = len(skill_rows)
        write = partial(_write_occupation_skills, skill_rows)
    # disable=None: tqdm stays quiet when stderr is not a terminal (jobs, logs, tests).
    with (tqdm(total=file_report.rows, desc=release_file.filename, unit=" rows",
               disable=None if progress else True, dynamic_ncols=True) as bar,
          transaction.atomic()):
        write(release_file, concepts, file_report, bar)
        # In the file's transaction: no write without its audit entry, and no audit
        # entry for a file that was rolled back.
        record(actor, "taxonomy.import_esco_release", None, source=source,
               file=release_file.filename, language=release_file.language,
               seconds=round(time.perf_counter() - started, 3), **file_report.counts())
    file_report.seconds = round(time.perf_counter() - started, 3)
    return file_report


# ---------------------------------------------------------------------------
# Concepts


class _Known(NamedTuple):
    id: int
    kind: str
    code: str
    isco_code: str
    skill_type: str
    reuse_level: str
    status: str


_ATTRIBUTES = ("code", "isco_code", "skill_type", "reuse_level", "status")


class _ConceptIndex:
    """Every concept by URI, loaded once and kept current during an import, so that
    no row costs a query. A rejected file ends the import, so the index never
    outlives a rolled-back transaction."""

    def __init__(self) -> None:
        self.by_uri: dict[str, _Known] = {
            uri: _Known(pk, kind, *attributes)
            for pk, uri, kind, *attributes in Concept.objects.values_list(
                "pk", "uri", "kind", *_ATTRIBUTES).iterator(chunk_size=BATCH_SIZE)
        }

    def get(self, uri: str) -> _Known | None:
        return self.by_uri.get(uri)

    def id(self, uri: str) -> int:
        return self.by_uri[uri].id

    def write(self, concepts: list[Concept]) -> None:
        """Create or update ``concepts`` (unsaved instances keyed by URI) and record
        their ids."""
        if not concepts:
            return
        Concept.objects.bulk_create(
            concepts, batch_size=BATCH_SIZE, update_conflicts=True, unique_fields=["uri"],
            update_fields=["kind", *_ATTRIBUTES])
        missing = [c.uri for c in concepts if c.pk is None]
        ids = {c.uri: c.pk for c in concepts if c.pk is not None}
        for uris in _chunks(missing, DELETE_CHUNK):
            ids.update(Concept.objects.filter(uri__in=uris).values_list("uri", "pk"))
        for c in concepts:
            self.by_uri[c.uri] = _Known(ids[c.uri], c.kind, c.code, c.isco_code, c.skill_type,
                                        c.reuse_level, c.status)

    def check_kind(self, uri: str, kind: str, release_file: ReleaseFile, row: int,
                   column: str) -> _Known | None:
        known = self.by_uri.get(uri)
        if known is not None and known.kind != kind:
            raise ReleaseError(
                f"{uri} is {_KIND_NAMES[ConceptKind(known.kind)]}, "
                f"not {_KIND_NAMES[ConceptKind(kind)]}",
                filename=release_file.filename, row=row, column=column)
        return known

    def ensure(self, wanted: dict[str, tuple[str, str]], file_report: FileReport) -> None:
        """Create concepts known only by URI (``uri -> (kind, skill type)``), without
        labels, for relations that point at them before their own file is imported."""
        new = [Concept(uri=uri, kind=kind, skill_type=skill_type)
               for uri, (kind, skill_type) in wanted.items() if uri not in self.by_uri]
        self.write(new)
        file_report.concepts_created += len(new)


def _write_concepts(rows: list[ConceptRow], label_kinds: tuple[str, ...],
                    release_file: ReleaseFile, concepts: _ConceptIndex,
                    file_report: FileReport, bar: ProgressBar) -> None:
    language = release_file.language
    kind = release_file.spec.kind
    old_labels: dict[tuple[int, str, str], int] = {
        (concept_id, label_kind, text): pk
        for pk, concept_id, label_kind, text in Label.objects.filter(
            language=language, kind__in=label_kinds, concept__kind=kind,
        ).values_list("pk", "concept_id", "kind", "text").iterator(chunk_size=BATCH_SIZE)
    }
    old_descriptions: dict[int, str] = dict(
        Description.objects.filter(language=language, concept__kind=kind)
        .values_list("concept_id", "text").iterator(chunk_size=BATCH_SIZE))
    for chunk in _chunks(rows, BATCH_SIZE):
        _upsert_concepts(chunk, release_file, concepts, file_report)
        _replace_labels(chunk, language, concepts, old_labels, file_report)
        new_descriptions = [
            Description(concept_id=concepts.id(row.uri), language=language,
                        text=row.description)
            for row in chunk
            if row.description and old_descriptions.get(concepts.id(row.uri)) != row.description
        ]
        Description.objects.bulk_create(
            new_descriptions, batch_size=BATCH_SIZE, update_conflicts=True,
            unique_fields=["concept", "language"], update_fields=["text"])
        file_report.descriptions_written += len(new_descriptions)
        bar.update(len(chunk))


def _upsert_concepts(rows: list[ConceptRow], release_file: ReleaseFile,
                     concepts: _ConceptIndex, file_report: FileReport) -> None:
    changed: list[Concept] = []
    for row in rows:
        known = concepts.check_kind(row.uri, row.kind, release_file, row.row, "conceptUri")
        # An empty cell never clears a value: collections and translations carry
        # fewer columns than the English main files.
        values = {name: getattr(row, name) or (getattr(known, name) if known else "")
                  for name in _ATTRIBUTES}
        if known is None:
            file_report.concepts_created += 1
        elif any(values[name] != getattr(known, name) for name in _ATTRIBUTES):
            file_report.concepts_updated += 1
        else:
            continue
        changed.append(Concept(uri=row.uri, kind=row.kind, **values))
    concepts.write(changed)


def _replace_labels(rows: list[ConceptRow], language: str, concepts: _ConceptIndex,
                    old_labels: dict[tuple[int, str, str], int],
                    file_report: FileReport) -> None:
    """Make the labels (of the kinds ``old_labels`` holds) of these concepts in this
    language exactly those of the file."""
    wanted = {(concepts.id(row.uri), label_kind, text)
              for row in rows for label_kind, text in row.labels}
    ids = {concepts.id(row.uri) for row in rows}
    stale = [pk for key, pk in old_labels.items() if key[0] in ids and key not in wanted]
    for pks in _chunks(stale, DELETE_CHUNK):
        Label.objects.filter(pk__in=pks).delete()
    new = [Label(concept_id=concept_id, language=language, kind=label_kind, text=text)
           for concept_id, label_kind, text in sorted(wanted) if
           (concept_id, label_kind, text) not in old_labels]
    Label.objects.bulk_create(new, batch_size=BATCH_SIZE)
    file_report.labels_removed += len(stale)
    file_report.labels_written += len(new)


# ---------------------------------------------------------------------------
# Relations


def _write_broader(rows: list[BroaderRow], release_file: ReleaseFile,
                   concepts: _ConceptIndex, file_report: FileReport, bar: ProgressBar) -> None:
    """The hierarchy links of the concepts the file lists as narrower become exactly
    those of the file; concepts met here first are created from their URI."""
    unknown: dict[str, tuple[str, str]] = {}
    for row in rows:
        for uri, kind, column in ((row.narrower_uri, row.narrower_kind, "conceptUri"),
                                  (row.broader_uri, row.broader_kind, "broaderUri")):
            known = concepts.check_kind(uri, kind, release_file, row.row, column)
            if known is None and unknown.setdefault(uri, (kind, ""))[0] != kind:
                raise ReleaseError(f"{uri} appears with two concept types",
                                   filename=release_file.filename, row=row.row, column=column)
        if row.narrower_uri == row.broader_uri:
            raise ReleaseError("a concept cannot be broader than itself",
                               filename=release_file.filename, row=row.row, column="broaderUri")
    concepts.ensure(unknown, file_report)

    wanted = {(concepts.id(row.narrower_uri), concepts.id(row.broader_uri)) for row in rows}
    narrower_ids = {pair[0] for pair in wanted}
    old = {(narrower_id, broader_id): pk
           for pk, narrower_id, broader_id in Broader.objects.values_list(
               "pk", "narrower_id", "broader_id").iterator(chunk_size=BATCH_SIZE)
           if narrower_id in narrower_ids}
    stale = [pk for pair, pk in old.items() if pair not in wanted]
    for pks in _chunks(stale, DELETE_CHUNK):
        Broader.objects.filter(pk__in=pks).delete()
    file_report.relations_removed += len(stale)
    for chunk in _chunks(sorted(wanted - old.keys()), BATCH_SIZE):
        Broader.objects.bulk_create(
            [Broader(narrower_id=narrower_id, broader_id=broader_id)
             for narrower_id, broader_id in chunk], batch_size=BATCH_SIZE)
        file_report.relations_created += len(chunk)
        bar.update(len(chunk))
    bar.update(bar.total - bar.n if bar.total else 0)


def _write_occupation_skills(rows: list[OccupationSkillRow], release_file: ReleaseFile,
                             concepts: _ConceptIndex, file_report: FileReport,
                             bar: ProgressBar) -> None:
    """The skills of the occupations the file lists become exactly those of the file;
    skills met here first are created from their URI (without labels, until a skills
    file supplies them). An unknown occupation is an error: its file comes first."""
    filename = release_file.filename
    unknown_skills: dict[str, tuple[str, str]] = {}
    wanted: dict[tuple[str, str], tuple[str, int]] = {}
    for row in rows:
        if concepts.check_kind(row.occupation_uri, ConceptKind.OCCUPATION, release_file,
                               row.row, "occupationUri") is None:
            raise ReleaseError(f"unknown occupation {row.occupation_uri}", filename=filename,
                               row=row.row, column="occupationUri")
        if concepts.check_kind(row.skill_uri, ConceptKind.SKILL, release_file, row.row,
                               "skillUri") is None:
            unknown_skills.setdefault(row.skill_uri, (ConceptKind.SKILL, row.skill_type))
        pair = (row.occupation_uri, row.skill_uri)
        earlier = wanted.setdefault(pair, (row.relevance, row.row))
        if earlier[0] != row.relevance:
            raise ReleaseError(f"row {earlier[1]} links the same occupation and skill as "
                               f"{earlier[0]}", filename=filename, row=row.row,
                               column="relationType")
    concepts.ensure(unknown_skills, file_report)

    relevance_by_ids = {(concepts.id(occupation), concepts.id(skill)): relevance
                        for (occupation, skill), (relevance, _row) in wanted.items()}
    occupation_ids = {pair[0] for pair in relevance_by_ids}
    old: dict[tuple[int, int], tuple[int, str]] = {
        (occupation_id, skill_id): (pk, relevance)
        for pk, occupation_id, skill_id, relevance in OccupationSkill.objects.values_list(
            "pk", "occupation_id", "skill_id", "relevance").iterator(chunk_size=BATCH_SIZE)
        if occupation_id in occupation_ids
    }
    stale = [pk for pair, (pk, _relevance) in old.items() if pair not in relevance_by_ids]
    for pks in _chunks(stale, DELETE_CHUNK):
        OccupationSkill.objects.filter(pk__in=pks).delete()
    file_report.relations_removed += len(stale)
    changed = sorted(pair for pair, relevance in relevance_by_ids.items()
                     if pair not in old or old[pair][1] != relevance)
    for chunk in _chunks(changed, BATCH_SIZE):
        OccupationSkill.objects.bulk_create(
            [OccupationSkill(occupation_id=occupation_id, skill_id=skill_id,
                             relevance=relevance_by_ids[occupation_id, skill_id])
             for occupation_id, skill_id in chunk],
            batch_size=BATCH_SIZE, update_conflicts=True,
            unique_fields=["occupation", "skill"], update_fields=["relevance"])
        created = sum(1 for pair in chunk if pair not in old)
        file_report.relations_created += created
        file_report.relations_updated += len(chunk) - created
        bar.update(len(chunk))
    bar.update(bar.total - bar.n if bar.total else 0)


def _chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    chunk: list[_T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def record_link_feedback(actor: User, *, text: str, language: str, concept: Concept,
                         verdict: str) -> LinkFeedback:
    """Store a person's confirmation or rejection of a suggested link at their site.

    A confirmed text becomes a label of the concept, a rejected one demotes the
    concept for that text (``link_service`` applies both at query time, no index is
    rebuilt). Whose suggestions it shapes depends on who gave it:

    * job seekers, employers and analysts: their own only (``PERSONAL``), until a
      reviewer confirms it for the site (:func:`review_link_feedback`). One account
      must not be able to teach a whole site that an assistant cook is a welder;
    * the site's counsellors, office managers and administrators: the whole site at
      once (``SITE``), with no second person. They are accountable staff whose
      everyday words are why the linker learns at all, and a second-person rule
      would leave most teaching unapplied in an office with one counsellor. What
      they teach is listed on the review page, where any colleague takes a mistake
      (or a hijacked account's teaching) back, and each piece is in the audit log.

    The same words, verdict and concept given again by the same person add nothing.
    """
    scope = scope_of(actor)
    site_id = scope.site_id
    if site_id is None:
        raise PermissionDenied(_("Only people working at a site can teach its linker."))
    text = text.strip()
    errors: dict[str, str] = {}
    if verdict not in Verdict.values:
        errors["verdict"] = _("Choose confirmed or rejected.")
    if not text:
        errors["text"] = _("The text must not be empty.")
    elif len(text) > MAX_TITLE_CHARS:
        errors["text"] = _("Write the words in at most %(count)s characters.") % {
            "count": MAX_TITLE_CHARS}
    if concept.site_id not in {None, site_id}:
        errors["concept"] = _("Unknown concept.")
    if errors:
        raise ValidationError(errors)
    same = LinkFeedback.objects.filter(site_id=site_id, given_by=actor, text=text,
                                       language=language, concept=concept,
                                       verdict=verdict).first()
    if same is not None:
        return same
    trusted = reviews_feedback_of(scope, site_id)
    now = clock.now()
    feedback = LinkFeedback.objects.create(
        site_id=site_id, text=text, language=language, concept=concept, verdict=verdict,
        given_by=actor, scope=FeedbackScope.SITE if trusted else FeedbackScope.PERSONAL,
        confirmed_by=actor if trusted else None, confirmed_at=now if trusted else None)
    record(actor, "taxonomy.record_link_feedback", feedback, verdict=verdict,
           scope=feedback.scope)
    return feedback


@transaction.atomic
def review_link_feedback(actor: User, feedback: LinkFeedback, name: str) -> LinkFeedback:
    """Confirm feedback for the whole site, keep it for its author only, or take
    site-wide feedback back (``workflow.FEEDBACK_LIFECYCLE``), as a reviewer of its site.

    The row is locked first: of two reviewers acting at once, the second is told
    what the first decided, and nothing is written twice.
    """
    locked = LinkFeedback.objects.select_for_update().get(pk=feedback.pk)
    if not reviews_feedback_of(scope_of(actor), locked.site_id):
        raise PermissionDenied(_("Only the site's counsellors, office managers and "
                                 "administrators review what people taught the linker."))
    review = FEEDBACK_LIFECYCLE.check(name, locked.scope)
    previous = locked.scope
    locked.scope = review.target
    now = clock.now()
    if review.target == FeedbackScope.SITE:
        locked.confirmed_by, locked.confirmed_at = actor, now
        changed = ["scope", "confirmed_by", "confirmed_at"]
    else:
        locked.declined_by, locked.declined_at = actor, now
        changed = ["scope", "declined_by", "declined_at"]
    locked.save(update_fields=changed)
    record(actor, "taxonomy.review_link_feedback", locked, review=name, previous=previous,
           scope=locked.scope)
    return locked


@transaction.atomic
def add_local_concept(actor: User, *, kind: str, label: str, language: str,
                      broader: Concept | None = None, isco_code: str = "") -> Concept:
    """Add a concept ESCO lacks (informal or unpaid work, e.g. caregiving at home,
    market trading) for the actor's site, with its first label.

    It is linked, matched and shown like an ESCO concept, but only at that site.
    """
    scope = scope_of(actor)
    if scope.site_id is None or not scope.manages_site(scope.site_id):
        raise PermissionDenied(_("Only office managers and site administrators add concepts."))
    errors: dict[str, str] = {}
    if kind not in {ConceptKind.OCCUPATION, ConceptKind.SKILL}:
        errors["kind"] = _("A local concept is an occupation or a skill.")
    if not label.strip():
        errors["label"] = _("Enter a name.")
    if broader is not None and broader.site_id not in {None, scope.site_id}:
        errors["broader"] = _("Unknown broader concept.")
    if isco_code and not (isco_code.isdigit() and len(isco_code) <= 4):
        errors["isco_code"] = _("An ISCO-08 code has one to four digits.")
    if errors:
        raise ValidationError(errors)
    slug = slugify(label)[:60] or "concept"
    uri = f"urn:decentwork:local:{scope.site_id}:{kind}:{slug}"
    if Concept.objects.filter(uri=uri).exists():
        raise ValidationError({"label": _("This site already has a concept with this name.")})
    concept = Concept.objects.create(uri=uri, kind=kind, origin=Origin.LOCAL,
                                     site_id=scope.site_id, isco_code=isco_code)
    Label.objects.create(concept=concept, language=language, kind=LabelKind.PREFERRED,
                         text=label.strip())
    if broader is not None:
        Broader.objects.create(narrower=concept, broader=broader)
    record(actor, "taxonomy.add_local_concept", concept)
    return concept
