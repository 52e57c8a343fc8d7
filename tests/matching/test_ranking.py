"""Known-answer rankings, explanations that add up, and exactness of the short list."""

from __future__ import annotations

import numpy as np
import pytest

from decentwork.matching import (
    MatchScorer,
    MatchWeights,
    OccupationLevel,
    RegionMatcher,
    ScoreComponent,
    SeekerRecord,
    VacancyRecord,
    seekers_from_records,
    vacancies_from_records,
)
from decentwork.matching.synthetic import make_market
from tests.matching.markets import (
    AS_OF,
    CARE_ISCO,
    CARE_SKILLS,
    N_SKILLS,
    SOFTWARE_SKILLS,
    checkerboard,
)


def test_checkerboard_each_seeker_gets_its_own_skill_block_first() -> None:
    seekers, vacancies = checkerboard()
    matcher = RegionMatcher(n_recommendations=4).fit(vacancies)
    rows = matcher.recommend_vacancies(seekers, AS_OF)
    for seeker_id, block in ((1, 100), (2, 100), (3, 200), (4, 200)):
        listed = rows.vacancy_ids[rows.seeker_ids == seeker_id]
        assert sorted(listed) == [block + 1, block + 2, block + 3, block + 4]


def test_checkerboard_full_coverage_ranks_above_partial() -> None:
    seekers, vacancies = checkerboard()
    rows = RegionMatcher(n_recommendations=8).fit(vacancies).recommend_vacancies(seekers, AS_OF)
    # Seeker 4 lacks software skill 11, which only vacancy 204 (skills 9, 10, 11) needs.
    seeker4 = rows.vacancy_ids[rows.seeker_ids == 4]
    assert seeker4[3] == 204
    assert list(rows.ranks[rows.seeker_ids == 4]) == list(range(1, 9))
    scores = rows.scores[rows.seeker_ids == 4]
    assert np.all(np.diff(scores) <= 0)


def test_occupational_proximity_orders_same_occupation_unit_minor_sub_major() -> None:
    skill = [0]
    vacancies = vacancies_from_records(
        [
            VacancyRecord(1, skill, occupation=7, isco_unit_group=2512),  # same occupation
            VacancyRecord(2, skill, occupation=8, isco_unit_group=2512),  # same unit group
            VacancyRecord(3, skill, occupation=9, isco_unit_group=2519),  # same minor group
            VacancyRecord(4, skill, occupation=10, isco_unit_group=2521),  # same sub-major
            VacancyRecord(5, skill, occupation=11, isco_unit_group=2611),  # same major only
        ],
        N_SKILLS,
    )
    seekers = seekers_from_records(
        [SeekerRecord(1, skill, occupation=7, isco_unit_group=2512)], N_SKILLS
    )
    rows = RegionMatcher(n_recommendations=5).fit(vacancies).recommend_vacancies(seekers, AS_OF)
    assert list(rows.vacancy_ids) == [1, 2, 3, 4, 5]
    assert len(set(rows.scores.round(12))) == 5


def test_experience_in_the_vacancy_group_raises_the_score() -> None:
    vacancies = vacancies_from_records([VacancyRecord(1, [0], isco_unit_group=CARE_ISCO)], N_SKILLS)
    seekers = seekers_from_records(
        [
            SeekerRecord(1, [0], experience_years={CARE_ISCO: 4.0}),
            SeekerRecord(2, [0], experience_years={CARE_ISCO - 1: 4.0}),  # same minor group
            SeekerRecord(3, [0]),
        ],
        N_SKILLS,
    )
    matcher = RegionMatcher().fit(vacancies)
    scores = [matcher.explain(seekers, s, 1, AS_OF).score for s in (1, 2, 3)]
    assert scores[0] > scores[1] > scores[2]


def test_nearer_on_site_vacancy_wins_when_all_else_is_equal() -> None:
    vacancies = vacancies_from_records(
        [
            VacancyRecord(1, [0], latitude=0.0, longitude=0.20),
            VacancyRecord(2, [0], latitude=0.0, longitude=0.05),
        ],
        N_SKILLS,
    )
    seekers = seekers_from_records([SeekerRecord(1, [0], commute_radius_km=50)], N_SKILLS)
    rows = RegionMatcher().fit(vacancies).recommend_vacancies(seekers, AS_OF)
    assert list(rows.vacancy_ids) == [2, 1]


def test_stated_preference_breaks_a_tie() -> None:
    vacancies = vacancies_from_records(
        [VacancyRecord(1, [0], isco_unit_group=4110), VacancyRecord(2, [0], isco_unit_group=5120)],
        N_SKILLS,
    )
    seekers = seekers_from_records([SeekerRecord(1, [0], preferred_unit_groups=[5120])], N_SKILLS)
    rows = RegionMatcher().fit(vacancies).recommend_vacancies(seekers, AS_OF)
    assert list(rows.vacancy_ids) == [2, 1]


def test_explanation_contributions_add_up_to_the_recommended_score() -> None:
    market = make_market(300, 800, random_state=3)
    matcher = RegionMatcher(n_recommendations=5).fit(market.vacancies)
    rows = matcher.recommend_vacancies(market.seekers.take(np.arange(40)), "2025-03-01")
    weights = MatchWeights().as_array()
    for seeker_id, vacancy_id, score in zip(
        rows.seeker_ids, rows.vacancy_ids, rows.scores, strict=True
    ):
        explanation = matcher.explain(market.seekers, int(seeker_id), int(vacancy_id), "2025-03-01")
        total = 0.0
        for component in ScoreComponent:
            total += explanation.contributions[component]
        assert total == explanation.score
        assert explanation.score == pytest.approx(score, abs=1e-12)
        components = np.array([explanation.components[c] for c in ScoreComponent])
        assert np.allclose(components * weights, list(explanation.contributions.values()))
        assert explanation.is_eligible


def test_explanation_lists_matched_and_missing_skills_with_training() -> None:
    vacancies = vacancies_from_records(
        [VacancyRecord(1, [0, 1, 2], optional_skills=[5, 6], isco_unit_group=CARE_ISCO)], N_SKILLS
    )
    seekers = seekers_from_records([SeekerRecord(1, [0, 2, 6, 9])], N_SKILLS)
    uris = np.array([f"http://data.europa.eu/esco/skill/s{i}" for i in range(N_SKILLS)])
    matcher = RegionMatcher(training_catalogue={1: [501, 502]}).fit(vacancies, uris)
    explanation = matcher.explain(seekers, 1, 1, AS_OF)
    assert [f.skill for f in explanation.matched_essential_skills] == [0, 2]
    assert [f.skill for f in explanation.matched_optional_skills] == [6]
    (missing,) = explanation.missing_essential_skills
    assert missing.skill == 1
    assert missing.uri == "http://data.europa.eu/esco/skill/s1"
    assert missing.training_ids == (501, 502)
    assert explanation.components[ScoreComponent.ESSENTIAL_SKILLS] == pytest.approx(2 / 3)
    assert explanation.components[ScoreComponent.OPTIONAL_SKILLS] == pytest.approx(1 / 2)
    assert explanation.occupation_level is OccupationLevel.UNRELATED


def test_weights_are_parameters() -> None:
    seekers, vacancies = checkerboard()
    only_distance = MatchScorer(MatchWeights(0, 0, 0, 0, 0, 1))
    rows = RegionMatcher(only_distance).fit(vacancies).recommend_vacancies(seekers, AS_OF, k=8)
    # Everyone lives on the same spot as every job: all scores equal, ties by id.
    assert np.all(rows.scores == 1.0)
    assert list(rows.vacancy_ids[rows.seeker_ids == 3]) == sorted(vacancies.vacancy_ids)


@pytest.mark.parametrize("random_state", [0, 1, 2])
def test_short_list_gives_the_same_top_k_as_scoring_every_vacancy(random_state: int) -> None:
    market = make_market(120, 3000, random_state=random_state)
    matcher = RegionMatcher(n_recommendations=20).fit(market.vacancies)
    rows = matcher.recommend_vacancies(market.seekers, "2025-03-01")
    ids = matcher.index_.vacancies.vacancy_ids
    for row, seeker_id in enumerate(market.seekers.seeker_ids):
        vacancy_rows, scores, exclusion = matcher.score_region(market.seekers, row, "2025-03-01")
        eligible = exclusion == 0
        order = np.lexsort((ids[vacancy_rows[eligible]], -scores[eligible]))[:20]
        expected = ids[vacancy_rows[eligible]][order]
        assert list(rows.vacancy_ids[rows.seeker_ids == seeker_id]) == list(expected)


def test_candidates_for_a_vacancy_rank_the_matching_block_first() -> None:
    seekers, vacancies = checkerboard()
    matcher = RegionMatcher(n_recommendations=2).fit(vacancies)
    assert set(matcher.recommend_candidates(seekers, 203, AS_OF).seeker_ids) == {3, 4}
    assert set(matcher.recommend_candidates(seekers, 102, AS_OF).seeker_ids) == {1, 2}


def test_unused_blocks_do_not_leak_between_checkerboard_halves() -> None:
    seekers, vacancies = checkerboard()
    matcher = RegionMatcher().fit(vacancies)
    explanation = matcher.explain(seekers, 1, 201, AS_OF)
    assert explanation.matched_essential_skills == ()
    assert {f.skill for f in explanation.missing_essential_skills} <= set(SOFTWARE_SKILLS)
    assert not set(CARE_SKILLS) & {f.skill for f in explanation.missing_essential_skills}
