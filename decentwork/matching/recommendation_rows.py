"""The rows a recommendation run produces, ready for a bulk database insert."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, eq=False)
class RecommendationRows:
    """Ranked (seeker, vacancy) recommendations as aligned columns.

    Rows are grouped by the list owner (the seeker for vacancy recommendations,
    the vacancy for candidate lists) in input order, then by rank.

    Attributes
    ----------
    seeker_ids, vacancy_ids : ndarray of int64
        The recommended pair.
    ranks : ndarray of int32
        1-based position in the owner's list.
    scores : ndarray of float64
        Match score of the pair (what explanations decompose).
    ranking_scores : ndarray of float64
        Score the list is ordered by: equal to ``scores`` for plain top-k,
        the congestion- and fairness-adjusted score otherwise.
    """

    seeker_ids: NDArray[np.int64]
    vacancy_ids: NDArray[np.int64]
    ranks: NDArray[np.int32]
    scores: NDArray[np.float64]
    ranking_scores: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.seeker_ids)

    @classmethod
    def empty(cls) -> RecommendationRows:
        """A result with no rows.

        Returns
        -------
        RecommendationRows
            Zero-length columns of the right dtypes.
        """
        return cls(
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            np.zeros(0, np.int32),
            np.zeros(0, np.float64),
            np.zeros(0, np.float64),
        )

    @classmethod
    def concatenate(cls, parts: Sequence[RecommendationRows]) -> RecommendationRows:
        """Stack results, e.g. of the chunks of a batch run.

        Parameters
        ----------
        parts : sequence of RecommendationRows
            Results in the order wanted.

        Returns
        -------
        RecommendationRows
            All rows.
        """
        if not parts:
            return cls.empty()
        columns = {
            field.name: np.concatenate([getattr(part, field.name) for part in parts])
            for field in fields(cls)
        }
        return cls(**columns)

    def equals(self, other: RecommendationRows) -> bool:
        """Exact, row-by-row equality (used to check batch idempotency).

        Parameters
        ----------
        other : RecommendationRows
            Result to compare with.

        Returns
        -------
        bool
            True when every column is identical.
        """
        return all(
            np.array_equal(getattr(self, field.name), getattr(other, field.name))
            for field in fields(self)
        )
