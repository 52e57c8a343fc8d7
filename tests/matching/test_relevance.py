"""Occupational sense and the relevance floor, on hand-built markets with known answers.

ISCO codes used: 2643 translators, interpreters and other linguists; 2642
journalists (same minor group 264); 2611 lawyers (same sub-major group 26);
2512 software developers and 8344 lifting-truck operators (unrelated).
"""

from __future__ import annotations

import numpy as np
import pytest

from decentwork.matching import (
    OccupationLevel,
    RegionMatcher,
    RelevanceFloor,
    RelevanceReason,
    SeekerRecord,
    VacancyRecord,
    seekers_from_records,
    vacancies_from_records,
)
from decentwork.matching.synthetic import make_market
from tests.matching.markets import AS_OF, N_SKILLS

INTERPRETER, TRANSLATOR, JOURNALIST, LAWYER, DEVELOPER, FORKLIFT = 1, 2, 3, 4, 5, 6
ISCO = {INTERPRETER: 2643, TRANSLATOR: 2643, JOURNALIST: 2642, LAWYER: 2611,
        DEVELOPER: 2512, FORKLIFT: 8344}
FLOOR = RelevanceFloor(min_score=0.2)


def job(vacancy_id: int, occupation: int, essential: list[int], **fields: object
        ) -> VacancyRecord:
    return VacancyRecord(vacancy_id, essential, occupation=occupation,
                         isco_unit_group=ISCO[occupation], **fields)  # type: ignore[arg-type]


def test_a_past_occupation_counts_as_the_same_occupation() -> None:
    # The seeker targets journalism but has worked as an interpreter for 18 years.
    seekers = seekers_from_records([SeekerRecord(
        1, [], occupation=JOURNALIST, isco_unit_group=2642,
        experience_years={2643: 18.0}, past_occupations=[INTERPRETER])], N_SKILLS)
    vacancies = vacancies_from_records(
        [job(10, INTERPRETER, [0]), job(11, TRANSLATOR, [0]), job(12, DEVELOPER, [0])], N_SKILLS)
    matcher = RegionMatcher().fit(vacancies)
    levels = [matcher.explain(seekers, 1, v, AS_OF).occupation_level for v in (10, 11, 12)]
    assert levels == [OccupationLevel.SAME_OCCUPATION, OccupationLevel.SAME_UNIT_GROUP,
                      OccupationLevel.UNRELATED]


def test_a_past_occupation_outside_the_experience_groups_is_not_the_same_occupation() -> None:
    # Inconsistent input (the occupation's unit group is missing from the experience):
    # the index's exact short lists rely on a same-occupation vacancy lying in one of
    # the seeker's groups, so the claim is not believed.
    seekers = seekers_from_records(
        [SeekerRecord(1, [], past_occupations=[DEVELOPER])], N_SKILLS)
    matcher = RegionMatcher().fit(vacancies_from_records([job(10, DEVELOPER, [0])], N_SKILLS))
    assert matcher.explain(seekers, 1, 10, AS_OF).occupation_level == OccupationLevel.UNRELATED


def test_with_equal_skills_the_closer_occupation_ranks_first() -> None:
    """Same skills held (none of the vacancies' own), same place, same conditions:
    only occupational proximity to the seeker's past work separates the vacancies."""
    seekers = seekers_from_records([SeekerRecord(
        1, [0], occupation=INTERPRETER, isco_unit_group=2643,
        experience_years={2643: 18.0}, past_occupations=[INTERPRETER])], N_SKILLS)
    vacancies = vacancies_from_records([
        job(15, FORKLIFT, [0, 1]), job(14, LAWYER, [0, 1]), job(13, JOURNALIST, [0, 1]),
        job(12, TRANSLATOR, [0, 1]), job(11, INTERPRETER, [0, 1]),
    ], N_SKILLS)
    rows = RegionMatcher().fit(vacancies).recommend_vacancies(seekers, AS_OF)
    assert list(rows.vacancy_ids) == [11, 12, 13, 14, 15]
    assert np.all(np.diff(rows.scores) < 0)


def test_unrelated_vacancies_are_not_shown_and_an_empty_list_is_honest() -> None:
    """The interpreter holds none of the skills of a developer, forklift or lawyer
    vacancy: without the floor they fill the list, with it the list is empty."""
    seekers = seekers_from_records([SeekerRecord(
        1, [0, 1], occupation=INTERPRETER, isco_unit_group=2643,
        experience_years={2643: 18.0}, past_occupations=[INTERPRETER])], N_SKILLS)
    vacancies = vacancies_from_records(
        [job(20, DEVELOPER, [6, 7]), job(21, FORKLIFT, [8]), job(22, LAWYER, [9, 10])], N_SKILLS)
    assert len(RegionMatcher().fit(vacancies).recommend_vacancies(seekers, AS_OF)) == 3
    floored = RegionMatcher(relevance=FLOOR).fit(vacancies)
    assert len(floored.recommend_vacancies(seekers, AS_OF)) == 0
    explanation = floored.explain(seekers, 1, 20, AS_OF)
    assert explanation.is_eligible
    assert explanation.relevance_reasons == (RelevanceReason.UNRELATED,
                                             RelevanceReason.BELOW_MINIMUM_SCORE)
    report = floored.why_not(seekers, 1, 22, AS_OF)
    assert report.reasons == [] and not report.shown
    assert RelevanceReason.UNRELATED in report.relevance_reasons


def test_an_essential_skill_or_the_same_minor_group_makes_a_vacancy_relevant() -> None:
    seekers = seekers_from_records([SeekerRecord(
        1, [0, 1, 2], occupation=INTERPRETER, isco_unit_group=2643,
        experience_years={2643: 6.0})], N_SKILLS)
    vacancies = vacancies_from_records([
        job(30, DEVELOPER, [0, 1, 2]),  # every essential skill held, another field
        job(31, JOURNALIST, [9, 10]),  # no skill held, same minor group, 6 years in it
        job(32, LAWYER, [9], optional_skills=[0, 1]),  # optional skills only, sub-major group
        job(33, FORKLIFT, [8]),  # nothing in common
    ], N_SKILLS)
    matcher = RegionMatcher(relevance=FLOOR).fit(vacancies)
    rows = matcher.recommend_vacancies(seekers, AS_OF)
    assert set(rows.vacancy_ids) == {30, 31}
    for vacancy_id in (32, 33):
        assert RelevanceReason.UNRELATED in matcher.explain(
            seekers, 1, vacancy_id, AS_OF).relevance_reasons


def test_the_minimum_score_leaves_out_a_pair_with_thin_evidence() -> None:
    """One essential skill out of ten, far away and unrelated: evidence, but too
    little; the same vacancy passes when the minimum is lowered under its score."""
    seekers = seekers_from_records([SeekerRecord(1, [0], commute_radius_km=60)], N_SKILLS)
    vacancy = job(40, FORKLIFT, list(range(10)), latitude=0.0, longitude=0.4)
    score = RegionMatcher().fit(vacancies_from_records([vacancy], N_SKILLS)).explain(
        seekers, 1, 40, AS_OF).score
    assert score < FLOOR.min_score
    strict = RegionMatcher(relevance=FLOOR).fit(vacancies_from_records([vacancy], N_SKILLS))
    assert strict.explain(seekers, 1, 40, AS_OF).relevance_reasons == (
        RelevanceReason.BELOW_MINIMUM_SCORE,)
    assert len(strict.recommend_vacancies(seekers, AS_OF)) == 0
    lenient = RegionMatcher(relevance=RelevanceFloor(min_score=score)).fit(
        vacancies_from_records([vacancy], N_SKILLS))
    assert list(lenient.recommend_vacancies(seekers, AS_OF).vacancy_ids) == [40]


def test_employers_are_proposed_only_relevant_candidates() -> None:
    seekers = seekers_from_records([
        SeekerRecord(1, [6, 7]),  # a developer's skills
        SeekerRecord(2, [0, 1], occupation=INTERPRETER, isco_unit_group=2643),
    ], N_SKILLS)
    matcher = RegionMatcher(relevance=FLOOR).fit(
        vacancies_from_records([job(50, DEVELOPER, [6, 7])], N_SKILLS))
    assert list(matcher.recommend_candidates(seekers, 50, AS_OF).seeker_ids) == [1]


@pytest.mark.parametrize("random_state", [0, 1])
def test_short_lists_with_a_floor_equal_filtering_every_scored_vacancy(random_state: int) -> None:
    market = make_market(120, 3000, random_state=random_state)
    matcher = RegionMatcher(n_recommendations=20, relevance=FLOOR).fit(market.vacancies)
    rows = matcher.recommend_vacancies(market.seekers, AS_OF)
    ids = matcher.index_.vacancies.vacancy_ids
    shorter = 0
    # Explaining every eligible pair is slow: the first 30 seekers are checked.
    for row, seeker_id in enumerate(market.seekers.seeker_ids[:30]):
        vacancy_rows, scores, exclusion = matcher.score_region(market.seekers, row, AS_OF)
        eligible_ids = ids[vacancy_rows[exclusion == 0]]
        explanations = matcher.explain_pairs(
            market.seekers, np.full(len(eligible_ids), seeker_id), eligible_ids, AS_OF)
        relevant = np.array([not e.relevance_reasons for e in explanations], dtype=np.bool_)
        kept_scores = scores[exclusion == 0][relevant]
        order = np.lexsort((eligible_ids[relevant], -kept_scores))[:20]
        expected = eligible_ids[relevant][order]
        assert list(rows.vacancy_ids[rows.seeker_ids == seeker_id]) == list(expected)
        shorter += len(expected) < 20
    assert shorter > 0  # the floor did leave some lists short


def test_nearest_occupations_rank_by_closeness_and_say_how_many_are_open() -> None:
    """Nothing is relevant for the interpreter, who needs step-free access: the
    nearest occupations are journalism (same minor group, though the one vacancy
    offering access is the farther one), then law (sub-major group); the
    developer and forklift jobs share nothing and are never suggested."""
    seekers = seekers_from_records([SeekerRecord(
        1, [0], occupation=INTERPRETER, isco_unit_group=2643,
        accommodations_required=["step_free_access"])], N_SKILLS)
    step_free = ["step_free_access"]
    vacancies = vacancies_from_records([
        job(60, JOURNALIST, [9, 10]),  # not accessible
        job(61, JOURNALIST, [9, 10], accommodations_offered=step_free, longitude=0.05),
        job(62, LAWYER, [11], accommodations_offered=step_free),
        job(63, LAWYER, [11], accommodations_offered=step_free),
        job(64, DEVELOPER, [6], accommodations_offered=step_free),
        job(65, FORKLIFT, [8], accommodations_offered=step_free),
    ], N_SKILLS)
    matcher = RegionMatcher(relevance=RelevanceFloor(min_score=0.5)).fit(vacancies)
    assert len(matcher.recommend_vacancies(seekers, AS_OF)) == 0
    suggestions = matcher.nearest_occupations(seekers, AS_OF, n=3)
    assert list(suggestions.occupations) == [JOURNALIST, LAWYER]
    assert list(suggestions.ranks) == [1, 2]
    assert list(suggestions.vacancy_ids) == [61, 62]  # the accessible one, then the smaller id
    assert list(suggestions.open_vacancies) == [2, 2]
    assert suggestions.nearness[0] > suggestions.nearness[1] > 0
    assert len(matcher.nearest_occupations(seekers, AS_OF, n=1)) == 1
