"""What already happened: a pair the seeker table excludes (an open or refused
application) is never recommended and is explained; open applications count in a
vacancy's congestion price."""

from __future__ import annotations

import numpy as np

from decentwork.matching import (
    ExclusionReason,
    RegionMatcher,
    SeekerRecord,
    VacancyRecord,
    seekers_from_records,
    vacancies_from_records,
)
from decentwork.matching.congestion import CongestionAwareReranker
from decentwork.matching.eligibility import excluded_pairs
from tests.matching.markets import AS_OF, CARE_ISCO, CARE_SKILLS, N_SKILLS, checkerboard


def _lists(matcher: RegionMatcher, seekers: object, **kwargs: object) -> dict[int, list[int]]:
    rows = matcher.recommend_vacancies(seekers, AS_OF, **kwargs)  # type: ignore[arg-type]
    lists: dict[int, list[int]] = {}
    for seeker_id, vacancy_id in zip(rows.seeker_ids.tolist(), rows.vacancy_ids.tolist(),
                                     strict=True):
        lists.setdefault(seeker_id, []).append(vacancy_id)
    return lists


def _checkerboard_excluding(excluded: dict[int, list[int]]) -> object:
    """The checkerboard's seekers, with some of their pairs excluded."""
    plain, _ = checkerboard()
    records = [SeekerRecord(1, CARE_SKILLS, excluded_vacancies=excluded.get(1, ())),
               SeekerRecord(2, CARE_SKILLS[1:], excluded_vacancies=excluded.get(2, ())),
               SeekerRecord(3, list(range(6, 12)), excluded_vacancies=excluded.get(3, ())),
               SeekerRecord(4, list(range(6, 11)), excluded_vacancies=excluded.get(4, ()))]
    table = seekers_from_records(records, N_SKILLS)
    assert np.array_equal(table.seeker_ids, plain.seeker_ids)
    return table


def test_an_excluded_pair_is_never_recommended_and_the_next_one_moves_up() -> None:
    plain_seekers, vacancies = checkerboard()
    matcher = RegionMatcher(n_recommendations=4).fit(vacancies)
    before = _lists(matcher, plain_seekers)
    assert 102 in before[1] and 102 in before[2]
    seekers = _checkerboard_excluding({1: [102]})
    after = _lists(matcher, seekers)
    assert 102 not in after[1]
    # The others keep their order, and the next best vacancy fills the freed place.
    assert after[1][:3] == [v for v in before[1] if v != 102] and len(after[1]) == 4
    # Another seeker's pair with the same vacancy is untouched.
    assert after[2] == before[2] and after[3] == before[3]


def test_explain_and_why_not_say_the_seeker_already_applied() -> None:
    _, vacancies = checkerboard()
    matcher = RegionMatcher(n_recommendations=4).fit(vacancies)
    seekers = _checkerboard_excluding({1: [102]})
    explanation = matcher.explain(seekers, 1, 102, AS_OF)
    assert explanation.exclusion_reasons == (ExclusionReason.ALREADY_APPLIED,)
    assert not explanation.is_eligible
    report = matcher.why_not(seekers, 1, 102, AS_OF)
    assert report.reasons == [ExclusionReason.ALREADY_APPLIED]
    assert report.rank is None and not report.shown
    assert matcher.explain(seekers, 2, 102, AS_OF).exclusion_reasons == ()


def test_exclusions_travel_with_a_chunk_of_the_table() -> None:
    _, vacancies = checkerboard()
    matcher = RegionMatcher(n_recommendations=4).fit(vacancies)
    seekers = _checkerboard_excluding({1: [102], 4: [201]})
    whole = _lists(matcher, seekers)
    one_by_one: dict[int, list[int]] = {}
    for row in range(len(seekers)):  # type: ignore[arg-type]
        one_by_one |= _lists(matcher, seekers.take(np.array([row])))  # type: ignore[attr-defined]
    assert one_by_one == whole and 201 not in whole[4]


def test_employers_are_not_proposed_a_candidate_who_already_applied() -> None:
    _, vacancies = checkerboard()
    matcher = RegionMatcher(n_recommendations=4).fit(vacancies)
    seekers = _checkerboard_excluding({1: [102]})
    proposed = matcher.recommend_candidates(seekers, 102, AS_OF)  # type: ignore[arg-type]
    assert 1 not in proposed.seeker_ids.tolist() and 2 in proposed.seeker_ids.tolist()


def test_a_vacancy_id_wider_than_the_exclusions_never_aliases_another_seekers_pair() -> None:
    # Width 2 (largest excluded id 1): row 0's key for vacancy 5 would be 0 * 2 + 5,
    # which is row 2's key for vacancy 1.
    seekers = seekers_from_records([SeekerRecord(1, [0], excluded_vacancies=[1]),
                                    SeekerRecord(2, [0]),
                                    SeekerRecord(3, [0], excluded_vacancies=[1])], N_SKILLS)
    rows = np.array([0, 0, 1, 2, 2])
    ids = np.array([1, 5, 1, 1, 5])
    assert excluded_pairs(seekers, rows, ids).tolist() == [True, False, False, True, False]


def _identical_market(open_applications: list[int]) -> tuple[object, object, object]:
    """Six seekers who fit three one-opening vacancies equally well."""
    seekers = seekers_from_records(
        [SeekerRecord(n, CARE_SKILLS, isco_unit_group=CARE_ISCO) for n in range(1, 7)], N_SKILLS)
    vacancies = vacancies_from_records(
        [VacancyRecord(100 + n, CARE_SKILLS[:3], isco_unit_group=CARE_ISCO,
                       open_applications=applied)
         for n, applied in enumerate(open_applications, start=1)], N_SKILLS)
    matcher = RegionMatcher(n_recommendations=3).fit(vacancies)
    shortlists = matcher.recommend_vacancies(seekers, AS_OF, k=3)
    return seekers, vacancies, shortlists


def test_open_applications_raise_a_vacancy_congestion_price() -> None:
    def prices(open_applications: list[int]) -> dict[int, float]:
        seekers, vacancies, shortlists = _identical_market(open_applications)
        reranker = CongestionAwareReranker(k=3).fit(shortlists, seekers, vacancies)  # type: ignore[arg-type]
        return dict(zip(reranker.vacancy_ids_.tolist(), reranker.prices_.tolist(), strict=True))

    balanced = prices([0, 0, 0])
    assert max(balanced.values()) < 1e-3  # attention fits the openings: nothing to price
    applied = prices([2, 0, 0])
    assert applied[101] > balanced[101] + 1e-3
    assert applied[101] > max(applied[102], applied[103])
