from __future__ import annotations

from decentwork.celery import app
from decentwork.taxonomy.link_index import build_index, forget_loaded_indexes


@app.task(name="taxonomy.refresh_linking_index")
def refresh_linking_index() -> int:
    """Rebuild the persisted linking index after the taxonomy changed; returns the
    number of concepts indexed. Web processes reload it on their next request."""
    linker = build_index()
    forget_loaded_indexes()
    return len(linker.concepts_)
