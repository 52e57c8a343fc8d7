"""Columnar inputs of the matching engine.

A Django adapter fills these in bulk from querysets (``values_list`` into numpy
arrays, skill relations into ``scipy.sparse`` coordinates): one row per seeker
or vacancy, one column per attribute. Concepts are integer indices:

* skills: column index into the region's skill vocabulary (the adapter keeps
  the index -> ESCO URI array and passes it to :class:`RegionIndex`);
* occupations: index of the ESCO occupation, ``-1`` when unknown;
* ISCO-08 unit groups: the 4-digit code read as an integer (``"0110"`` -> 110,
  ``"2512"`` -> 2512), ``-1`` when unknown. Minor, sub-major and major groups
  are the code divided by 10, 100 and 1000.

Experience and occupational preferences are sparse matrices with one column per
possible ISCO unit-group code (:data:`N_ISCO_CODES` columns), so the code *is*
the column index.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

N_ISCO_CODES = 10_000
"""Number of columns of the ISCO-indexed sparse matrices (codes 0000-9999)."""

UNKNOWN = -1
"""Marker for an unknown occupation or ISCO code."""

Day = datetime.date | np.datetime64 | str
"""A calendar day: a date, a numpy datetime64 or an ISO string."""


def to_day(day: Day) -> NDArray[np.datetime64]:
    """Normalise a day to a 0-d ``datetime64[D]`` array.

    Parameters
    ----------
    day : date, numpy.datetime64 or str
        The day, e.g. ``"2025-03-01"``.

    Returns
    -------
    ndarray of datetime64[D], shape ()
        Broadcasts against date columns.
    """
    return np.asarray(day, dtype="datetime64[D]")


def _as_csr(matrix: object, n_rows: int, name: str, dtype: type) -> sp.csr_array:
    csr = sp.csr_array(matrix, dtype=dtype)
    if csr.shape[0] != n_rows:
        raise ValueError(f"{name} has {csr.shape[0]} rows, expected {n_rows}")
    csr.sum_duplicates()
    csr.sort_indices()
    return csr


def _check_occupation_codes(occupation: NDArray[np.int32], isco: NDArray[np.int32]) -> None:
    # The short-list bounds assume a known occupation always has its ISCO group.
    if np.any((occupation >= 0) & (isco < 0)):
        raise ValueError("a row with a known occupation needs its ISCO unit group")
    if np.any(isco >= N_ISCO_CODES):
        raise ValueError(f"ISCO unit-group codes must be below {N_ISCO_CODES}")


def _check_lengths(table: object, n_rows: int) -> None:
    for field in fields(table):  # type: ignore[arg-type]
        value = getattr(table, field.name)
        if isinstance(value, np.ndarray) and value.shape[0] != n_rows:
            raise ValueError(f"{field.name} has {value.shape[0]} rows, expected {n_rows}")


@dataclass(frozen=True, eq=False)
class VacancyTable:
    """Open and closed vacancies of one labour-market region, as columns.

    Parameters
    ----------
    vacancy_ids : ndarray of int64, shape (n_vacancies,)
        Primary keys; unique.
    essential_skills, optional_skills : sparse array, shape (n_vacancies, n_skills)
        Non-zero where the vacancy lists the skill as essential / optional.
        An empty essential list gives no skill evidence (coverage 0): the
        adapter should fill it from the ESCO occupation's essential skills.
    occupation : ndarray of int32
        ESCO occupation index, ``-1`` when unknown.
    isco_unit_group : ndarray of int32
        ISCO-08 unit-group code as integer, ``-1`` when unknown.
    latitude, longitude : ndarray of float64
        Workplace location in degrees.
    is_remote : ndarray of bool
        Fully remote vacancies ignore the commute radius.
    accommodations_offered : ndarray of int64
        :class:`~decentwork.matching.vocabulary.Accommodation` bit mask.
    hours : ndarray of int64
        A single :class:`~decentwork.matching.vocabulary.HoursRegime` bit.
    contract : ndarray of int64
        A single :class:`~decentwork.matching.vocabulary.ContractType` bit.
    opens_on, closes_on : ndarray of datetime64[D]
        Publication window, both ends inclusive; ``NaT`` means unbounded.
    openings_left : ndarray of int64
        Positions still to fill.
    open_applications : ndarray of int64, optional
        Applications received and not yet decided: demand the vacancy already
        has, counted in its congestion (ADR 0009). None by default.
    """

    vacancy_ids: NDArray[np.int64]
    essential_skills: sp.csr_array
    optional_skills: sp.csr_array
    occupation: NDArray[np.int32]
    isco_unit_group: NDArray[np.int32]
    latitude: NDArray[np.float64]
    longitude: NDArray[np.float64]
    is_remote: NDArray[np.bool_]
    accommodations_offered: NDArray[np.int64]
    hours: NDArray[np.int64]
    contract: NDArray[np.int64]
    opens_on: NDArray[np.datetime64]
    closes_on: NDArray[np.datetime64]
    openings_left: NDArray[np.int64]
    open_applications: NDArray[np.int64] = None  # type: ignore[assignment]  # None: all 0

    def __post_init__(self) -> None:
        n_rows = len(self.vacancy_ids)
        coerce = object.__setattr__
        if self.open_applications is None:
            coerce(self, "open_applications", np.zeros(n_rows, dtype=np.int64))
        coerce(self, "vacancy_ids", np.asarray(self.vacancy_ids, dtype=np.int64))
        coerce(self, "occupation", np.asarray(self.occupation, dtype=np.int32))
        coerce(self, "isco_unit_group", np.asarray(self.isco_unit_group, dtype=np.int32))
        coerce(self, "latitude", np.asarray(self.latitude, dtype=np.float64))
        coerce(self, "longitude", np.asarray(self.longitude, dtype=np.float64))
        coerce(self, "is_remote", np.asarray(self.is_remote, dtype=np.bool_))
        for name in ("accommodations_offered", "hours", "contract", "openings_left",
                     "open_applications"):
            coerce(self, name, np.asarray(getattr(self, name), dtype=np.int64))
        coerce(self, "opens_on", np.asarray(self.opens_on, dtype="datetime64[D]"))
        coerce(self, "closes_on", np.asarray(self.closes_on, dtype="datetime64[D]"))
        essential = _as_csr(self.essential_skills, n_rows, "essential_skills", np.float64)
        optional = _as_csr(self.optional_skills, n_rows, "optional_skills", np.float64)
        if essential.shape[1] != optional.shape[1]:
            raise ValueError("essential_skills and optional_skills need the same skill columns")
        # Skill lists are sets: a skill counts once whatever the adapter sent.
        essential.data[:] = 1.0
        optional.data[:] = 1.0
        coerce(self, "essential_skills", essential)
        coerce(self, "optional_skills", optional)
        _check_lengths(self, n_rows)
        _check_occupation_codes(self.occupation, self.isco_unit_group)
        if len(np.unique(self.vacancy_ids)) != n_rows:
            raise ValueError("vacancy_ids must be unique")

    def __len__(self) -> int:
        return len(self.vacancy_ids)

    @property
    def n_skills(self) -> int:
        """Number of skill columns.

        Returns
        -------
        int
            Width of the skill matrices.
        """
        return int(self.essential_skills.shape[1])

    @cached_property
    def essential_counts(self) -> NDArray[np.int64]:
        """Number of essential skills of each vacancy.

        Returns
        -------
        ndarray of int64
            One count per row.
        """
        return np.asarray(np.diff(self.essential_skills.indptr), dtype=np.int64)

    @cached_property
    def optional_counts(self) -> NDArray[np.int64]:
        """Number of optional skills of each vacancy.

        Returns
        -------
        ndarray of int64
            One count per row.
        """
        return np.asarray(np.diff(self.optional_skills.indptr), dtype=np.int64)

    @cached_property
    def isco_groups(self) -> tuple[NDArray[np.int32], NDArray[np.intp]]:
        """Distinct ISCO unit-group codes of the table, and each row's position among them.

        Returns
        -------
        codes : ndarray of int32
            Sorted distinct codes (``-1`` included when some are unknown).
        positions : ndarray of intp
            Per row, the index of its code in ``codes``.
        """
        codes, positions = np.unique(self.isco_unit_group, return_inverse=True)
        return codes.astype(np.int32), positions.astype(np.intp)

    def take(self, rows: NDArray[np.intp]) -> VacancyTable:
        """Select rows, keeping every column aligned.

        Parameters
        ----------
        rows : ndarray of int
            Row positions, in the order wanted.

        Returns
        -------
        VacancyTable
            A new table holding only those rows.
        """
        return VacancyTable(**_take_columns(self, rows))


@dataclass(frozen=True, eq=False)
class SeekerTable:
    """Job seekers of one labour-market region, as columns.

    Parameters
    ----------
    seeker_ids : ndarray of int64, shape (n_seekers,)
        Primary keys; unique.
    skills : sparse array, shape (n_seekers, n_skills)
        Non-zero where the seeker's profile holds the skill (same columns as
        the vacancies' skill matrices). The value, in (0, 1], is how much the
        skill counts in skill coverage: 1 for a skill the person or a
        counsellor confirmed, less for one only inferred from work experience
        (ADR 0008). Values above 1 count as 1.
    occupation : ndarray of int32
        Target ESCO occupation index, ``-1`` when none.
    isco_unit_group : ndarray of int32
        ISCO-08 unit group of the target occupation, ``-1`` when none.
    experience_years : sparse array, shape (n_seekers, N_ISCO_CODES)
        Years of work experience by ISCO unit-group code (column = code);
        informal and unpaid work may be recorded under its nearest group.
    preferred_unit_groups : sparse array, shape (n_seekers, N_ISCO_CODES)
        Non-zero for ISCO unit groups the seeker said they would like to work in.
    latitude, longitude : ndarray of float64
        Home location in degrees.
    commute_radius_km : ndarray of float64
        Farthest acceptable on-site workplace, great-circle distance.
    accommodations_required : ndarray of int64
        :class:`~decentwork.matching.vocabulary.Accommodation` mask the
        vacancy must cover entirely.
    hours_accepted, contracts_accepted : ndarray of int64
        Masks of acceptable :class:`HoursRegime` / :class:`ContractType`.
    consents_to_be_proposed : ndarray of bool
        Whether employers may see this seeker as a candidate.
    groups : ndarray of int64
        :class:`~decentwork.matching.vocabulary.SeekerGroup` mask, set only
        with recorded consent.
    accepts_remote : ndarray of bool, optional
        Whether fully remote vacancies may be proposed; everyone by default.
    excluded_vacancies : sparse array, shape (n_seekers, n_ids), optional
        Non-zero where the column's *vacancy id* must never be recommended to the
        row's seeker (an open or refused application, say): a per-pair hard
        constraint, :attr:`ExclusionReason.ALREADY_APPLIED`. Any width above the
        largest excluded id; none excluded by default.
    past_occupations : sparse array, shape (n_seekers, n_occupations), optional
        Non-zero where the seeker has worked in the column's ESCO occupation
        (column = occupation index). Each such occupation's ISCO unit group
        should also be a column of ``experience_years``; a past occupation
        counts as "the same occupation" only where it does. Any width; none by
        default.
    """

    seeker_ids: NDArray[np.int64]
    skills: sp.csr_array
    occupation: NDArray[np.int32]
    isco_unit_group: NDArray[np.int32]
    experience_years: sp.csr_array
    preferred_unit_groups: sp.csr_array
    latitude: NDArray[np.float64]
    longitude: NDArray[np.float64]
    commute_radius_km: NDArray[np.float64]
    accommodations_required: NDArray[np.int64]
    hours_accepted: NDArray[np.int64]
    contracts_accepted: NDArray[np.int64]
    consents_to_be_proposed: NDArray[np.bool_]
    groups: NDArray[np.int64]
    accepts_remote: NDArray[np.bool_] = None  # type: ignore[assignment]  # None: all True
    excluded_vacancies: sp.csr_array = None  # None: no pair excluded
    past_occupations: sp.csr_array = None  # None: no past occupation known

    def __post_init__(self) -> None:
        n_rows = len(self.seeker_ids)
        coerce = object.__setattr__
        if self.accepts_remote is None:
            coerce(self, "accepts_remote", np.ones(n_rows, dtype=np.bool_))
        if self.excluded_vacancies is None:
            coerce(self, "excluded_vacancies", sp.csr_array((n_rows, 0), dtype=np.float64))
        excluded = _as_csr(self.excluded_vacancies, n_rows, "excluded_vacancies", np.float64)
        excluded.data[:] = 1.0
        coerce(self, "excluded_vacancies", excluded)
        if self.past_occupations is None:
            coerce(self, "past_occupations", sp.csr_array((n_rows, 0), dtype=np.float64))
        past = _as_csr(self.past_occupations, n_rows, "past_occupations", np.float64)
        past.data[:] = 1.0
        coerce(self, "past_occupations", past)
        coerce(self, "accepts_remote", np.asarray(self.accepts_remote, dtype=np.bool_))
        coerce(self, "seeker_ids", np.asarray(self.seeker_ids, dtype=np.int64))
        coerce(self, "occupation", np.asarray(self.occupation, dtype=np.int32))
        coerce(self, "isco_unit_group", np.asarray(self.isco_unit_group, dtype=np.int32))
        for name in ("latitude", "longitude", "commute_radius_km"):
            coerce(self, name, np.asarray(getattr(self, name), dtype=np.float64))
        for name in ("accommodations_required", "hours_accepted", "contracts_accepted", "groups"):
            coerce(self, name, np.asarray(getattr(self, name), dtype=np.int64))
        coerce(
            self,
            "consents_to_be_proposed",
            np.asarray(self.consents_to_be_proposed, dtype=np.bool_),
        )
        skills = _as_csr(self.skills, n_rows, "skills", np.float64)
        if np.any(skills.data < 0) or not np.all(np.isfinite(skills.data)):
            raise ValueError("skill weights must be finite and non-negative")
        # A skill counts at most once, whatever the adapter sent.
        np.minimum(skills.data, 1.0, out=skills.data)
        skills.eliminate_zeros()
        coerce(self, "skills", skills)
        experience = _as_csr(self.experience_years, n_rows, "experience_years", np.float64)
        preferred = _as_csr(self.preferred_unit_groups, n_rows, "preferred_unit_groups", np.float64)
        for name, matrix in (("experience_years", experience), ("preferred", preferred)):
            if matrix.shape[1] != N_ISCO_CODES:
                raise ValueError(f"{name} needs {N_ISCO_CODES} columns (one per ISCO code)")
        preferred.data[:] = 1.0
        coerce(self, "experience_years", experience)
        coerce(self, "preferred_unit_groups", preferred)
        _check_lengths(self, n_rows)
        _check_occupation_codes(self.occupation, self.isco_unit_group)
        if len(np.unique(self.seeker_ids)) != n_rows:
            raise ValueError("seeker_ids must be unique")

    def __len__(self) -> int:
        return len(self.seeker_ids)

    def take(self, rows: NDArray[np.intp]) -> SeekerTable:
        """Select rows, keeping every column aligned (e.g. to cut a batch chunk).

        Parameters
        ----------
        rows : ndarray of int
            Row positions, in the order wanted.

        Returns
        -------
        SeekerTable
            A new table holding only those rows.
        """
        return SeekerTable(**_take_columns(self, rows))

    @cached_property
    def held_skills(self) -> sp.csr_array:
        """Which skills each seeker holds, every one as 1 whatever its weight.

        Returns
        -------
        sparse array, shape (n_seekers, n_skills)
            The pattern of :attr:`skills`. Counting shared skills on it gives an
            upper bound of the weighted count, which the candidate search needs.
        """
        held = self.skills.copy()
        held.data[:] = 1.0
        return held

    @cached_property
    def skill_shortfall(self) -> sp.csr_array:
        """How much less than 1 each held skill counts (1 - weight), zeros dropped.

        Returns
        -------
        sparse array, shape (n_seekers, n_skills)
            Non-zero only for skills held with a weight below 1; empty when
            every skill is confirmed.
        """
        shortfall = self.skills.copy()
        shortfall.data = 1.0 - shortfall.data
        shortfall.eliminate_zeros()
        return shortfall

    @cached_property
    def excluded_pair_keys(self) -> NDArray[np.int64]:
        """``row * width + vacancy_id`` of every excluded pair, sorted.

        Returns
        -------
        ndarray of int64
            One key per non-zero of :attr:`excluded_vacancies` (``width`` is its
            number of columns); sorted because each row's columns are.
        """
        excluded = self.excluded_vacancies
        rows = np.repeat(np.arange(len(self), dtype=np.int64), np.diff(excluded.indptr))
        return np.asarray(rows * np.int64(excluded.shape[1]) + excluded.indices, dtype=np.int64)

    def row_of(self, seeker_id: int) -> int:
        """Row position of a seeker id.

        Parameters
        ----------
        seeker_id : int
            Primary key.

        Returns
        -------
        int
            Row position.

        Raises
        ------
        KeyError
            If the id is not in the table.
        """
        hits = np.flatnonzero(self.seeker_ids == seeker_id)
        if len(hits) == 0:
            raise KeyError(f"seeker {seeker_id} is not in this table")
        return int(hits[0])


def _take_columns(table: object, rows: NDArray[np.intp]) -> dict[str, Any]:
    selected: dict[str, Any] = {}
    for field in fields(table):  # type: ignore[arg-type]
        value = getattr(table, field.name)
        selected[field.name] = value[rows] if isinstance(value, np.ndarray) else value[rows, :]
    return selected
