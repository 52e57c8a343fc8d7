"""Hand-built markets whose right answers can be worked out on paper."""

from __future__ import annotations

import datetime

from decentwork.matching import (
    RegionMatcher,
    SeekerRecord,
    SeekerTable,
    VacancyRecord,
    VacancyTable,
    seekers_from_records,
    vacancies_from_records,
)

AS_OF = datetime.date(2025, 3, 1)
N_SKILLS = 12
# Two skill blocks: care work (0-5) and software (6-11).
CARE_SKILLS = [0, 1, 2, 3, 4, 5]
SOFTWARE_SKILLS = [6, 7, 8, 9, 10, 11]
CARE_ISCO = 5322  # home-based personal care workers
SOFTWARE_ISCO = 2512  # software developers


def checkerboard() -> tuple[SeekerTable, VacancyTable]:
    """Four seekers and eight vacancies split into two skill blocks.

    Seekers 1-2 hold the care block, 3-4 the software block; vacancies 101-104
    need care skills, 201-204 software skills, so each seeker's top four must be
    exactly its own block.
    """
    vacancies = [
        VacancyRecord(100 + i, CARE_SKILLS[i : i + 3], isco_unit_group=CARE_ISCO)
        for i in range(1, 5)
    ] + [
        VacancyRecord(200 + i, SOFTWARE_SKILLS[i - 1 : i + 2], isco_unit_group=SOFTWARE_ISCO)
        for i in range(1, 5)
    ]
    seekers = [
        SeekerRecord(1, CARE_SKILLS),
        SeekerRecord(2, CARE_SKILLS[1:]),
        SeekerRecord(3, SOFTWARE_SKILLS),
        SeekerRecord(4, SOFTWARE_SKILLS[:-1]),
    ]
    return seekers_from_records(seekers, N_SKILLS), vacancies_from_records(vacancies, N_SKILLS)


def one_pair(seeker: SeekerRecord, vacancy: VacancyRecord) -> tuple[RegionMatcher, SeekerTable]:
    """A matcher fitted on one vacancy, and a table holding one seeker."""
    matcher = RegionMatcher().fit(vacancies_from_records([vacancy], N_SKILLS))
    return matcher, seekers_from_records([seeker], N_SKILLS)
