"""Skills named inside longer texts, with offsets into the original."""

from __future__ import annotations

from decentwork.linking import ConceptLinker
from decentwork.linking.spans import candidate_spans


def test_skills_are_found_in_an_english_cv_paragraph(lexical_linker: ConceptLinker) -> None:
    text = (
        "For six years I operated industrial sewing machines in a garment factory. "
        "On weekends I prepare espresso coffee at a café."
    )
    mentions = lexical_linker.extract_skills(text)

    assert [mention.match.concept_id for mention in mentions] == [
        "operate-sewing-machines",
        "prepare-coffee",
    ]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    assert "sewing machines" in mentions[0].text
    assert "espresso coffee" in mentions[1].text


def test_skills_are_found_in_chinese_text_without_spaces(lexical_linker: ConceptLinker) -> None:
    text = "我在工厂使用缝纫机，也会冲咖啡。"
    mentions = lexical_linker.extract_skills(text, language="zh")
    found = {mention.match.concept_id: mention for mention in mentions}

    assert set(found) == {"operate-sewing-machines", "prepare-coffee"}
    assert text[found["prepare-coffee"].start : found["prepare-coffee"].end] == "冲咖啡"


def test_dutch_vacancy_text(lexical_linker: ConceptLinker) -> None:
    text = "Wij zoeken iemand die metaal kan lassen en koffie zetten voor de klanten."
    ids = {mention.match.concept_id for mention in lexical_linker.extract_skills(text)}
    assert ids == {"weld-metal", "prepare-coffee"}


def test_texts_without_skills_or_words_give_nothing(lexical_linker: ConceptLinker) -> None:
    assert lexical_linker.extract_skills("") == []
    assert lexical_linker.extract_skills("🙂 \x00\x01 ...") == []
    assert lexical_linker.extract_skills("The weather was lovely yesterday.") == []


def test_huge_text_is_bounded(lexical_linker: ConceptLinker) -> None:
    text = "I can weld metal parts. " + "x " * 500_000
    mentions = lexical_linker.extract_skills(text)
    assert [mention.match.concept_id for mention in mentions] == ["weld-metal"]


def test_candidate_spans_respect_clauses_and_offsets() -> None:
    text = "welding, sewing and ironing"
    spans = candidate_spans(text, max_words=3)
    assert {span.text for span in spans} == {"welding", "sewing", "ironing"}
    assert all(text[span.start : span.end] == span.text for span in spans)
