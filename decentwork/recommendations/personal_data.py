"""The personal data of matching runs (see ``decentwork.personal_data``).

A person's recommendations are recomputed at every run and nothing counts them, so
they go. Each run also keeps a sealed copy of its seekers' table (skills, place,
consented groups and needs) that no lookup reaches: :func:`forget_seeker_in_runs`
takes the person's row out of every stored copy.
"""

from __future__ import annotations

import numpy as np

from decentwork.personal_data import (
    AnonymisedRows,
    Copies,
    Declaration,
    DeletedRows,
    Erasure,
    Subject,
)
from decentwork.recommendations.models import MatchingRun, RunChunk
from decentwork.recommendations.snapshots import seal_seekers, unseal_seekers


def forget_seeker_in_runs(seeker_id: int) -> int:
    """Rewrite every stored snapshot that holds the seeker without their row;
    returns how many were rewritten. Call it inside the erasing transaction.

    The runs are locked first, in id order, as every run action does before it
    touches chunks, so a chunk is never rewritten under a run's preparation.
    """
    holding = RunChunk.objects.filter(first_seeker_id__lte=seeker_id,
                                      last_seeker_id__gte=seeker_id)
    run_ids = sorted(set(holding.values_list("run_id", flat=True)))
    list(MatchingRun.objects.select_for_update().filter(pk__in=run_ids).order_by("pk")
         .values_list("pk", flat=True))
    rewritten = 0
    for chunk in holding.filter(seekers_sealed__isnull=False).select_for_update():
        assert chunk.seekers_sealed is not None
        table = unseal_seekers(chunk.seekers_sealed)
        others = np.flatnonzero(table.seeker_ids != seeker_id)
        if len(others) == len(table):
            continue
        chunk.seekers_sealed = seal_seekers(table.take(others))
        chunk.save(update_fields=["seekers_sealed"])
        rewritten += 1
    return rewritten


PERSONAL_DATA: list[Declaration] = [
    DeletedRows("recommendations.Recommendation", Subject.SEEKER, "seeker",
                fields=("run", "vacancy", "rank", "score", "ranking_score", "explanation")),
    DeletedRows("recommendations.NoCloseMatch", Subject.SEEKER, "seeker",
                fields=("run", "nearest_occupations")),
    Copies("recommendations.RunChunk", ("seekers_sealed",), forget_seeker_in_runs,
           why="The run's sealed copy of its seekers' table."),
    AnonymisedRows(
        "recommendations.MatchingRun", Subject.USER, "created_by",
        fields=dict.fromkeys((
            "region", "created_at", "as_of", "status", "parameters", "chunk_size",
            "prepared_at", "finished_at", "error"), Erasure.KEEP),
        why="Who started a run (staff); the run holds no one's data by name.",
    ),
]
