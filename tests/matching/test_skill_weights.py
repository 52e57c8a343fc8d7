"""Skills that count less than 1 (inferred from experience, not confirmed: ADR 0008).

An inferred skill counts its weight in skill coverage, on every path of the
engine alike: short lists, exhaustive scoring, explanations and candidate lists.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import scipy.sparse as sp

from decentwork.matching import (
    RegionMatcher,
    RelevanceFloor,
    ScoreComponent,
    SeekerRecord,
    SeekerTable,
    VacancyRecord,
    seekers_from_records,
    vacancies_from_records,
)
from decentwork.matching.synthetic import make_market
from tests.matching.markets import AS_OF, CARE_ISCO, N_SKILLS


def test_an_inferred_skill_counts_its_weight_in_coverage() -> None:
    vacancies = vacancies_from_records(
        [VacancyRecord(1, [0, 1], optional_skills=[2, 3], isco_unit_group=CARE_ISCO)], N_SKILLS)
    seekers = seekers_from_records([
        SeekerRecord(1, [0, 1, 2]),
        SeekerRecord(2, [0, 1, 2], skill_weights={1: 0.6, 2: 0.3}),
    ], N_SKILLS)
    matcher = RegionMatcher().fit(vacancies)
    confirmed, inferred = (matcher.explain(seekers, s, 1, AS_OF) for s in (1, 2))
    assert confirmed.components[ScoreComponent.ESSENTIAL_SKILLS] == 1.0
    assert inferred.components[ScoreComponent.ESSENTIAL_SKILLS] == pytest.approx(1.6 / 2)
    assert confirmed.components[ScoreComponent.OPTIONAL_SKILLS] == pytest.approx(1 / 2)
    assert inferred.components[ScoreComponent.OPTIONAL_SKILLS] == pytest.approx(0.3 / 2)
    # Held is held: the explanation lists the same skills for both.
    assert ([f.skill for f in inferred.matched_essential_skills]
            == [f.skill for f in confirmed.matched_essential_skills] == [0, 1])
    assert inferred.score < confirmed.score


def test_confirmed_ranks_above_inferred_among_candidates_otherwise_equal() -> None:
    vacancies = vacancies_from_records([VacancyRecord(1, [0, 1, 2])], N_SKILLS)
    # Seeker 2 (the lower id wins ties) holds the same skills, but only inferred.
    seekers = seekers_from_records([
        SeekerRecord(2, [0, 1, 2], skill_weights={0: 0.6, 1: 0.6, 2: 0.6}),
        SeekerRecord(3, [0, 1, 2]),
    ], N_SKILLS)
    rows = RegionMatcher().fit(vacancies).recommend_candidates(seekers, 1, AS_OF)
    assert list(rows.seeker_ids) == [3, 2]
    assert rows.scores[0] > rows.scores[1]


def test_an_inferred_essential_skill_makes_a_pair_relevant() -> None:
    vacancies = vacancies_from_records([VacancyRecord(1, [0], isco_unit_group=8344)], N_SKILLS)
    seekers = seekers_from_records(
        [SeekerRecord(1, [0], skill_weights={0: 0.3}, isco_unit_group=2512, occupation=5)],
        N_SKILLS)
    matcher = RegionMatcher(relevance=RelevanceFloor(min_score=0.05)).fit(vacancies)
    assert list(matcher.recommend_vacancies(seekers, AS_OF).vacancy_ids) == [1]
    assert matcher.explain(seekers, 1, 1, AS_OF).relevance_reasons == ()


def _with_inferred_skills(seekers: SeekerTable, random_state: int) -> SeekerTable:
    """A third of every profile's skills become inferred (0.6 or 0.3)."""
    rng = np.random.default_rng(random_state)
    skills = sp.csr_array(seekers.skills, copy=True)
    draw = rng.random(skills.nnz)
    skills.data = np.where(draw < 0.15, 0.3, np.where(draw < 0.33, 0.6, 1.0))
    return dataclasses.replace(seekers, skills=skills)


@pytest.mark.parametrize("random_state", [0, 1])
def test_short_list_with_inferred_skills_is_the_exhaustive_top_k(random_state: int) -> None:
    market = make_market(100, 2500, random_state=random_state)
    seekers = _with_inferred_skills(market.seekers, random_state)
    assert seekers.skill_shortfall.nnz > 0
    matcher = RegionMatcher(n_recommendations=15).fit(market.vacancies)
    rows = matcher.recommend_vacancies(seekers, "2025-03-01")
    ids = matcher.index_.vacancies.vacancy_ids
    changed = 0
    plain = matcher.recommend_vacancies(market.seekers, "2025-03-01")
    for row, seeker_id in enumerate(seekers.seeker_ids):
        vacancy_rows, scores, exclusion = matcher.score_region(seekers, row, "2025-03-01")
        eligible = exclusion == 0
        order = np.lexsort((ids[vacancy_rows[eligible]], -scores[eligible]))[:15]
        listed = rows.vacancy_ids[rows.seeker_ids == seeker_id]
        assert list(listed) == list(ids[vacancy_rows[eligible]][order])
        # The list's scores are the explanations' scores, to the bit.
        explained = matcher.explain_pairs(
            seekers, np.full(len(listed), seeker_id, np.int64), listed, "2025-03-01")
        assert [e.score for e in explained] == list(rows.scores[rows.seeker_ids == seeker_id])
        changed += list(listed) != list(plain.vacancy_ids[plain.seeker_ids == seeker_id])
    # The weights matter: some lists differ from the all-confirmed ones.
    assert changed > 0


def test_skill_weights_are_checked() -> None:
    (table,) = [seekers_from_records([SeekerRecord(1, [0, 1])], N_SKILLS)]
    with pytest.raises(ValueError, match="non-negative"):
        dataclasses.replace(table, skills=sp.csr_array(
            (np.array([1.0, -0.5]), np.array([0, 1]), np.array([0, 2])), shape=(1, N_SKILLS)))
    doubled = dataclasses.replace(table, skills=table.skills * 2)
    assert list(doubled.skills.data) == [1.0, 1.0]
    assert doubled.held_skills.nnz == 2 and doubled.skill_shortfall.nnz == 0
