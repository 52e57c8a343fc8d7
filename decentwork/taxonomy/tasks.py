from __future__ import annotations

from django.core.cache import cache

from decentwork.celery import app
from decentwork.taxonomy.link_index import REFRESH_TASK, build_index


@app.task(name=REFRESH_TASK)
def refresh_linking_index(claim: str = "") -> int:
    """Rebuild the persisted linking index after the taxonomy changed; returns the
    number of concepts indexed. Each web process notices the new index on its next
    link call and swaps it in from a background thread (``link_index``).

    ``claim`` is the cache key that kept web processes from queueing the same build
    twice; it is released once the index is built (a failed build keeps it until it
    expires, so that requests do not queue one failing build after another).
    """
    count = len(build_index().linker.concepts_)
    if claim:
        cache.delete(claim)
    return count
