"""Querysets -> the matching engine's columnar tables, in bulk.

A region is read with a constant number of queries whatever its size: every
relation is one ``values_list`` turned into numpy columns or sparse coordinates.
What the engine calls an occupation index is the ``Concept`` primary key; skill
columns are the region's :class:`SkillIndex`.

Choices the engine leaves to us (ADR 0008 and 0010):

* The skill vocabulary is the skills the region's open vacancies ask for; a
  seeker's other skills cannot change a score, so they are left out.
* A vacancy with no essential skill listed gets its ESCO occupation's essential
  skills, so that it is not scored as "no evidence".
* A skill the person or a counsellor confirmed counts 1 in skill coverage; one
  only inferred from work experience counts :data:`INFERRED_SKILL_WEIGHTS` (0.6
  when an occupation worked in needs it, 0.3 when it sometimes does: ADR 0008).
* The seeker's target occupation is the one they stated, else the occupation they
  worked in longest; experience counts per ISCO unit group, and every occupation
  worked in is a past occupation (``SeekerTable.past_occupations``), so a vacancy in
  any of them counts as the same occupation (ADR 0008).
* Places without coordinates: a seeker is placed at their office, a vacancy at
  the centre of its region's offices (a place name is all the vacancy form asks
  for until geocoding exists).
* A remote vacancy offers the "remote work" accommodation.
* Target groups and accommodation needs are what the run read through
  ``seekers.access.read_sensitive_for_matching``: each only under its consent
  (ADR 0004). Without that read nobody belongs to a group or needs anything.
* What already happened (read straight from the applications table, below us in
  the layer order): a vacancy the seeker has an open application for, or was
  refused for, is excluded for that seeker (``SeekerTable.excluded_vacancies``,
  reason ``already_applied``); a withdrawn or obsolete application excludes
  nothing. Each vacancy's open applications count in its congestion
  (``VacancyTable.open_applications``, ADR 0009).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.db.models import Count, Exists, OuterRef
from numpy.typing import NDArray

from decentwork.applications.models import OPEN_STATES, Application, ApplicationState
from decentwork.controlled_lists import Hours, TargetGroup
from decentwork.employers.models import Vacancy, VacancySkill
from decentwork.matching import (
    N_ISCO_CODES,
    UNKNOWN,
    Accommodation,
    ContractType,
    HoursRegime,
    SeekerGroup,
    SeekerTable,
    VacancyTable,
)
from decentwork.network.models import Office, Region
from decentwork.seekers.access import Sensitive
from decentwork.seekers.models import (
    Consent,
    ConsentScope,
    JobSeeker,
    SeekerSkill,
    SeekerStatus,
    WorkExperience,
)
from decentwork.taxonomy.models import OccupationSkill, Relevance

# The engine treats hours as a hard constraint; a person states one preferred
# regime. Flexible hours can usually be arranged around either, so they are
# accepted beside the preference; someone asking for flexible hours (often a
# carer) is also offered part-time work, not full-time.
ACCEPTED_HOURS: dict[str, tuple[str, ...]] = {
    Hours.FULL_TIME: (Hours.FULL_TIME, Hours.FLEXIBLE),
    Hours.PART_TIME: (Hours.PART_TIME, Hours.FLEXIBLE),
    Hours.FLEXIBLE: (Hours.FLEXIBLE, Hours.PART_TIME),
}
ALL_CONTRACTS = int(sum(ContractType))

# How much a skill inferred from work experience, not yet confirmed, counts in skill
# coverage (a confirmed one counts 1): most people who did the work hold an
# occupation's essential skills, fewer its optional ones (ADR 0008).
INFERRED_SKILL_WEIGHTS: dict[str, float] = {Relevance.ESSENTIAL: 0.6, Relevance.OPTIONAL: 0.3}

# Applications after which the vacancy is not recommended to the seeker again.
NOT_RECOMMENDED_AGAIN = (*OPEN_STATES, ApplicationState.REFUSED)

# The engine's fairness groups, from the target groups a person consented to.
# "Woman returning to work" is the only group about women that needs consent;
# gender alone is not used.
SEEKER_GROUP_OF: dict[str, SeekerGroup] = {
    TargetGroup.DISABILITY: SeekerGroup.DISABILITY,
    TargetGroup.YOUTH: SeekerGroup.YOUTH,
    TargetGroup.WOMAN_RETURNER: SeekerGroup.WOMAN,
    TargetGroup.REFUGEE: SeekerGroup.REFUGEE,
    TargetGroup.MIGRANT_WORKER: SeekerGroup.MIGRANT_WORKER,
    TargetGroup.SOCIAL_ASSISTANCE: SeekerGroup.SOCIAL_ASSISTANCE,
}


@dataclass(frozen=True, eq=False)
class RegionMarket:
    """One region's seekers and open vacancies as engine tables.

    Attributes
    ----------
    seekers : SeekerTable
        Rows in increasing seeker id.
    vacancies : VacancyTable
        Vacancies open on the run day.
    skill_uris : ndarray of str
        ESCO URI of each skill column.
    """

    seekers: SeekerTable
    vacancies: VacancyTable
    skill_uris: NDArray[np.str_]


def isco_number(code: str | None) -> int:
    """ISCO-08 unit-group code as the engine's integer (``"0110"`` -> 110), -1 if none."""
    if code and len(code) == 4 and code.isdigit():
        return int(code)
    return UNKNOWN


def active_seekers_of(region: Region) -> Sequence[int]:
    """Ids of the region's job seekers who are looking for work, sorted."""
    return list(JobSeeker.objects.filter(office__region=region, status=SeekerStatus.ACTIVE)
                .order_by("id").values_list("id", flat=True))


def load_region_market(
    region: Region,
    as_of: dt.date,
    *,
    seeker_ids: Collection[int] | None = None,
    sensitive: Mapping[int, Sensitive] | None = None,
) -> RegionMarket:
    """Read a region's active seekers and open vacancies into engine tables.

    ``seeker_ids`` keeps only those seekers (a run's planned chunks);
    ``sensitive`` is what matching may use of each seeker's target groups and
    accommodation needs, already read under consent and audited once for the run
    (:func:`decentwork.recommendations.access.read_run_sensitive`); without it
    nobody belongs to a group or needs an accommodation.
    """
    centre = _region_centre(region)
    vacancies, skill_uris = _vacancy_table(region, as_of, centre)
    columns = {uri: column for column, uri in enumerate(skill_uris)}
    seekers = _seeker_table(region, columns, centre, seeker_ids, sensitive or {})
    return RegionMarket(seekers, vacancies, skill_uris)


def _region_centre(region: Region) -> tuple[float, float]:
    points = [(lat, lon) for lat, lon in Office.objects.filter(region=region)
              .values_list("latitude", "longitude") if lat is not None and lon is not None]
    if not points:
        return 0.0, 0.0
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _vacancy_table(
    region: Region, as_of: dt.date, centre: tuple[float, float]
) -> tuple[VacancyTable, NDArray[np.str_]]:
    open_vacancies = Vacancy.objects.filter(region=region).open_on(as_of)
    rows = list(open_vacancies.order_by("id").values_list(
        "id", "occupation_id", "occupation__isco_code", "latitude", "longitude", "remote",
        "accommodations", "hours", "contract_type", "openings", "filled", "opens_on", "closes_on",
    ))
    essential: dict[int, set[str]] = defaultdict(set)
    optional: dict[int, set[str]] = defaultdict(set)
    for vacancy_id, uri, relevance in VacancySkill.objects.filter(
        vacancy__in=open_vacancies
    ).values_list("vacancy_id", "skill__uri", "relevance"):
        (essential if relevance == Relevance.ESSENTIAL else optional)[vacancy_id].add(uri)
    without_essential = open_vacancies.filter(occupation__isnull=False).exclude(
        Exists(VacancySkill.objects.filter(vacancy=OuterRef("pk"),
                                           relevance=Relevance.ESSENTIAL)))
    occupation_essentials: dict[int, set[str]] = defaultdict(set)
    for occupation_id, uri in OccupationSkill.objects.filter(
        relevance=Relevance.ESSENTIAL,
        occupation__in=without_essential.values("occupation_id"),
    ).values_list("occupation_id", "skill__uri"):
        occupation_essentials[occupation_id].add(uri)
    for vacancy_id, occupation_id, *_ in rows:
        if not essential[vacancy_id] and occupation_id is not None:
            essential[vacancy_id] = occupation_essentials[occupation_id]
    applied = dict(Application.objects.filter(vacancy__in=open_vacancies, state__in=OPEN_STATES)
                   .order_by().values("vacancy_id").annotate(n=Count("id"))
                   .values_list("vacancy_id", "n"))
    skill_uris = np.array(sorted(set().union(*essential.values(), *optional.values())),
                          dtype=np.str_)
    columns = {uri: column for column, uri in enumerate(skill_uris)}
    n_skills = len(skill_uris)

    def skill_matrix(lists: Mapping[int, set[str]]) -> sp.csr_array:
        return _binary_rows([sorted(columns[uri] for uri in lists.get(row[0], ()))
                             for row in rows], n_skills)

    isco = np.array([isco_number(row[2]) for row in rows], dtype=np.int32)
    occupation = np.array([row[1] if row[1] is not None else UNKNOWN for row in rows],
                          dtype=np.int32)
    # The engine needs the ISCO group of every known occupation.
    occupation[isco < 0] = UNKNOWN
    table = VacancyTable(
        vacancy_ids=np.array([row[0] for row in rows], dtype=np.int64),
        essential_skills=skill_matrix(essential),
        optional_skills=skill_matrix(optional),
        occupation=occupation,
        isco_unit_group=isco,
        latitude=np.array([centre[0] if row[3] is None else row[3] for row in rows],
                          dtype=np.float64),
        longitude=np.array([centre[1] if row[4] is None else row[4] for row in rows],
                           dtype=np.float64),
        is_remote=np.array([row[5] for row in rows], dtype=np.bool_),
        accommodations_offered=np.array(
            [Accommodation.from_codes([*row[6], *(["remote_work"] if row[5] else [])])
             for row in rows], dtype=np.int64),
        hours=np.array([HoursRegime.from_codes([row[7]]) for row in rows], dtype=np.int64),
        contract=np.array([ContractType.from_codes([row[8]]) for row in rows], dtype=np.int64),
        opens_on=np.array([row[11] for row in rows], dtype="datetime64[D]"),
        closes_on=np.array([row[12] or "NaT" for row in rows], dtype="datetime64[D]"),
        openings_left=np.array([row[9] - row[10] for row in rows], dtype=np.int64),
        open_applications=np.array([applied.get(row[0], 0) for row in rows], dtype=np.int64),
    )
    return table, skill_uris


def _seeker_table(
    region: Region,
    skill_columns: Mapping[str, int],
    centre: tuple[float, float],
    seeker_ids: Collection[int] | None,
    sensitive: Mapping[int, Sensitive],
) -> SeekerTable:
    active = {"seeker__office__region": region, "seeker__status": SeekerStatus.ACTIVE}
    wanted = None if seeker_ids is None else set(seeker_ids)
    rows = [row for row in JobSeeker.objects.filter(
        office__region=region, status=SeekerStatus.ACTIVE,
    ).order_by("id").values_list(
        "id", "latitude", "longitude", "office__latitude", "office__longitude",
        "commute_radius_km", "accepts_remote", "preferred_hours", "accepted_contracts",
        "target_occupation_id", "target_occupation__isco_code",
    ) if wanted is None or row[0] in wanted]
    ids = [row[0] for row in rows]
    row_of = {seeker_id: position for position, seeker_id in enumerate(ids)}

    proposable: set[int] = set(Consent.objects.filter(
        **active, withdrawn_at__isnull=True, scope=ConsentScope.PROPOSAL_TO_EMPLOYERS,
    ).values_list("seeker_id", flat=True))

    skills: list[dict[int, float]] = [{} for _ in ids]
    for seeker_id, uri, source, inferred_relevance in SeekerSkill.objects.filter(
            **active).values_list("seeker_id", "skill__uri", "source", "inferred_relevance"):
        if seeker_id in row_of and uri in skill_columns:
            skills[row_of[seeker_id]][skill_columns[uri]] = (
                INFERRED_SKILL_WEIGHTS.get(inferred_relevance, INFERRED_SKILL_WEIGHTS[
                    Relevance.OPTIONAL]) if source == SeekerSkill.Source.INFERRED else 1.0)

    excluded: list[set[int]] = [set() for _ in ids]
    for seeker_id, vacancy_id in Application.objects.filter(
        **active, vacancy__region=region, state__in=NOT_RECOMMENDED_AGAIN,
    ).order_by().values_list("seeker_id", "vacancy_id"):
        if seeker_id in row_of:
            excluded[row_of[seeker_id]].add(vacancy_id)

    # Years per ISCO unit group, the occupations worked in, and the longest one.
    years: list[dict[int, float]] = [defaultdict(float) for _ in ids]
    past: list[set[int]] = [set() for _ in ids]
    longest: list[tuple[float, int, int, int]] = [(-1.0, -1, UNKNOWN, UNKNOWN) for _ in ids]
    for seeker_id, experience_id, occupation_id, isco_code, worked in (
        WorkExperience.objects.filter(**active, occupation__isnull=False)
        .values_list("seeker_id", "id", "occupation_id", "occupation__isco_code", "years")
    ):
        code = isco_number(isco_code)
        if seeker_id not in row_of or code < 0:
            continue
        position = row_of[seeker_id]
        years[position][code] += float(worked)
        past[position].add(occupation_id)
        longest[position] = max(longest[position], (float(worked), experience_id,
                                                    occupation_id, code))

    # A stated target occupation outranks experience, and is a stated preference.
    stated = [(row[9], isco_number(row[10])) for row in rows]
    targets = [(-1.0, -1, occupation_id, code) if occupation_id is not None and code >= 0
               else longest[position]
               for position, (occupation_id, code) in enumerate(stated)]
    preferred = [[code] if occupation_id is not None and code >= 0 else []
                 for occupation_id, code in stated]
    experience = _binary_rows([sorted(y) for y in years], N_ISCO_CODES)
    experience.data = np.array([y[code] for y in years for code in sorted(y)], dtype=np.float64)
    return SeekerTable(
        seeker_ids=np.array(ids, dtype=np.int64),
        skills=_weighted_rows(skills, len(skill_columns)),
        occupation=np.array([target[2] for target in targets], dtype=np.int32),
        isco_unit_group=np.array([target[3] for target in targets], dtype=np.int32),
        experience_years=experience,
        preferred_unit_groups=_binary_rows(preferred, N_ISCO_CODES),
        latitude=np.array([_first_known(row[1], row[3], centre[0]) for row in rows]),
        longitude=np.array([_first_known(row[2], row[4], centre[1]) for row in rows]),
        commute_radius_km=np.array([row[5] for row in rows], dtype=np.float64),
        accommodations_required=np.array(
            [Accommodation.from_codes(sensitive[seeker_id].accommodation_needs)
             if seeker_id in sensitive else 0 for seeker_id in ids], dtype=np.int64),
        hours_accepted=np.array(
            [HoursRegime.from_codes(ACCEPTED_HOURS.get(row[7], (row[7],))) for row in rows],
            dtype=np.int64),
        contracts_accepted=np.array(
            [ContractType.from_codes(row[8]) if row[8] else ALL_CONTRACTS for row in rows],
            dtype=np.int64),
        consents_to_be_proposed=np.array([seeker_id in proposable for seeker_id in ids],
                                         dtype=np.bool_),
        groups=np.array([SeekerGroup.from_codes([SEEKER_GROUP_OF[g].code
                                                 for g in sensitive[seeker_id].target_groups
                                                 if g in SEEKER_GROUP_OF]
                                                if seeker_id in sensitive else [])
                         for seeker_id in ids], dtype=np.int64),
        accepts_remote=np.array([row[6] for row in rows], dtype=np.bool_),
        excluded_vacancies=_binary_rows([sorted(ids_) for ids_ in excluded],
                                        max((max(e) for e in excluded if e), default=-1) + 1),
        past_occupations=_binary_rows([sorted(p) for p in past],
                                      max((max(p) for p in past if p), default=-1) + 1),
    )


def _first_known(*values: float | None) -> float:
    return next(float(v) for v in values if v is not None)


def _weighted_rows(rows: Sequence[Mapping[int, float]], n_columns: int) -> sp.csr_array:
    """One sparse row per mapping of column -> value, columns sorted."""
    matrix = _binary_rows([sorted(row) for row in rows], n_columns)
    matrix.data = np.array([row[column] for row in rows for column in sorted(row)],
                           dtype=np.float64)
    return matrix


def _binary_rows(lists: Sequence[Sequence[int]], n_columns: int) -> sp.csr_array:
    lengths = [len(items) for items in lists]
    columns = np.array([c for items in lists for c in items], dtype=np.int64)
    indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    return sp.csr_array((np.ones(len(columns)), columns, indptr),
                        shape=(len(lists), n_columns))
