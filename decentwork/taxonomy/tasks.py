from __future__ import annotations

from decentwork.celery import app
from decentwork.taxonomy.link_index import REFRESH_TASK, build_index


@app.task(name=REFRESH_TASK)
def refresh_linking_index() -> int:
    """Rebuild the persisted linking index after the taxonomy changed; returns the
    number of concepts indexed. Each web process notices the new index on its next
    link call and swaps it in from a background thread (``link_index``)."""
    return len(build_index().linker.concepts_)
