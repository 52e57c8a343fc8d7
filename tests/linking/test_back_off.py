"""When no occupation is confident, the ISCO group is named with a confidence."""

from __future__ import annotations

from decentwork.linking import ConceptLinker
from tests.linking.taxonomy import demo_taxonomy


def test_ambiguous_text_backs_off_to_the_shared_group() -> None:
    # "care assistant" fits the ward (5321) and the home (5322) occupation about equally.
    linker = ConceptLinker(confidence_temperature=0.1, confidence_threshold=0.7)
    linker.fit(demo_taxonomy())
    outcome = linker.link_with_back_off(["care assistant"], k=3)[0]

    assert not outcome.confident
    assert outcome.top_confidence < 0.7
    assert {match.concept_id for match in outcome.matches[:2]} == {
        "hospital-care-assistant",
        "home-care-aide",
    }
    assert outcome.group is not None
    assert outcome.group.isco_code == "532"
    assert outcome.group.label == "personal care workers in health services"
    assert outcome.group.confidence >= 0.7


def test_clear_text_is_confident_and_names_its_unit_group() -> None:
    linker = ConceptLinker().fit(demo_taxonomy())
    outcome = linker.link_with_back_off(["tukang las"], k=3)[0]

    assert outcome.confident
    assert outcome.matches[0].concept_id == "welder"
    assert outcome.group is not None
    assert outcome.group.isco_code == "7212"


def test_group_confidence_is_a_probability_summed_over_occupations() -> None:
    linker = ConceptLinker().fit(demo_taxonomy())
    outcome = linker.link_with_back_off(["care assistant"], k=10)[0]
    assert outcome.group is not None
    assert 0.0 < outcome.group.confidence <= 1.0 + 1e-6
    assert outcome.group.confidence >= outcome.top_confidence


def test_text_without_words_has_no_group() -> None:
    linker = ConceptLinker().fit(demo_taxonomy())
    outcome = linker.link_with_back_off(["🙂"], k=3)[0]
    assert outcome.matches == ()
    assert outcome.group is None
    assert not outcome.confident
