"""Row-by-row construction of the columnar tables.

The Django adapter should build :class:`SeekerTable` / :class:`VacancyTable`
straight from ``values_list`` columns for whole regions; these record types are
for the small cases where clarity beats speed: a single profile preview, demo
data, and hand-built markets in tests.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from decentwork.matching.tables import N_ISCO_CODES, UNKNOWN, SeekerTable, VacancyTable
from decentwork.matching.vocabulary import Accommodation, ContractType, HoursRegime, SeekerGroup


@dataclass(frozen=True)
class VacancyRecord:
    """One vacancy, with codes instead of masks.

    Attributes mirror :class:`VacancyTable`; accommodations are codes such as
    ``"step_free_access"``, ``hours`` and ``contract`` a single code each.
    """

    vacancy_id: int
    essential_skills: Sequence[int]
    optional_skills: Sequence[int] = ()
    occupation: int = UNKNOWN
    isco_unit_group: int = UNKNOWN
    latitude: float = 0.0
    longitude: float = 0.0
    is_remote: bool = False
    accommodations_offered: Sequence[str] = ()
    hours: str = "full_time"
    contract: str = "permanent"
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    openings_left: int = 1
    open_applications: int = 0


@dataclass(frozen=True)
class SeekerRecord:
    """One job seeker, with codes instead of masks.

    Attributes mirror :class:`SeekerTable`; ``experience_years`` maps ISCO
    unit-group codes to years, ``groups`` holds :class:`SeekerGroup` codes,
    ``skill_weights`` the weight of held skills that count less than 1 (an
    inferred skill, ADR 0008).
    """

    seeker_id: int
    skills: Sequence[int]
    occupation: int = UNKNOWN
    isco_unit_group: int = UNKNOWN
    experience_years: Mapping[int, float] = field(default_factory=dict)
    preferred_unit_groups: Sequence[int] = ()
    latitude: float = 0.0
    longitude: float = 0.0
    commute_radius_km: float = 30.0
    accommodations_required: Sequence[str] = ()
    hours_accepted: Sequence[str] = ("full_time", "part_time", "flexible")
    contracts_accepted: Sequence[str] = (
        "permanent",
        "fixed_term",
        "temporary",
        "apprenticeship",
        "internship",
    )
    consents_to_be_proposed: bool = True
    groups: Sequence[str] = ()
    accepts_remote: bool = True
    excluded_vacancies: Sequence[int] = ()
    past_occupations: Sequence[int] = ()
    skill_weights: Mapping[int, float] = field(default_factory=dict)


def _binary_rows(lists: Sequence[Sequence[int]], n_columns: int) -> sp.csr_array:
    lengths = [len(items) for items in lists]
    columns = np.array([c for items in lists for c in items], dtype=np.int64)
    indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    return sp.csr_array((np.ones(len(columns)), columns, indptr), shape=(len(lists), n_columns))


def vacancies_from_records(records: Sequence[VacancyRecord], n_skills: int) -> VacancyTable:
    """Build a vacancy table from records.

    Parameters
    ----------
    records : sequence of VacancyRecord
        One record per vacancy.
    n_skills : int
        Size of the skill vocabulary.

    Returns
    -------
    VacancyTable
        The same vacancies as columns.
    """
    return VacancyTable(
        vacancy_ids=np.array([r.vacancy_id for r in records], dtype=np.int64),
        essential_skills=_binary_rows([r.essential_skills for r in records], n_skills),
        optional_skills=_binary_rows([r.optional_skills for r in records], n_skills),
        occupation=np.array([r.occupation for r in records], dtype=np.int32),
        isco_unit_group=np.array([r.isco_unit_group for r in records], dtype=np.int32),
        latitude=np.array([r.latitude for r in records]),
        longitude=np.array([r.longitude for r in records]),
        is_remote=np.array([r.is_remote for r in records], dtype=np.bool_),
        accommodations_offered=np.array(
            [Accommodation.from_codes(r.accommodations_offered) for r in records], dtype=np.int64
        ),
        hours=np.array([HoursRegime.from_codes([r.hours]) for r in records], dtype=np.int64),
        contract=np.array([ContractType.from_codes([r.contract]) for r in records], np.int64),
        opens_on=np.array([r.opens_on or "NaT" for r in records], dtype="datetime64[D]"),
        closes_on=np.array([r.closes_on or "NaT" for r in records], dtype="datetime64[D]"),
        openings_left=np.array([r.openings_left for r in records], dtype=np.int64),
        open_applications=np.array([r.open_applications for r in records], dtype=np.int64),
    )


def seekers_from_records(records: Sequence[SeekerRecord], n_skills: int) -> SeekerTable:
    """Build a seeker table from records.

    Parameters
    ----------
    records : sequence of SeekerRecord
        One record per seeker.
    n_skills : int
        Size of the skill vocabulary.

    Returns
    -------
    SeekerTable
        The same seekers as columns.
    """
    experience = _binary_rows([sorted(r.experience_years) for r in records], N_ISCO_CODES)
    experience.data = np.array(
        [r.experience_years[code] for r in records for code in sorted(r.experience_years)],
        dtype=np.float64,
    )
    preferred = _binary_rows([r.preferred_unit_groups for r in records], N_ISCO_CODES)
    skills = _binary_rows([r.skills for r in records], n_skills)
    skills.data = np.array(
        [r.skill_weights.get(skill, 1.0) for r in records for skill in r.skills], dtype=np.float64
    )
    return SeekerTable(
        seeker_ids=np.array([r.seeker_id for r in records], dtype=np.int64),
        skills=skills,
        occupation=np.array([r.occupation for r in records], dtype=np.int32),
        isco_unit_group=np.array([r.isco_unit_group for r in records], dtype=np.int32),
        experience_years=experience,
        preferred_unit_groups=preferred,
        latitude=np.array([r.latitude for r in records]),
        longitude=np.array([r.longitude for r in records]),
        commute_radius_km=np.array([r.commute_radius_km for r in records]),
        accommodations_required=np.array(
            [Accommodation.from_codes(r.accommodations_required) for r in records], np.int64
        ),
        hours_accepted=np.array(
            [HoursRegime.from_codes(r.hours_accepted) for r in records], np.int64
        ),
        contracts_accepted=np.array(
            [ContractType.from_codes(r.contracts_accepted) for r in records], np.int64
        ),
        consents_to_be_proposed=np.array([r.consents_to_be_proposed for r in records], np.bool_),
        groups=np.array([SeekerGroup.from_codes(r.groups) for r in records], np.int64),
        accepts_remote=np.array([r.accepts_remote for r in records], np.bool_),
        excluded_vacancies=_binary_rows(
            [sorted(set(r.excluded_vacancies)) for r in records],
            max((max(r.excluded_vacancies, default=-1) for r in records), default=-1) + 1,
        ),
        past_occupations=_binary_rows(
            [sorted(set(r.past_occupations)) for r in records],
            max((max(r.past_occupations, default=-1) for r in records), default=-1) + 1,
        ),
    )
