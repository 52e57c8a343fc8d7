"""Hard constraints: which seeker-vacancy pairs may be recommended at all.

Everything works on *pairs* given as two aligned row arrays, so the same code
serves one seeker against a short list, one vacancy against all candidates, and
a whole batch chunk. The result is an exclusion mask per pair, 0 for eligible,
otherwise the OR of :attr:`ExclusionReason.bit` values, so a counsellor can be
told every failing reason at once rather than the first one found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from decentwork.matching.tables import Day, SeekerTable, VacancyTable, to_day
from decentwork.matching.vocabulary import Accommodation, ExclusionReason, RelevanceReason

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), the usual choice for haversine distances."""


def haversine_km(
    lat1: NDArray[np.float64],
    lon1: NDArray[np.float64],
    lat2: NDArray[np.float64],
    lon2: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Great-circle distance between points given in degrees.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : ndarray of float64
        Coordinates in degrees; broadcast against each other.

    Returns
    -------
    ndarray of float64
        Distances in kilometres.
    """
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    half_dphi = (phi2 - phi1) / 2.0
    half_dlambda = np.radians(lon2 - lon1) / 2.0
    chord = np.sin(half_dphi) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(half_dlambda) ** 2
    distance = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(chord, 0.0, 1.0)))
    return np.asarray(distance, dtype=np.float64)


def exclusion_masks(
    seekers: SeekerTable,
    seeker_rows: NDArray[np.intp],
    vacancies: VacancyTable,
    vacancy_rows: NDArray[np.intp],
    as_of: Day,
    distance_km: NDArray[np.float64] | None = None,
) -> NDArray[np.int64]:
    """Evaluate every hard constraint for aligned seeker-vacancy pairs.

    Parameters
    ----------
    seekers : SeekerTable
        Seekers; ``seeker_rows`` index into it.
    seeker_rows : ndarray of int, shape (n_pairs,)
        Seeker row of each pair.
    vacancies : VacancyTable
        Vacancies; ``vacancy_rows`` index into it.
    vacancy_rows : ndarray of int, shape (n_pairs,)
        Vacancy row of each pair.
    as_of : date, numpy.datetime64 or str
        The day the recommendation is made for; passed in (never read from a
        clock) so that a batch rerun yields the same rows.
    distance_km : ndarray of float64, optional
        Precomputed distances of the pairs, to avoid computing them twice.

    Returns
    -------
    ndarray of int64, shape (n_pairs,)
        0 for an eligible pair, otherwise the OR of the failing reasons' bits.
        :data:`ExclusionReason.SEEKER_NOT_CONSENTING` is not set here: it only
        applies when proposing candidates to employers.
    """
    day = to_day(as_of)
    if distance_km is None:
        distance_km = haversine_km(
            seekers.latitude[seeker_rows],
            seekers.longitude[seeker_rows],
            vacancies.latitude[vacancy_rows],
            vacancies.longitude[vacancy_rows],
        )
    required = seekers.accommodations_required[seeker_rows]
    offered = vacancies.accommodations_offered[vacancy_rows]
    opens_on = vacancies.opens_on[vacancy_rows]
    closes_on = vacancies.closes_on[vacancy_rows]
    # NaT compares False with everything, which reads as "no bound" below.
    checks = (
        (required & ~offered != 0, ExclusionReason.ACCOMMODATION_NOT_OFFERED),
        (
            vacancies.hours[vacancy_rows] & seekers.hours_accepted[seeker_rows] == 0,
            ExclusionReason.HOURS_NOT_ACCEPTED,
        ),
        (
            vacancies.contract[vacancy_rows] & seekers.contracts_accepted[seeker_rows] == 0,
            ExclusionReason.CONTRACT_NOT_ACCEPTED,
        ),
        (
            ~vacancies.is_remote[vacancy_rows]
            & (distance_km > seekers.commute_radius_km[seeker_rows]),
            ExclusionReason.OUTSIDE_COMMUTE_RADIUS,
        ),
        (
            vacancies.is_remote[vacancy_rows] & ~seekers.accepts_remote[seeker_rows],
            ExclusionReason.REMOTE_NOT_ACCEPTED,
        ),
        (opens_on > day, ExclusionReason.NOT_YET_OPEN),
        (closes_on < day, ExclusionReason.CLOSED),
        (vacancies.openings_left[vacancy_rows] <= 0, ExclusionReason.NO_OPENINGS_LEFT),
        (
            excluded_pairs(seekers, seeker_rows, vacancies.vacancy_ids[vacancy_rows]),
            ExclusionReason.ALREADY_APPLIED,
        ),
    )
    masks = np.zeros(len(seeker_rows), dtype=np.int64)
    for failed, reason in checks:
        masks |= np.where(failed, reason.bit, 0)
    return masks


def excluded_pairs(
    seekers: SeekerTable, seeker_rows: NDArray[np.intp], vacancy_ids: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """Whether each pair is one the seeker table excludes (``excluded_vacancies``).

    Parameters
    ----------
    seekers : SeekerTable
        Seekers; ``seeker_rows`` index into it.
    seeker_rows : ndarray of int, shape (n_pairs,)
        Seeker row of each pair.
    vacancy_ids : ndarray of int64, shape (n_pairs,)
        Vacancy id of each pair.

    Returns
    -------
    ndarray of bool, shape (n_pairs,)
        True for an excluded pair. Costs nothing when the table excludes no pair,
        and a binary search per pair of a seeker who has exclusions otherwise.
    """
    excluded = seekers.excluded_vacancies
    hit = np.zeros(len(seeker_rows), dtype=np.bool_)
    if excluded.nnz == 0 or len(seeker_rows) == 0:
        return hit
    width = np.int64(excluded.shape[1])
    # Only pairs whose seeker excludes something, and whose id fits the width (a wider
    # id would alias the next row's keys), need a look-up.
    asked = np.flatnonzero(
        (np.diff(excluded.indptr)[seeker_rows] > 0) & (vacancy_ids >= 0) & (vacancy_ids < width)
    )
    if len(asked) == 0:
        return hit
    keys = seekers.excluded_pair_keys
    wanted = seeker_rows[asked].astype(np.int64) * width + vacancy_ids[asked]
    found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    hit[asked] = keys[found] == wanted
    return hit


def open_vacancy_rows(vacancies: VacancyTable, as_of: Day) -> NDArray[np.intp]:
    """Rows of vacancies that are published on ``as_of`` and have openings left.

    Parameters
    ----------
    vacancies : VacancyTable
        The region's vacancies.
    as_of : date, numpy.datetime64 or str
        Reference day.

    Returns
    -------
    ndarray of intp
        Sorted row positions.
    """
    day = to_day(as_of)
    closed = (vacancies.opens_on > day) | (vacancies.closes_on < day)
    return np.flatnonzero(~closed & (vacancies.openings_left > 0))


@dataclass(frozen=True)
class ExclusionReport:
    """Answer to "why is vacancy V not shown to seeker S?".

    Attributes
    ----------
    seeker_id, vacancy_id : int
        The pair asked about.
    reasons : list of ExclusionReason
        Every failing hard constraint; empty when the pair is eligible.
    missing_accommodations : list of str
        Codes of required accommodations the vacancy does not offer.
    distance_km : float
        Great-circle distance home -> workplace (meaningless for remote work).
    score : float
        The pair's match score, so a counsellor can see how close an excluded
        or low-ranked vacancy would have been.
    rank : int or None
        1-based rank among the seeker's eligible vacancies when eligible.
    shown : bool
        Whether the vacancy is within the seeker's top ``k``.
    relevance_reasons : list of RelevanceReason
        Why an eligible pair is not close enough to be shown, when the
        matcher has a relevance floor; empty otherwise.
    """

    seeker_id: int
    vacancy_id: int
    reasons: list[ExclusionReason]
    missing_accommodations: list[str]
    distance_km: float
    score: float
    rank: int | None
    shown: bool
    relevance_reasons: list[RelevanceReason] = field(default_factory=list)


def missing_accommodation_codes(required: int, offered: int) -> list[str]:
    """Codes of required accommodations that are not offered.

    Parameters
    ----------
    required, offered : int
        :class:`Accommodation` masks.

    Returns
    -------
    list of str
        Codes in declaration order.
    """
    return Accommodation(int(required) & ~int(offered) & _ALL_ACCOMMODATIONS).codes()


_ALL_ACCOMMODATIONS = int(Accommodation(sum(member.value for member in Accommodation)))
