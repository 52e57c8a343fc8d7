"""Each hard constraint excludes exactly the pairs it should, with its reason."""

from __future__ import annotations

import datetime

import pytest

from decentwork.matching import ExclusionReason, SeekerRecord, VacancyRecord
from tests.matching.markets import AS_OF, one_pair

PARIS = (48.8566, 2.3522)
VERSAILLES = (48.8049, 2.1204)  # about 17.8 km from Paris


def shown(seeker: SeekerRecord, vacancy: VacancyRecord) -> bool:
    matcher, seekers = one_pair(seeker, vacancy)
    return len(matcher.recommend_vacancies(seekers, AS_OF)) == 1


def reasons(seeker: SeekerRecord, vacancy: VacancyRecord) -> list[ExclusionReason]:
    matcher, seekers = one_pair(seeker, vacancy)
    return matcher.why_not(seekers, seeker.seeker_id, vacancy.vacancy_id, AS_OF).reasons


def test_required_accommodations_must_all_be_offered() -> None:
    seeker = SeekerRecord(1, [0], accommodations_required=["step_free_access", "job_coach"])
    partial = VacancyRecord(9, [0], accommodations_offered=["step_free_access"])
    full = VacancyRecord(9, [0], accommodations_offered=["step_free_access", "job_coach"])
    more = VacancyRecord(
        9, [0], accommodations_offered=["job_coach", "step_free_access", "remote_work"]
    )
    assert not shown(seeker, partial)
    assert reasons(seeker, partial) == [ExclusionReason.ACCOMMODATION_NOT_OFFERED]
    assert shown(seeker, full)
    assert shown(seeker, more)


def test_missing_accommodations_are_named() -> None:
    seeker = SeekerRecord(1, [0], accommodations_required=["screen_reader_support", "job_coach"])
    vacancy = VacancyRecord(9, [0], accommodations_offered=["job_coach"])
    matcher, seekers = one_pair(seeker, vacancy)
    report = matcher.why_not(seekers, 1, 9, AS_OF)
    assert report.missing_accommodations == ["screen_reader_support"]


def test_hours_regime_must_be_accepted() -> None:
    part_time_only = SeekerRecord(1, [0], hours_accepted=["part_time"])
    assert not shown(part_time_only, VacancyRecord(9, [0], hours="full_time"))
    assert reasons(part_time_only, VacancyRecord(9, [0], hours="full_time")) == [
        ExclusionReason.HOURS_NOT_ACCEPTED
    ]
    assert shown(part_time_only, VacancyRecord(9, [0], hours="part_time"))


def test_contract_type_must_be_accepted() -> None:
    seeker = SeekerRecord(1, [0], contracts_accepted=["permanent", "apprenticeship"])
    assert shown(seeker, VacancyRecord(9, [0], contract="apprenticeship"))
    assert not shown(seeker, VacancyRecord(9, [0], contract="temporary"))
    assert reasons(seeker, VacancyRecord(9, [0], contract="temporary")) == [
        ExclusionReason.CONTRACT_NOT_ACCEPTED
    ]


def test_commute_radius_uses_great_circle_distance() -> None:
    near_enough = SeekerRecord(1, [0], latitude=PARIS[0], longitude=PARIS[1], commute_radius_km=18)
    too_far = SeekerRecord(1, [0], latitude=PARIS[0], longitude=PARIS[1], commute_radius_km=17)
    on_site = VacancyRecord(9, [0], latitude=VERSAILLES[0], longitude=VERSAILLES[1])
    assert shown(near_enough, on_site)
    assert not shown(too_far, on_site)
    assert reasons(too_far, on_site) == [ExclusionReason.OUTSIDE_COMMUTE_RADIUS]


def test_remote_vacancies_are_not_proposed_to_who_does_not_want_them() -> None:
    on_site_only = SeekerRecord(1, [0], accepts_remote=False)
    remote = VacancyRecord(9, [0], is_remote=True)
    assert not shown(on_site_only, remote)
    assert shown(on_site_only, VacancyRecord(9, [0]))
    assert reasons(on_site_only, remote) == [ExclusionReason.REMOTE_NOT_ACCEPTED]


def test_remote_vacancies_ignore_the_commute_radius() -> None:
    seeker = SeekerRecord(1, [0], latitude=PARIS[0], longitude=PARIS[1], commute_radius_km=1)
    remote_far_away = VacancyRecord(9, [0], latitude=-33.9, longitude=18.4, is_remote=True)
    assert shown(seeker, remote_far_away)


def test_vacancy_must_be_open_on_the_day() -> None:
    seeker = SeekerRecord(1, [0])
    day = datetime.timedelta(days=1)
    not_yet = VacancyRecord(9, [0], opens_on=AS_OF + day)
    closed = VacancyRecord(9, [0], closes_on=AS_OF - day)
    last_day = VacancyRecord(9, [0], opens_on=AS_OF - day, closes_on=AS_OF)
    assert reasons(seeker, not_yet) == [ExclusionReason.NOT_YET_OPEN]
    assert reasons(seeker, closed) == [ExclusionReason.CLOSED]
    assert not shown(seeker, not_yet)
    assert not shown(seeker, closed)
    assert shown(seeker, last_day)


def test_vacancy_needs_openings_left() -> None:
    seeker = SeekerRecord(1, [0])
    assert not shown(seeker, VacancyRecord(9, [0], openings_left=0))
    assert reasons(seeker, VacancyRecord(9, [0], openings_left=0)) == [
        ExclusionReason.NO_OPENINGS_LEFT
    ]


def test_why_not_lists_every_failing_reason() -> None:
    seeker = SeekerRecord(
        1,
        [0],
        latitude=PARIS[0],
        longitude=PARIS[1],
        commute_radius_km=5,
        accommodations_required=["sign_language_interpretation"],
        hours_accepted=["part_time"],
        contracts_accepted=["permanent"],
    )
    vacancy = VacancyRecord(
        9,
        [0],
        latitude=VERSAILLES[0],
        longitude=VERSAILLES[1],
        hours="full_time",
        contract="internship",
        closes_on=AS_OF - datetime.timedelta(days=3),
        openings_left=0,
    )
    assert set(reasons(seeker, vacancy)) == {
        ExclusionReason.ACCOMMODATION_NOT_OFFERED,
        ExclusionReason.HOURS_NOT_ACCEPTED,
        ExclusionReason.CONTRACT_NOT_ACCEPTED,
        ExclusionReason.OUTSIDE_COMMUTE_RADIUS,
        ExclusionReason.CLOSED,
        ExclusionReason.NO_OPENINGS_LEFT,
    }


def test_why_not_for_an_eligible_vacancy_gives_its_rank() -> None:
    seeker = SeekerRecord(1, [0, 1])
    matcher, seekers = one_pair(seeker, VacancyRecord(9, [0, 1]))
    report = matcher.why_not(seekers, 1, 9, AS_OF, k=1)
    assert report.reasons == []
    assert report.rank == 1
    assert report.shown


@pytest.mark.parametrize("consents", [True, False])
def test_candidates_only_among_consenting_seekers(consents: bool) -> None:
    seeker = SeekerRecord(1, [0], consents_to_be_proposed=consents)
    matcher, seekers = one_pair(seeker, VacancyRecord(9, [0]))
    candidates = matcher.recommend_candidates(seekers, 9, AS_OF)
    assert list(candidates.seeker_ids) == ([1] if consents else [])
    expected = [] if consents else [ExclusionReason.SEEKER_NOT_CONSENTING]
    assert matcher.why_not_proposed(seekers, 1, 9, AS_OF) == expected
    # Consent governs proposals to employers, not what the seeker sees.
    assert len(matcher.recommend_vacancies(seekers, AS_OF)) == 1
