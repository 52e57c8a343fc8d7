"""Celery tasks of batch matching (ADR 0003, 0010).

Both are safe to deliver again: acknowledged late and rejected when their
worker dies, they may run twice, and the actions they call converge. An error
that is not a lost worker stops the run with the error recorded, so that an
operator sees it instead of a run that never ends.
"""

from __future__ import annotations

from decentwork.celery import app
from decentwork.recommendations import actions
from decentwork.recommendations.models import MatchingRun


@app.task(name=actions.PREPARE_RUN_TASK, ignore_result=True)
def prepare_run(run_id: int) -> None:
    """Store the run's region-wide inputs, then queue its chunks."""
    run = MatchingRun.objects.filter(pk=run_id).first()
    if run is None:
        return  # deleted since it was queued
    try:
        actions.prepare_matching_run(run)
    except Exception as exc:
        actions.fail_matching_run(run_id, f"preparation: {exc!r}")
        raise


@app.task(name=actions.MATCH_CHUNK_TASK, ignore_result=True)
def match_chunk(run_id: int, number: int) -> int:
    """Compute one chunk and replace its rows; returns the number of rows written."""
    run = MatchingRun.objects.filter(pk=run_id).first()
    if run is None:
        return 0
    try:
        return actions.complete_chunk(run, number)
    except Exception as exc:
        actions.fail_matching_run(run_id, f"chunk {number}: {exc!r}")
        raise
