"""Reading a prepared run's stored inputs back into engine objects.

A run's inputs never change once written, so a worker keeps the last run's
fitted matchers: the chunks of one run that land on the same process share them.
The key includes the preparation time, not only the id: a database that was
re-created (or a rolled-back test) can give a new run an old run's id.
"""

from __future__ import annotations

import threading

from decentwork.matching import MarketAdjustment, SeekerTable
from decentwork.recommendations.batch import RunMatchers, RunSettings
from decentwork.recommendations.models import MatchingRun, MatchingRunInputs, RunChunk
from decentwork.recommendations.snapshots import unpack_vacancies, unseal_seekers

_lock = threading.Lock()
_last: tuple[tuple[int, object], RunMatchers, MarketAdjustment | None] | None = None


class RunNotPreparedError(Exception):
    """The run's region-wide inputs are not stored yet."""


def run_settings(run: MatchingRun) -> RunSettings:
    return RunSettings.from_json(run.parameters["settings"])


def run_matchers(run: MatchingRun) -> tuple[RunMatchers, MarketAdjustment | None]:
    """The run's fitted matchers and its market adjustment (congestion prices, reservations)."""
    global _last
    if run.prepared_at is None:
        raise RunNotPreparedError(f"run {run.pk} is not prepared")
    key = (run.pk, run.prepared_at)
    with _lock:
        if _last is not None and _last[0] == key:
            return _last[1], _last[2]
    try:
        stored = MatchingRunInputs.objects.get(run_id=run.pk).vacancies
    except MatchingRunInputs.DoesNotExist:
        raise RunNotPreparedError(f"run {run.pk} is not prepared") from None
    snapshot = unpack_vacancies(stored)
    matchers = RunMatchers(snapshot, run_settings(run))
    with _lock:
        _last = (key, matchers, snapshot.adjustment)
    return matchers, snapshot.adjustment


def chunk_seekers(chunk: RunChunk) -> SeekerTable:
    if chunk.seekers_sealed is None:
        raise RunNotPreparedError(f"chunk {chunk.number} of run {chunk.run_id} is not prepared")
    return unseal_seekers(chunk.seekers_sealed)
