from __future__ import annotations

import pytest

from decentwork.linking import ConceptLinker
from tests.linking.taxonomy import demo_taxonomy


@pytest.fixture(scope="module")
def lexical_linker() -> ConceptLinker:
    return ConceptLinker().fit(demo_taxonomy())
