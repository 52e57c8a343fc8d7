"""Every write of batch matching (ADR 0010): start a run, prepare it, complete
its chunks, fail it. Views, the API, tasks, the CLI and the demo call these.

A run's life: ``start_matching_run`` plans chunks of consecutive seeker ids
(``pending``); ``prepare_matching_run`` stores the region-wide inputs once
(``running``); ``complete_chunk`` replaces one chunk's rows in one transaction,
and the chunk that finds every other chunk done marks the run ``done``. Each
step may be delivered twice, concurrently or after a crash, and converge.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Mapping
from functools import partial

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from decentwork import clock
from decentwork.accounts.models import User
from decentwork.accounts.scope import scope_of
from decentwork.audit.log import record
from decentwork.celery import app as celery_app
from decentwork.matching import SeekerTable
from decentwork.network.models import Region
from decentwork.recommendations.access import read_run_sensitive
from decentwork.recommendations.adapter import (
    SEEKER_GROUP_OF,
    active_seekers_of,
    load_region_market,
)
from decentwork.recommendations.batch import (
    RunMatchers,
    RunSettings,
    chunk_seeker_ids,
    fit_market_adjustment,
    recommend_chunk,
)
from decentwork.recommendations.inputs import chunk_seekers, run_matchers, run_settings
from decentwork.recommendations.models import (
    ACTIVE_RUN_STATUSES,
    MatchingRun,
    MatchingRunInputs,
    NoCloseMatch,
    Recommendation,
    RunChunk,
    RunStatus,
)
from decentwork.recommendations.snapshots import (
    VacancySnapshot,
    pack_vacancies,
    seal_seekers,
    unseal_seekers,
)
from decentwork.seekers.access import Sensitive
from decentwork.seekers.models import Consent, ConsentScope, JobSeeker

DEFAULT_CHUNK_SIZE = 500
# The tasks call these actions, so the actions queue them by name, not by import.
PREPARE_RUN_TASK = "recommendations.prepare_run"
MATCH_CHUNK_TASK = "recommendations.match_chunk"
MAX_CHUNK_SIZE = 20_000
# A queued or running run with no progress for this long is taken for lost by the next
# start in its region (a chunk takes seconds; a preparation minutes on the largest regions).
ABANDONED_AFTER = dt.timedelta(hours=6)


def can_start_matching(actor: User | None, region: Region) -> bool:
    """Office managers of the region and administrators of its site; ``None`` is
    the system itself (the command line, the demo loader)."""
    if actor is None:
        return True
    return scope_of(actor).manages_region(region.pk, region.site_id)


def start_matching_run(
    actor: User | None,
    region: Region,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    congestion: bool = True,
    fairness: bool = True,
    as_of: dt.date | None = None,
    dispatch: bool = True,
) -> MatchingRun:
    """Plan a run of the region's active seekers and (with ``dispatch``) queue it.

    Chunks are consecutive slices of the sorted seeker ids, so the same seekers
    always give the same chunks. Without ``dispatch`` the caller drives the run
    in-process (see :func:`run_matching_in_process`).
    """
    if not can_start_matching(actor, region):
        raise PermissionDenied(_("Only office managers of this region and administrators "
                                 "may start matching."))
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValidationError({"chunk_size": _("Choose between 1 and %(max)s job seekers "
                                               "per chunk.") % {"max": MAX_CHUNK_SIZE}})
    active = _active_run(region)
    if active is not None and not _fail_if_abandoned(active):
        raise MatchingRunInProgress(region, active)
    settings = RunSettings(as_of=as_of or timezone.localdate(), congestion=congestion,
                           fairness=fairness)
    slices = chunk_seeker_ids(list(active_seekers_of(region)), chunk_size)
    try:
        with transaction.atomic():
            # The constraint one_active_run_per_region stops a start that passed the
            # check above at the same moment as another one.
            run = MatchingRun.objects.create(
                region=region, created_by=actor, as_of=settings.as_of, chunk_size=chunk_size,
                parameters={"settings": settings.to_json()})
            RunChunk.objects.bulk_create([
                RunChunk(run=run, number=number, seeker_ids=ids, first_seeker_id=ids[0],
                         last_seeker_id=ids[-1])
                for number, ids in enumerate(slices)
            ])
            record(actor, "matching.start_run", run, chunks=len(slices),
                   seekers=sum(len(ids) for ids in slices))
            if dispatch:
                # After commit: a worker must find the run it is asked to prepare.
                transaction.on_commit(partial(_queue, PREPARE_RUN_TASK, run.pk))
    except IntegrityError:
        winner = _active_run(region)
        if winner is None:
            raise
        raise MatchingRunInProgress(region, winner) from None
    return run


class MatchingRunInProgress(ValidationError):  # noqa: N818 - the name callers catch
    """A run of the region is queued or running: one at a time (the API answers 409)."""

    def __init__(self, region: Region, run: MatchingRun) -> None:
        self.run_id = run.pk
        started = formats.date_format(timezone.localtime(run.created_at), "DATETIME_FORMAT")
        super().__init__({"region": _(
            "Matching is already queued or running for %(region)s (run %(run)s, started "
            "%(started)s). Start again once it has finished.") % {
                "region": region.name, "run": run.pk, "started": started}})


def _active_run(region: Region) -> MatchingRun | None:
    return (MatchingRun.objects.filter(region=region, status__in=ACTIVE_RUN_STATUSES)
            .order_by("-id").first())


def _fail_if_abandoned(run: MatchingRun) -> bool:
    """Fail a queued or running run that shows no sign of life for ``ABANDONED_AFTER``
    (its messages were lost with the broker, or its process was killed) so that it
    does not block its region for ever; whether it was."""
    last_chunk = RunChunk.objects.filter(run=run).aggregate(last=Max("done_at"))["last"]
    alive = max(moment for moment in (run.created_at, run.prepared_at, last_chunk)
                if moment is not None)
    if clock.now() - alive < ABANDONED_AFTER:
        return False
    fail_matching_run(run.pk, f"abandoned: no progress since {alive.isoformat()}")
    return True


def prepare_matching_run(run: MatchingRun, *, dispatch: bool = True) -> None:
    """Store the run's region-wide inputs once, then (with ``dispatch``) queue
    every chunk not yet done.

    Safe to repeat: a second delivery finds the inputs stored and only queues
    the remaining chunks again (a chunk queued twice is done twice, harmlessly).
    """
    run = MatchingRun.objects.select_related("region", "created_by").get(pk=run.pk)
    if run.status in {RunStatus.DONE, RunStatus.FAILED}:
        return
    if run.prepared_at is None:
        _prepare(run)
    if dispatch:
        for number in (RunChunk.objects.filter(run=run, done_at__isnull=True)
                       .order_by("number").values_list("number", flat=True)):
            _queue(MATCH_CHUNK_TASK, run.pk, number)


def _queue(task_name: str, *args: int) -> None:
    """Queue a task of ``tasks.py`` (run at once where jobs are in-process)."""
    celery_app.signature(task_name, args=args).delay()


def _prepare(run: MatchingRun) -> None:
    settings = run_settings(run)
    planned = dict(RunChunk.objects.filter(run=run).values_list("number", "seeker_ids"))
    planned_ids = {seeker_id for ids in planned.values() for seeker_id in ids}
    sensitive = {seeker_id: read for seeker_id, read in
                 read_run_sensitive(run, target_groups=settings.fairness).items()
                 if seeker_id in planned_ids}
    market = load_region_market(run.region, settings.as_of, seeker_ids=planned_ids,
                                sensitive=sensitive)
    matchers = RunMatchers(VacancySnapshot(market.vacancies, market.skill_uris, None), settings)
    fit = fit_market_adjustment(matchers, market.seekers)
    vacancies = pack_vacancies(VacancySnapshot(market.vacancies, market.skill_uris,
                                               fit.adjustment))
    tables, sealed = {}, {}
    for number, ids in planned.items():
        rows = np.flatnonzero(np.isin(market.seekers.seeker_ids, ids))
        tables[number] = market.seekers.take(rows)
        sealed[number] = seal_seekers(tables[number])
    with transaction.atomic():
        locked = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if locked.prepared_at is not None:
            return  # another delivery of this task stored the inputs first
        MatchingRunInputs.objects.create(run=locked, vacancies=vacancies)
        chunks = list(RunChunk.objects.filter(run=locked).only("pk", "number"))
        # A consent withdrawn since the groups and needs were read found no
        # snapshot to clean (forget_withdrawn_consent waits on this run's lock):
        # drop what it covered here.
        withdrawn = _no_longer_consented(sensitive)
        for chunk in chunks:
            kept = _without(tables[chunk.number], withdrawn) if withdrawn else None
            chunk.seekers_sealed = sealed[chunk.number] if kept is None else seal_seekers(kept)
        RunChunk.objects.bulk_update(chunks, ["seekers_sealed"], batch_size=50)
        locked.status = RunStatus.RUNNING
        locked.prepared_at = timezone.now()
        locked.parameters = {**locked.parameters, "market": fit.facts,
                             "seekers": len(market.seekers),
                             "vacancies": len(market.vacancies),
                             "skills": len(market.skill_uris)}
        locked.save(update_fields=["status", "prepared_at", "parameters"])
        record(run.created_by, "matching.prepare_run", locked, seekers=len(market.seekers),
               vacancies=len(market.vacancies))
        _finish_if_complete(locked)


def complete_chunk(run: MatchingRun, number: int) -> int:
    """Compute one chunk and replace its rows; returns the number of rows.

    The engine work happens outside the transaction; the write is one
    transaction that deletes whatever this chunk wrote before (a redelivered or
    concurrent copy) and inserts the new rows, so the rows never duplicate.
    """
    run = MatchingRun.objects.get(pk=run.pk)
    if run.status == RunStatus.FAILED:
        return 0
    chunk = RunChunk.objects.get(run=run, number=number)
    matchers, adjustment = run_matchers(run)
    result = recommend_chunk(matchers, chunk_seekers(chunk), adjustment)
    rows = result.rows
    with transaction.atomic():
        # Serialises the chunks of one run at their (short) write, so that
        # exactly one of them sees all the others done and finishes the run.
        locked = MatchingRun.objects.select_for_update().get(pk=run.pk)
        in_chunk = {"seeker_id__gte": chunk.first_seeker_id,
                    "seeker_id__lte": chunk.last_seeker_id}
        Recommendation.objects.filter(run=locked, **in_chunk).delete()
        NoCloseMatch.objects.filter(run=locked, **in_chunk).delete()
        Recommendation.objects.bulk_create([
            Recommendation(run=locked, seeker_id=seeker_id, vacancy_id=vacancy_id, rank=rank,
                           score=score, ranking_score=ranking_score, explanation=explanation)
            for seeker_id, vacancy_id, rank, score, ranking_score, explanation in zip(
                rows.seeker_ids.tolist(), rows.vacancy_ids.tolist(), rows.ranks.tolist(),
                rows.scores.tolist(), rows.ranking_scores.tolist(), result.explanations,
                strict=True)
        ], batch_size=1000)
        NoCloseMatch.objects.bulk_create([
            NoCloseMatch(run=locked, seeker_id=seeker_id, nearest_occupations=nearest)
            for seeker_id, nearest in sorted(result.without_close_match.items())
        ], batch_size=1000)
        RunChunk.objects.filter(pk=chunk.pk).update(done_at=timezone.now())
        record(None, "matching.complete_chunk", locked, chunk=number, recommendations=len(rows),
               without_close_match=len(result.without_close_match))
        _finish_if_complete(locked)
    return len(rows)


def _finish_if_complete(run: MatchingRun) -> None:
    """Mark the run done when no chunk is left (idempotent); call under the run's lock."""
    if run.status == RunStatus.DONE or RunChunk.objects.filter(
            run=run, done_at__isnull=True).exists():
        return
    run.status = RunStatus.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    # Earlier runs of the region are superseded: their rows and their sealed
    # inputs (sensitive) are dropped; the run records stay as the history.
    superseded = MatchingRun.objects.filter(region_id=run.region_id, pk__lt=run.pk,
                                            status__in=[RunStatus.DONE, RunStatus.FAILED])
    Recommendation.objects.filter(run__in=superseded).delete()
    NoCloseMatch.objects.filter(run__in=superseded).delete()
    MatchingRunInputs.objects.filter(run__in=superseded).delete()
    RunChunk.objects.filter(run__in=superseded, seekers_sealed__isnull=False).update(
        seekers_sealed=None)
    record(run.created_by, "matching.finish_run", run,
           recommendations=Recommendation.objects.filter(run=run).count())


def fail_matching_run(run_id: int, error: str) -> None:
    """Record why a run stopped; a finished run stays finished."""
    with transaction.atomic():
        updated = MatchingRun.objects.filter(pk=run_id).exclude(status=RunStatus.DONE).update(
            status=RunStatus.FAILED, error=error[:2000], finished_at=timezone.now())
        if updated:
            record(None, "matching.fail_run", MatchingRun.objects.get(pk=run_id),
                   error=error[:200])


def run_matching_in_process(
    actor: User | None,
    region: Region,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    congestion: bool = True,
    fairness: bool = True,
    as_of: dt.date | None = None,
    on_chunk_done: Callable[[int, int], None] | None = None,
) -> MatchingRun:
    """Start, prepare and complete a run in this process, chunk after chunk
    (the embedded default, the demo, and the command's progress bar). An error stops
    the run with the error recorded, as a worker's would, so that the region is free
    for the next start."""
    run = start_matching_run(actor, region, chunk_size=chunk_size, congestion=congestion,
                             fairness=fairness, as_of=as_of, dispatch=False)
    try:
        prepare_matching_run(run, dispatch=False)
        numbers = list(RunChunk.objects.filter(run=run).order_by("number")
                       .values_list("number", flat=True))
        for done, number in enumerate(numbers, start=1):
            complete_chunk(run, number)
            if on_chunk_done is not None:
                on_chunk_done(done, len(numbers))
    except BaseException as error:  # a Ctrl-C on the command stops the run too
        fail_matching_run(run.pk, f"in process: {error!r}")
        raise
    run.refresh_from_db()
    return run


def forget_withdrawn_consent(seeker_id: int, scope: str) -> int:
    """Take a withdrawn target group, or the accommodation needs whose use for
    matching was withdrawn, out of every stored run that holds the seeker; returns
    how many sealed snapshots were rewritten.

    Called when the consent is withdrawn, inside that transaction, so that no
    stored run keeps the attribute once the withdrawal is committed. Recommendation
    rows hold no group, and the runs' fitted reservations are counts per group,
    not people. Being proposed to employers needs nothing here: candidates are
    filtered by the live consent whenever they are read (``candidates_for_vacancy``).
    """
    if scope not in SEEKER_GROUP_OF and scope != ConsentScope.ACCOMMODATION_MATCHING:
        return 0
    with transaction.atomic():
        holding = RunChunk.objects.filter(first_seeker_id__lte=seeker_id,
                                          last_seeker_id__gte=seeker_id)
        run_ids = sorted(set(holding.values_list("run_id", flat=True)))
        # Runs first, in id order (as every run action takes its run's lock
        # before touching chunks): a run being prepared either finishes sealing
        # first and is cleaned below, or waits and sees the consent withdrawn.
        list(MatchingRun.objects.select_for_update().filter(pk__in=run_ids).order_by("pk")
             .values_list("pk", flat=True))
        rewritten = 0
        for chunk in holding.filter(seekers_sealed__isnull=False).select_for_update():
            assert chunk.seekers_sealed is not None
            kept = _without(unseal_seekers(chunk.seekers_sealed), {seeker_id: {scope}})
            if kept is not None:
                chunk.seekers_sealed = seal_seekers(kept)
                chunk.save(update_fields=["seekers_sealed"])
                rewritten += 1
        record(None, "recommendations.forget_withdrawn_consent",
               JobSeeker.objects.only("pk").get(pk=seeker_id), scope=scope,
               snapshots=rewritten)
    return rewritten


def _no_longer_consented(read: Mapping[int, Sensitive]) -> dict[int, set[str]]:
    """Of the groups and needs read for a run, the consent scopes (a group, or
    ``accommodation_matching``) withdrawn since."""
    if not read:
        return {}
    active = set(Consent.objects.filter(seeker_id__in=list(read), withdrawn_at__isnull=True)
                 .values_list("seeker_id", "scope"))
    withdrawn: dict[int, set[str]] = {}
    for seeker_id, sensitive in read.items():
        used = {*sensitive.target_groups, *([ConsentScope.ACCOMMODATION_MATCHING.value]
                                            if sensitive.accommodation_needs else [])}
        gone = {scope for scope in used if (seeker_id, scope) not in active}
        if gone:
            withdrawn[seeker_id] = gone
    return withdrawn


def _without(seekers: SeekerTable, drop: Mapping[int, Collection[str]]) -> SeekerTable | None:
    """The table without what these consent scopes covered (a group; the needs for
    ``accommodation_matching``), or ``None`` if nothing changes."""
    groups = seekers.groups.copy()
    needs = seekers.accommodations_required.copy()
    for row, seeker_id in enumerate(seekers.seeker_ids.tolist()):
        for scope in drop.get(seeker_id, ()):
            if scope in SEEKER_GROUP_OF:
                groups[row] &= ~int(SEEKER_GROUP_OF[scope])
            elif scope == ConsentScope.ACCOMMODATION_MATCHING:
                needs[row] = 0
    if np.array_equal(groups, seekers.groups) and np.array_equal(
            needs, seekers.accommodations_required):
        return None
    return dataclasses.replace(seekers, groups=groups, accommodations_required=needs)
