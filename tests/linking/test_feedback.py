"""Counsellor feedback changes later rankings."""

from __future__ import annotations

import pytest

from decentwork.linking import ConceptLinker, Feedback
from tests.linking.taxonomy import demo_taxonomy


def test_confirmation_makes_an_unknown_local_title_link_to_its_concept() -> None:
    linker = ConceptLinker().fit(demo_taxonomy())
    local_title = "kerja di konveksi"  # Indonesian: "work in a garment workshop"
    before = [match.concept_id for match in linker.link([local_title], k=3)[0]]
    assert "sewing-machine-operator" not in before[:1]

    linker.add_feedback(local_title, "sewing-machine-operator", confirmed=True, language="id")

    best = linker.link([local_title], k=3)[0][0]
    assert best.concept_id == "sewing-machine-operator"
    assert best.evidence.label_kind == "local"
    # A close variant benefits too.
    assert linker.link(["Kerja di konveksi!"], k=1)[0][0].concept_id == "sewing-machine-operator"


def test_rejection_demotes_the_concept_for_that_text_only() -> None:
    linker = ConceptLinker().fit(demo_taxonomy())
    assert linker.link(["barman"], k=1)[0][0].concept_id == "bartender"

    linker.add_feedback("barman", "bartender", confirmed=False)

    assert linker.link(["barman"], k=1)[0][0].concept_id != "bartender"
    # Unrelated texts keep their answer.
    assert linker.link(["bartender"], k=1)[0][0].concept_id == "bartender"


def test_feedback_passed_to_fit_equals_feedback_added_later() -> None:
    verdicts = [
        Feedback("kerja di konveksi", "sewing-machine-operator", True, "id"),
        Feedback("barman", "bartender", False),
    ]
    at_fit = ConceptLinker().fit(demo_taxonomy(), feedback=verdicts)
    later = ConceptLinker().fit(demo_taxonomy())
    for verdict in verdicts:
        later.add_feedback(verdict.text, verdict.concept_id, verdict.confirmed, verdict.language)
    queries = ["kerja di konveksi", "barman", "tukang las"]
    assert at_fit.link(queries, k=4) == later.link(queries, k=4)


def test_feedback_on_an_unknown_concept_is_refused() -> None:
    linker = ConceptLinker().fit(demo_taxonomy())
    with pytest.raises(KeyError):
        linker.add_feedback("barman", "no-such-concept", confirmed=True)
