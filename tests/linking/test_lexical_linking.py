"""Known answers of the lexical linker on the multilingual test taxonomy."""

from __future__ import annotations

import pytest

from decentwork.linking import ConceptLinker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我在工厂做缝纫工", "sewing-machine-operator"),
        ("缝纫机操作员", "sewing-machine-operator"),
        ("hemşire yardımcısı", "nurse-assistant"),
        ("Hemsire Yardimcisi (k/e)", "nurse-assistant"),
        ("verpleeghulp", "nurse-assistant"),
        ("Verpleeghulp (m/v)", "nurse-assistant"),
        ("ผู้ช่วยพยาบาล", "nurse-assistant"),
        ("مساعد ممرض", "nurse-assistant"),
        ("tukang las", "welder"),
        ("Lasser m/v", "welder"),
        ("ช่างเชื่อม", "welder"),
        ("barista", "barista"),
        ("咖啡师", "barista"),
        ("barmen", "bartender"),
        ("Garson", "waiter"),
        ("Sewing machinists", "sewing-machine-operator"),
    ],
)
def test_texts_link_to_the_right_occupation(
    lexical_linker: ConceptLinker, text: str, expected: str
) -> None:
    matches = lexical_linker.link([text], k=3)[0]
    assert matches[0].concept_id == expected


def test_evidence_names_the_matching_label_and_its_language(
    lexical_linker: ConceptLinker,
) -> None:
    best = lexical_linker.link(["verpleeghulp"], k=1)[0][0]
    assert best.evidence.label == "verpleeghulp"
    assert best.evidence.language == "nl"
    assert best.evidence.lexical_score == pytest.approx(1.0, abs=1e-5)
    assert best.evidence.dense_score is None


def test_scores_are_ranked_and_kind_filter_applies(lexical_linker: ConceptLinker) -> None:
    matches = lexical_linker.link(["care assistant"], k=10)[0]
    scores = [match.score for match in matches]
    assert scores == sorted(scores, reverse=True)
    assert {match.kind for match in matches} == {"occupation"}
    skills = lexical_linker.link(["coffee"], k=5, kind="skill")[0]
    assert skills[0].concept_id == "prepare-coffee"
    groups = lexical_linker.link(["welders"], k=5, kind="isco_group")[0]
    assert groups[0].concept_id == "isco:7212"


@pytest.mark.parametrize(
    "garbage",
    ["", "   \n\t ", "\x00\x01\x02\x1b[31m", "🙂🙂🙂🔥", "¡¿…—", "\u200b\u200f\ufeff"],
)
def test_texts_without_words_match_nothing(lexical_linker: ConceptLinker, garbage: str) -> None:
    assert lexical_linker.link([garbage], k=5) == [[]]


def test_huge_input_gives_a_ranking_without_error(lexical_linker: ConceptLinker) -> None:
    huge = ("welder " * 150_000)[:1_000_000]
    matches = lexical_linker.link([huge], k=3)[0]
    assert matches[0].concept_id == "welder"


def test_mixed_script_input_ranks_both_readings(lexical_linker: ConceptLinker) -> None:
    matches = lexical_linker.link(["焊工 welder 🙂 \x00"], k=3)[0]
    assert matches[0].concept_id == "welder"


def test_batch_results_do_not_depend_on_batch_size() -> None:
    from tests.linking.taxonomy import demo_taxonomy

    texts = ["tukang las", "", "barista", "我在工厂做缝纫工", "verpleeghulp"]
    one_by_one = ConceptLinker(batch_size=1).fit(demo_taxonomy()).link(texts, k=3)
    all_at_once = ConceptLinker(batch_size=64).fit(demo_taxonomy()).link(texts, k=3)
    assert one_by_one == all_at_once


def test_rank_labels_ranks_labels_by_their_own_evidence(lexical_linker: ConceptLinker) -> None:
    ranked = lexical_linker.rank_labels(["tukang las"], k=5)[0]
    best_concept = lexical_linker.label_concepts_[ranked.label_indices[0]]
    assert lexical_linker.concepts_[best_concept].id == "welder"
    assert lexical_linker.labels_[ranked.label_indices[0]].text == "tukang las"
    assert list(ranked.scores) == sorted(ranked.scores, reverse=True)


def test_rank_labels_can_keep_a_concepts_synonyms_together() -> None:
    from tests.linking.taxonomy import demo_taxonomy

    grouping = ConceptLinker(label_evidence_weight=0.2).fit(demo_taxonomy())
    ranked = grouping.rank_labels(["tukang las"], k=10)[0]
    welder = grouping.concept_index_["welder"]
    welder_labels = len(grouping.concepts_[welder].labels)
    assert set(grouping.label_concepts_[ranked.label_indices[:welder_labels]]) == {welder}
