"""The nearest occupations with open vacancies, for a seeker with no close match.

When nothing is above the relevance floor, an honest answer is not a list of
unrelated jobs but the occupations nearest to the person that the region is
hiring for, and what separates the person from them.
:meth:`RegionMatcher.nearest_occupations` scores the candidates; this module
groups them by occupation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, eq=False)
class OccupationSuggestions:
    """Nearest occupations of each seeker, as aligned columns.

    Rows are grouped by seeker (increasing id), then by rank.

    Attributes
    ----------
    seeker_ids : ndarray of int64
        The seeker.
    occupations : ndarray of int32
        ESCO occupation index of the suggestion.
    vacancy_ids : ndarray of int64
        The occupation's open vacancy nearest to the seeker, eligible ones
        first: the example whose missing skills and reasons are explained.
    ranks : ndarray of int32
        1-based rank among the seeker's suggestions.
    nearness : ndarray of float64
        Best score of the occupation's vacancies for the seeker, leaving out
        the commute: skills held, occupational closeness, experience and
        preference.
    open_vacancies : ndarray of int64
        Open vacancies of the occupation in the region.
    """

    seeker_ids: NDArray[np.int64]
    occupations: NDArray[np.int32]
    vacancy_ids: NDArray[np.int64]
    ranks: NDArray[np.int32]
    nearness: NDArray[np.float64]
    open_vacancies: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.seeker_ids)


def suggest_occupations(
    seeker_ids: NDArray[np.int64],
    occupations: NDArray[np.int32],
    vacancy_ids: NDArray[np.int64],
    nearness: NDArray[np.float64],
    eligible: NDArray[np.bool_],
    open_vacancies: NDArray[np.int64],
    n: int,
) -> OccupationSuggestions:
    """Group scored seeker-vacancy pairs by occupation and keep each seeker's nearest ``n``.

    Parameters
    ----------
    seeker_ids, occupations, vacancy_ids : ndarray, shape (n_pairs,)
        The pairs and each vacancy's ESCO occupation index (``-1``: unknown,
        never suggested).
    nearness : ndarray of float64
        Score of each pair without its distance contribution; pairs at 0 (no
        skill, occupation, experience or preference in common) are never
        suggested.
    eligible : ndarray of bool
        Whether the pair meets every hard constraint.
    open_vacancies : ndarray of int64
        Open vacancies of each pair's occupation in the region.
    n : int
        Suggestions per seeker.

    Returns
    -------
    OccupationSuggestions
        Occupations ranked by their best nearness (ties: smaller index); each
        with its nearest eligible vacancy, or nearest vacancy when none is
        eligible.
    """
    usable = (occupations >= 0) & (nearness > 0)
    seeker_ids, occupations = seeker_ids[usable], occupations[usable]
    vacancy_ids, nearness = vacancy_ids[usable], nearness[usable]
    eligible, open_vacancies = eligible[usable], open_vacancies[usable]
    # Within each (seeker, occupation): eligible first, then nearest, then smaller id.
    order = np.lexsort((vacancy_ids, -nearness, ~eligible, occupations, seeker_ids))
    same_group = (seeker_ids[order][1:] == seeker_ids[order][:-1]) & (
        occupations[order][1:] == occupations[order][:-1]
    )
    firsts = np.flatnonzero(np.r_[True, ~same_group]) if len(order) else np.zeros(0, np.intp)
    representative = order[firsts]
    best = (
        np.maximum.reduceat(nearness[order], firsts) if len(order) else np.zeros(0, np.float64)
    )
    group_seekers = seeker_ids[representative]
    group_occupations = occupations[representative]
    ranked = np.lexsort((group_occupations, -best, group_seekers))
    sorted_seekers = group_seekers[ranked]
    ranks = np.arange(len(ranked)) - np.searchsorted(sorted_seekers, sorted_seekers, side="left")
    keep = ranked[ranks < n]
    return OccupationSuggestions(
        seeker_ids=np.asarray(group_seekers[keep], dtype=np.int64),
        occupations=np.asarray(group_occupations[keep], dtype=np.int32),
        vacancy_ids=np.asarray(vacancy_ids[representative][keep], dtype=np.int64),
        ranks=(ranks[ranks < n] + 1).astype(np.int32),
        nearness=np.asarray(best[keep], dtype=np.float64),
        open_vacancies=np.asarray(open_vacancies[representative][keep], dtype=np.int64),
    )
