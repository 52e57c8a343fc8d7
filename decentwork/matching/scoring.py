"""Match score of eligible seeker-vacancy pairs, decomposed into components.

The score is a weighted sum of six components, each in [0, 1]:

``essential_skills``  share of the vacancy's essential skills the seeker holds,
                      each counted with its weight on the profile (1 when
                      confirmed, less when inferred from experience);
``optional_skills``   share of its optional skills the seeker holds, likewise;
``occupation``        how close the vacancy's occupation is to the nearest of
                      the seeker's occupations: the target, past occupations
                      and preferred groups (same ESCO occupation > ISCO unit
                      group > minor > sub-major group);
``experience``        years worked in the vacancy's ISCO group (nearer groups
                      count fully, farther ones partly), saturating;
``preference``        the vacancy's ISCO unit group is one the seeker asked for;
``distance``          exponential decay of the commute (remote work counts as
                      no commute).

Because the score is the plain sum of ``weight * component``, an explanation can
show each contribution and they add up to the score exactly. Default weights and
their reasons are in ``docs/decisions/0008-matching-weights.md``, and so is the
:class:`RelevanceFloor` below which a pair is not shown at all.
"""

from __future__ import annotations

import enum
from dataclasses import astuple, dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from decentwork.matching.tables import N_ISCO_CODES, SeekerTable, VacancyTable
from decentwork.matching.vocabulary import RelevanceReason


class ScoreComponent(enum.StrEnum):
    """Named parts of the match score, in the column order of score arrays."""

    ESSENTIAL_SKILLS = "essential_skills"
    OPTIONAL_SKILLS = "optional_skills"
    OCCUPATION = "occupation"
    EXPERIENCE = "experience"
    PREFERENCE = "preference"
    DISTANCE = "distance"


class OccupationLevel(enum.IntEnum):
    """Finest classification level two occupations share (smaller is closer).

    For a seeker and a vacancy, the closest level between the vacancy's
    occupation and any of the seeker's: the target occupation, past
    occupations (by ESCO occupation and by the ISCO unit groups of the
    experience) and the preferred unit groups.
    """

    SAME_OCCUPATION = 0
    SAME_UNIT_GROUP = 1
    SAME_MINOR_GROUP = 2
    SAME_SUB_MAJOR_GROUP = 3
    UNRELATED = 4


@dataclass(frozen=True)
class MatchWeights:
    """Weights of the score components; the defaults sum to 1.

    Parameters
    ----------
    essential_skills, optional_skills, occupation, experience, preference, distance : float
        Non-negative weight of the component with the same name.
    """

    essential_skills: float = 0.40
    optional_skills: float = 0.10
    occupation: float = 0.20
    experience: float = 0.10
    preference: float = 0.10
    distance: float = 0.10

    def __post_init__(self) -> None:
        if min(astuple(self)) < 0:
            raise ValueError("weights must be non-negative")

    def as_array(self) -> NDArray[np.float64]:
        """Weights in :class:`ScoreComponent` order.

        Returns
        -------
        ndarray of float64, shape (6,)
            One weight per component.
        """
        return np.array(astuple(self), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class PairScores:
    """Component values and total score of aligned seeker-vacancy pairs.

    Attributes
    ----------
    components : ndarray of float64, shape (n_pairs, 6)
        Raw component values in [0, 1], columns in :class:`ScoreComponent` order.
    contributions : ndarray of float64, shape (n_pairs, 6)
        ``components * weights``.
    total : ndarray of float64, shape (n_pairs,)
        Sum of the contributions, added left to right so that summing an
        explanation's contributions in component order gives the same float.
    occupation_level : ndarray of int8
        :class:`OccupationLevel` of each pair (closest of the seeker's occupations).
    relevant_experience_years : ndarray of float64
        Credited years behind the experience component.
    """

    components: NDArray[np.float64]
    contributions: NDArray[np.float64]
    total: NDArray[np.float64]
    occupation_level: NDArray[np.int8]
    relevant_experience_years: NDArray[np.float64]


@dataclass(frozen=True)
class RelevanceFloor:
    """When an eligible pair is close enough to the seeker to be shown (ADR 0008).

    A pair is *relevant* when there is evidence that the job is the person's
    kind of work -- they hold at least one of the vacancy's essential skills,
    or its occupation is in the ISCO minor group (or closer) of their target,
    past or preferred occupations -- **and** its score is at least
    ``min_score``. Anything else is left out of the list rather than shown as
    an unrelated job; a seeker with nothing relevant is told so, with the
    nearest occupations instead (:meth:`RegionMatcher.nearest_occupations`).

    Parameters
    ----------
    min_score : float
        Lowest score of a relevant pair.
    """

    min_score: float = 0.2

    def relevant(
        self, scores: PairScores, matched_essential: NDArray[np.float64]
    ) -> NDArray[np.bool_]:
        """Which scored pairs are relevant.

        Parameters
        ----------
        scores : PairScores
            The pairs' scores.
        matched_essential : ndarray of float64
            Weighted number of the vacancy's essential skills each seeker
            holds (positive when they hold one).

        Returns
        -------
        ndarray of bool
            One flag per pair.
        """
        return np.asarray(self.reason_masks(scores, matched_essential) == 0, dtype=np.bool_)

    def reason_masks(
        self, scores: PairScores, matched_essential: NDArray[np.float64]
    ) -> NDArray[np.int64]:
        """Why each pair is not relevant, as :attr:`RelevanceReason.bit` masks.

        Parameters
        ----------
        scores : PairScores
            The pairs' scores.
        matched_essential : ndarray of float64
            Weighted number of the vacancy's essential skills each seeker
            holds (positive when they hold one).

        Returns
        -------
        ndarray of int64
            0 for a relevant pair.
        """
        unrelated = (np.asarray(matched_essential) <= 0) & (
            scores.occupation_level > OccupationLevel.SAME_MINOR_GROUP
        )
        low = scores.total < self.min_score
        return np.asarray(
            unrelated * RelevanceReason.UNRELATED.bit
            + low * RelevanceReason.BELOW_MINIMUM_SCORE.bit,
            dtype=np.int64,
        )


def isco_level(codes_a: NDArray[np.int32], codes_b: NDArray[np.int32]) -> NDArray[np.int8]:
    """Finest ISCO-08 level shared by two unit-group codes.

    Parameters
    ----------
    codes_a, codes_b : ndarray of int32
        4-digit ISCO codes as integers, ``-1`` for unknown; broadcast.

    Returns
    -------
    ndarray of int8
        ``OccupationLevel.SAME_UNIT_GROUP`` .. ``UNRELATED``; unknown codes are
        unrelated to everything, including each other.
    """
    known = (codes_a >= 0) & (codes_b >= 0)
    level = np.full(np.broadcast(codes_a, codes_b).shape, OccupationLevel.UNRELATED, np.int8)
    for divisor, shared in (
        (100, OccupationLevel.SAME_SUB_MAJOR_GROUP),
        (10, OccupationLevel.SAME_MINOR_GROUP),
        (1, OccupationLevel.SAME_UNIT_GROUP),
    ):
        level[known & (codes_a // divisor == codes_b // divisor)] = shared
    return level


class MatchScorer:
    """Score seeker-vacancy pairs as a weighted sum of explainable components.

    Parameters
    ----------
    weights : MatchWeights
        Component weights.
    occupation_credits : tuple of 4 floats
        Occupation component for the same ESCO occupation, same unit group,
        same minor group, same sub-major group, taken at the closest of the
        seeker's target, past occupations and preferred groups; anything
        farther scores 0.
    experience_credits : tuple of 3 floats
        Share of a year worked in the same unit / minor / sub-major group that
        counts as a year in the vacancy's group.
    experience_saturation_years : float
        Credited years at which the experience component reaches 1.
    distance_half_life_km : float
        Commute at which the distance component halves.
    """

    def __init__(
        self,
        weights: MatchWeights | None = None,
        *,
        occupation_credits: tuple[float, float, float, float] = (1.0, 0.75, 0.5, 0.25),
        experience_credits: tuple[float, float, float] = (1.0, 0.5, 0.25),
        experience_saturation_years: float = 5.0,
        distance_half_life_km: float = 10.0,
    ) -> None:
        self.weights = weights if weights is not None else MatchWeights()
        self.occupation_credits = occupation_credits
        self.experience_credits = experience_credits
        self.experience_saturation_years = experience_saturation_years
        self.distance_half_life_km = distance_half_life_km

    def score_pairs(
        self,
        seekers: SeekerTable,
        seeker_rows: NDArray[np.intp],
        vacancies: VacancyTable,
        vacancy_rows: NDArray[np.intp],
        *,
        matched_essential: NDArray[np.float64],
        matched_optional: NDArray[np.float64],
        distance_km: NDArray[np.float64],
    ) -> PairScores:
        """Score aligned pairs whose shared-skill counts are already known.

        Parameters
        ----------
        seekers, vacancies : SeekerTable, VacancyTable
            The tables the row arrays index into.
        seeker_rows, vacancy_rows : ndarray of int, shape (n_pairs,)
            The pairs.
        matched_essential, matched_optional : ndarray of float64, shape (n_pairs,)
            Number of the vacancy's essential / optional skills the seeker
            holds, each counted with the seeker's weight for it.
        distance_km : ndarray of float64, shape (n_pairs,)
            Home -> workplace distance.

        Returns
        -------
        PairScores
            Components, contributions and totals.
        """
        essential_total = vacancies.essential_counts[vacancy_rows]
        optional_total = vacancies.optional_counts[vacancy_rows]
        vacancy_isco = vacancies.isco_unit_group[vacancy_rows]
        level = _occupation_level(seekers, seeker_rows, vacancies, vacancy_rows)
        occupation_credit = np.append(np.asarray(self.occupation_credits, np.float64), 0.0)
        years = self._relevant_experience_years(seekers, seeker_rows, vacancy_isco)
        half_lives = distance_km / self.distance_half_life_km
        components = np.column_stack(
            (
                _safe_ratio(matched_essential, essential_total),
                _safe_ratio(matched_optional, optional_total),
                occupation_credit[level],
                np.minimum(years / self.experience_saturation_years, 1.0),
                _lookup_pairs(seekers.preferred_unit_groups, seeker_rows, vacancy_isco),
                np.where(vacancies.is_remote[vacancy_rows], 1.0, np.exp2(-half_lives)),
            )
        )
        contributions = components * self.weights.as_array()
        total = contributions[:, 0].copy()
        for column in range(1, contributions.shape[1]):
            total += contributions[:, column]
        return PairScores(components, contributions, total, level, years)

    def bound_beyond_minor_groups(
        self, max_experience_years: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Highest score a vacancy can reach when it shares no skill and no
        ISCO minor group with the seeker's target, experience or preferences.

        Parameters
        ----------
        max_experience_years : ndarray of float64
            Each seeker's largest experience entry.

        Returns
        -------
        ndarray of float64
            Upper bound per seeker, used to prove a short list holds the
            exact top ``k``.
        """
        sub_major_years = max_experience_years * self.experience_credits[2]
        weights = self.weights
        return (
            weights.occupation * self.occupation_credits[3]
            + weights.experience * np.minimum(sub_major_years / self.experience_saturation_years, 1)
            + weights.distance
        )

    def bound_beyond_sub_major_groups(self) -> float:
        """Highest score of a vacancy sharing no skill and no ISCO sub-major group.

        Returns
        -------
        float
            Only the distance component can still contribute.
        """
        return self.weights.distance

    def upper_bounds(
        self,
        seekers: SeekerTable,
        seeker_rows: NDArray[np.intp],
        vacancies: VacancyTable,
        vacancy_rows: NDArray[np.intp],
        *,
        matched_essential: NDArray[np.float64],
        matched_optional: NDArray[np.float64],
        near: NDArray[np.bool_],
        max_experience_years: NDArray[np.float64],
        experience_credit_when_far: float,
    ) -> NDArray[np.float64]:
        """Cheap upper bound of the score of pairs with known shared-skill counts.

        Skill components are exact for the counts given (the candidate search
        passes counts of skills held, an upper bound of their weighted sums),
        the occupation component is exact; experience assumes the
        seeker's longest entry is in the nearest possible group, preference is
        possible only ``near`` the seeker's groups, distance is taken as zero.

        Parameters
        ----------
        seekers, vacancies : SeekerTable, VacancyTable
            Tables the row arrays index into.
        seeker_rows, vacancy_rows : ndarray of int
            The pairs.
        matched_essential, matched_optional : ndarray of float64
            Shared-skill counts, or any larger numbers.
        near : ndarray of bool
            Pair lies inside one of the seeker's ISCO groups at the current tier.
        max_experience_years : ndarray of float64
            Longest experience entry of each pair's seeker.
        experience_credit_when_far : float
            Best experience credit for a vacancy outside the seeker's groups.

        Returns
        -------
        ndarray of float64
            Bound per pair, never below its exact score.
        """
        weights = self.weights
        skill_part = weights.essential_skills * _safe_ratio(
            matched_essential, vacancies.essential_counts[vacancy_rows]
        ) + weights.optional_skills * _safe_ratio(
            matched_optional, vacancies.optional_counts[vacancy_rows]
        )
        occupation_credit = np.append(np.asarray(self.occupation_credits, np.float64), 0.0)
        level = _occupation_level(seekers, seeker_rows, vacancies, vacancy_rows)
        credited_years = max_experience_years * np.where(near, 1.0, experience_credit_when_far)
        states_preferences = np.diff(seekers.preferred_unit_groups.indptr)[seeker_rows] > 0
        bound = (
            skill_part
            + weights.occupation * occupation_credit[level]
            + weights.experience * np.minimum(credited_years / self.experience_saturation_years, 1)
            + weights.preference * (near & states_preferences)
            + weights.distance
        )
        return np.asarray(bound, dtype=np.float64)

    def _relevant_experience_years(
        self,
        seekers: SeekerTable,
        seeker_rows: NDArray[np.intp],
        vacancy_isco: NDArray[np.int32],
    ) -> NDArray[np.float64]:
        experience = seekers.experience_years
        years = np.zeros(len(seeker_rows), dtype=np.float64)
        pair_of_entry, entries = _row_entries(experience, seeker_rows)
        if len(entries) == 0:
            return years
        level = isco_level(
            experience.indices[entries].astype(np.int32), vacancy_isco[pair_of_entry]
        )
        credit_by_level = np.array((1.0, *self.experience_credits, 0.0))
        credited = experience.data[entries] * credit_by_level[level]
        np.maximum.at(years, pair_of_entry, credited)
        return years


def _row_entries(
    matrix: sp.csr_array, rows: NDArray[np.intp]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """One item per (pair, stored entry of the pair's row): seekers list few entries.

    Returns the pair of each item and the item's position in ``matrix.indices``.
    """
    starts = matrix.indptr[rows]
    lengths = matrix.indptr[rows + 1] - starts
    total = int(lengths.sum())
    pair_of_entry = np.repeat(np.arange(len(rows)), lengths)
    entries = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    return pair_of_entry, entries.astype(np.intp)


def _occupation_level(
    seekers: SeekerTable,
    seeker_rows: NDArray[np.intp],
    vacancies: VacancyTable,
    vacancy_rows: NDArray[np.intp],
) -> NDArray[np.int8]:
    """Closest level between the vacancy and any of the seeker's occupations.

    The ISCO part depends only on the seeker and the vacancy's unit group, so it
    is tabulated once per distinct seeker over the region's distinct unit groups
    and looked up per pair: a query costs one gather however many groups the
    seeker lists.
    """
    codes, code_of_row = vacancies.isco_groups
    owners, owner_of_pair = _distinct_rows(seeker_rows)
    table = _group_levels(seekers, owners, codes)
    vacancy_codes = code_of_row[vacancy_rows]
    level = (
        table[0][vacancy_codes]
        if len(owners) == 1
        else table.ravel()[owner_of_pair * len(codes) + vacancy_codes]
    )
    vacancy_occupation = vacancies.occupation[vacancy_rows]
    seeker_occupation = seekers.occupation[seeker_rows]
    level[(seeker_occupation == vacancy_occupation) & (seeker_occupation >= 0)] = (
        OccupationLevel.SAME_OCCUPATION
    )
    past = seekers.past_occupations
    # A past occupation can only be the vacancy's where the unit group already matches:
    # the short lists' bounds count on such a vacancy lying in one of the seeker's groups.
    candidates = np.flatnonzero(
        (level == OccupationLevel.SAME_UNIT_GROUP) & (np.diff(past.indptr)[seeker_rows] > 0)
    )
    pair_of_entry, entries = _row_entries(past, seeker_rows[candidates])
    if len(entries):
        pairs = candidates[pair_of_entry]
        same = past.indices[entries] == vacancy_occupation[pairs]
        level[pairs[same]] = OccupationLevel.SAME_OCCUPATION
    return np.asarray(level, dtype=np.int8)


def _distinct_rows(rows: NDArray[np.intp]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Distinct values and each item's position among them (fast for grouped rows)."""
    if len(rows) == 0 or (rows[0] == rows[-1] and np.all(rows == rows[0])):
        # One seeker's query: every pair has the same owner.
        return rows[:1], np.zeros(len(rows), dtype=np.intp)
    steps = np.diff(rows)
    if np.all(steps >= 0):
        starts = np.flatnonzero(steps) + 1
        lengths = np.diff(np.r_[0, starts, len(rows)])
        return rows[np.r_[0, starts]], np.repeat(np.arange(len(lengths)), lengths)
    distinct, inverse = np.unique(rows, return_inverse=True)
    return distinct.astype(np.intp), inverse.astype(np.intp)


def _group_levels(
    seekers: SeekerTable, rows: NDArray[np.intp], codes: NDArray[np.int32]
) -> NDArray[np.int8]:
    """Closest ISCO level of each seeker row to each unit-group code.

    The seeker's groups are the target's and those of the experience and the
    preferences; shape ``(len(rows), len(codes))``.
    """
    owners, listed = [], []
    target = seekers.isco_unit_group[rows]
    owners.append(np.flatnonzero(target >= 0))
    listed.append(target[target >= 0])
    for matrix in (seekers.experience_years, seekers.preferred_unit_groups):
        pair_of_entry, entries = _row_entries(matrix, rows)
        owners.append(pair_of_entry)
        listed.append(matrix.indices[entries].astype(np.int32))
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable")
    owner, code = owner[order], np.concatenate(listed)[order]
    table = np.full((len(rows), len(codes)), OccupationLevel.UNRELATED, dtype=np.int8)
    if len(owner):
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        levels = isco_level(code[:, np.newaxis], codes[np.newaxis, :])
        table[owner[starts]] = np.minimum.reduceat(levels, starts, axis=0)
    return table


def _safe_ratio(
    numerator: NDArray[np.float64], denominator: NDArray[np.int64]
) -> NDArray[np.float64]:
    return np.divide(numerator, denominator, out=np.zeros(len(numerator)), where=denominator > 0)


def _lookup_pairs(
    matrix: sp.csr_array, rows: NDArray[np.intp], columns: NDArray[np.int32]
) -> NDArray[np.float64]:
    valid = (columns >= 0) & (columns < N_ISCO_CODES)
    values = np.zeros(len(rows), dtype=np.float64)
    if matrix.nnz and valid.any():
        values[valid] = np.asarray(matrix[rows[valid], columns[valid]]).ravel()
    return values
