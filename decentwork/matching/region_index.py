"""Per-region vacancy index: the data a matcher needs, laid out for fast lookups.

Labour markets are local, so each labour-market region gets its own index that
fits one machine. Two layouts make candidate generation cheap:

* vacancies are stored **sorted by ISCO unit group**, so every ISCO minor or
  sub-major group is one contiguous slice found by binary search;
* the skill matrices are also kept **transposed** (skill -> vacancies), so the
  vacancies sharing a skill with a seeker come from one sparse product.

The index is saved as a single uncompressed ``.npz`` file (no pickle), so a
worker can load a region without trusting the file's producer.
"""

from __future__ import annotations

import os
from dataclasses import fields
from typing import Self

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from decentwork.matching.tables import VacancyTable

INDEX_FORMAT_VERSION = 2
"""Bumped whenever the saved layout changes; loading another version fails."""

_SPARSE_FIELDS = ("essential_skills", "optional_skills")

OPTIONAL_POSTING_WEIGHT = 1024.0
"""Value of an optional skill in :attr:`RegionIndex.skill_postings`.

Vacancies list far fewer than 1024 skills, so a seeker-row product with the
postings yields ``essential + 1024 * optional`` shared skills per vacancy, and
both counts are recovered exactly from one sparse product.
"""


class RegionIndex:
    """Vacancies of one labour-market region, indexed for matching.

    Build it with :meth:`build` (or :meth:`load`); the constructor is for
    already-sorted tables.

    Parameters
    ----------
    vacancies : VacancyTable
        Vacancies sorted by ``isco_unit_group`` (then id).
    skill_uris : ndarray of str, optional
        ESCO URI of each skill column, used in explanations.

    Attributes
    ----------
    skill_postings : sparse array, shape (n_skills, n_vacancies)
        For each skill, the vacancies listing it: 1 where essential,
        :data:`OPTIONAL_POSTING_WEIGHT` where optional.
    """

    def __init__(self, vacancies: VacancyTable, skill_uris: NDArray[np.str_] | None = None):
        if np.any(np.diff(vacancies.isco_unit_group) < 0):
            raise ValueError("vacancies must be sorted by isco_unit_group; use RegionIndex.build")
        if skill_uris is not None and len(skill_uris) != vacancies.n_skills:
            raise ValueError("skill_uris needs one URI per skill column")
        self.vacancies = vacancies
        self.skill_uris = skill_uris
        self.skill_postings = sp.csr_array(
            vacancies.essential_skills.T + vacancies.optional_skills.T * OPTIONAL_POSTING_WEIGHT
        )
        self._id_order = np.argsort(vacancies.vacancy_ids, kind="stable")

    @classmethod
    def build(cls, vacancies: VacancyTable, skill_uris: NDArray[np.str_] | None = None) -> Self:
        """Index a region's vacancies.

        Parameters
        ----------
        vacancies : VacancyTable
            The region's vacancies in any order; closed ones may be included
            (they are filtered per request and still answer "why not").
        skill_uris : ndarray of str, optional
            ESCO URI of each skill column.

        Returns
        -------
        RegionIndex
            The index.
        """
        order = np.lexsort((vacancies.vacancy_ids, vacancies.isco_unit_group))
        return cls(vacancies.take(order), skill_uris)

    @property
    def n_vacancies(self) -> int:
        """Number of indexed vacancies.

        Returns
        -------
        int
            Row count.
        """
        return len(self.vacancies)

    def rows_of(self, vacancy_ids: NDArray[np.int64]) -> NDArray[np.intp]:
        """Row positions of vacancy ids.

        Parameters
        ----------
        vacancy_ids : ndarray of int64
            Ids to find.

        Returns
        -------
        ndarray of intp
            Row of each id.

        Raises
        ------
        KeyError
            If an id is not indexed.
        """
        ids = np.atleast_1d(np.asarray(vacancy_ids, dtype=np.int64))
        sorted_ids = self.vacancies.vacancy_ids[self._id_order]
        positions = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
        if len(sorted_ids) == 0 or np.any(sorted_ids[positions] != ids):
            raise KeyError("vacancy id not in this region's index")
        return self._id_order[positions]

    def isco_slices(self, group_codes: NDArray[np.int64], digits: int) -> NDArray[np.intp]:
        """Row ranges of the vacancies in given ISCO groups.

        Parameters
        ----------
        group_codes : ndarray of int64
            Group codes at the chosen level, e.g. minor group 251.
        digits : int
            Digits of the group codes: 3 (minor) or 2 (sub-major).

        Returns
        -------
        ndarray of intp, shape (n_groups, 2)
            ``[start, stop)`` row range of each group.
        """
        width = 10 ** (4 - digits)
        isco = self.vacancies.isco_unit_group
        starts = np.searchsorted(isco, group_codes * width, side="left")
        stops = np.searchsorted(isco, (group_codes + 1) * width, side="left")
        return np.column_stack((starts, stops)).astype(np.intp)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to one ``.npz`` file.

        Parameters
        ----------
        path : str or path-like
            Destination; numpy appends ``.npz`` when missing.
        """
        arrays: dict[str, NDArray[np.generic]] = {
            "format_version": np.array(INDEX_FORMAT_VERSION),
            "n_skills": np.array(self.vacancies.n_skills),
        }
        for field in fields(self.vacancies):
            value = getattr(self.vacancies, field.name)
            if field.name in _SPARSE_FIELDS:
                arrays[f"{field.name}.indptr"] = value.indptr
                arrays[f"{field.name}.indices"] = value.indices
            else:
                arrays[field.name] = value
        if self.skill_uris is not None:
            arrays["skill_uris"] = np.asarray(self.skill_uris, dtype=np.str_)
        np.savez(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Self:
        """Read an index written by :meth:`save`.

        Parameters
        ----------
        path : str or path-like
            The ``.npz`` file.

        Returns
        -------
        RegionIndex
            An index equal to the saved one.

        Raises
        ------
        ValueError
            If the file was written by another index format version.
        """
        with np.load(path, allow_pickle=False) as stored:
            version = int(stored["format_version"])
            if version != INDEX_FORMAT_VERSION:
                raise ValueError(f"index format {version}, expected {INDEX_FORMAT_VERSION}")
            n_rows = len(stored["vacancy_ids"])
            n_skills = int(stored["n_skills"])
            columns: dict[str, object] = {}
            for field in fields(VacancyTable):
                if field.name in _SPARSE_FIELDS:
                    indices = stored[f"{field.name}.indices"]
                    columns[field.name] = sp.csr_array(
                        (np.ones(len(indices)), indices, stored[f"{field.name}.indptr"]),
                        shape=(n_rows, n_skills),
                    )
                else:
                    columns[field.name] = stored[field.name]
            skill_uris = stored["skill_uris"] if "skill_uris" in stored.files else None
        return cls(VacancyTable(**columns), skill_uris)  # type: ignore[arg-type]
