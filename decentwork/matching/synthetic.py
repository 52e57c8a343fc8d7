"""Synthetic labour markets with a known structure, for tests, benchmarks and demos.

The generator mimics the shape of ESCO data without using it:

* an ISCO-like tree (major -> sub-major -> minor -> unit group), occupations
  attached to unit groups;
* skills pooled by ISCO minor group, so neighbouring occupations share skills,
  plus a small set of transversal skills (communication, teamwork...) that
  appear everywhere, as in ESCO;
* vacancies list a subset of their occupation's skills, seekers hold a subset
  of theirs (refugees fewer, since foreign qualifications are often not yet
  recognised), women returners have an experience gap and more often need
  childcare support or part-time hours, seekers with disabilities require
  accommodations that only some employers offer.

Every draw comes from one ``numpy.random.Generator`` seeded by
``random_state``, so the same arguments always give the same market.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from decentwork.matching.tables import N_ISCO_CODES, SeekerTable, VacancyTable
from decentwork.matching.vocabulary import Accommodation, ContractType, HoursRegime, SeekerGroup

_DISABILITY_NEEDS = np.array(
    [
        Accommodation.STEP_FREE_ACCESS,
        Accommodation.SCREEN_READER_SUPPORT,
        Accommodation.SIGN_LANGUAGE_INTERPRETATION,
        Accommodation.QUIET_WORKSPACE,
        Accommodation.ADAPTED_EQUIPMENT,
        Accommodation.JOB_COACH,
        Accommodation.FLEXIBLE_HOURS,
    ],
    dtype=np.int64,
)
# Share of employers offering each accommodation, in Accommodation order.
_OFFER_RATES = np.array([0.55, 0.35, 0.15, 0.30, 0.65, 0.30, 0.45, 0.40, 0.15])
_REMOTE_SHARE = 0.08
_ALL_HOURS = int(HoursRegime.FULL_TIME | HoursRegime.PART_TIME | HoursRegime.FLEXIBLE)
_ALL_CONTRACTS = int(sum(ContractType))


@dataclass(frozen=True, eq=False)
class SyntheticMarket:
    """A generated region and the latent facts behind it.

    Attributes
    ----------
    seekers : SeekerTable
        Observed seeker profiles.
    vacancies : VacancyTable
        Observed vacancies.
    true_skills : sparse array, shape (n_seekers, n_skills)
        Skills seekers really have (profiles show a subset).
    occupation_skills : sparse array, shape (n_occupations, n_skills)
        Skill profile of each occupation.
    occupation_isco : ndarray of int32
        ISCO unit group of each occupation.
    """

    seekers: SeekerTable
    vacancies: VacancyTable
    true_skills: sp.csr_array
    occupation_skills: sp.csr_array
    occupation_isco: NDArray[np.int32]


def _isco_tree(rng: np.random.Generator, n_unit_groups: int) -> NDArray[np.int32]:
    # Up to 9 majors x 4 sub-majors x 5 minors x 6 unit groups, drawn without replacement.
    shape = (9, 4, 5, 6)
    if n_unit_groups > np.prod(shape):
        raise ValueError(f"at most {np.prod(shape)} synthetic ISCO unit groups")
    picked = rng.choice(int(np.prod(shape)), n_unit_groups, replace=False)
    major, sub_major, minor, unit = np.unravel_index(picked, shape)
    codes = (major + 1) * 1000 + (sub_major + 1) * 100 + (minor + 1) * 10 + unit + 1
    return np.sort(codes).astype(np.int32)


def _pick_per_row(
    rng: np.random.Generator, pools: NDArray[np.int64], counts: NDArray[np.int64]
) -> sp.csr_array:
    """Choose ``counts[i]`` distinct entries of row ``pools[i]`` for every row."""
    shuffled = np.take_along_axis(pools, np.argsort(rng.random(pools.shape), axis=1), axis=1)
    keep = np.arange(pools.shape[1]) < counts[:, None]
    rows = np.repeat(np.arange(len(pools)), keep.sum(axis=1))
    matrix = sp.csr_array(
        (np.ones(len(rows)), (rows, shuffled[keep])), shape=(len(pools), int(pools.max()) + 1)
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def make_market(
    n_seekers: int,
    n_vacancies: int,
    *,
    n_occupations: int = 400,
    n_skills: int = 3000,
    n_transversal_skills: int = 40,
    centre: tuple[float, float] = (50.85, 4.35),
    spread_km: float = 25.0,
    as_of: str = "2025-03-01",
    random_state: int = 0,
) -> SyntheticMarket:
    """Generate one labour-market region.

    Parameters
    ----------
    n_seekers, n_vacancies : int
        Sizes.
    n_occupations : int
        Distinct occupations (spread over about ``n_occupations / 3`` ISCO
        unit groups).
    n_skills : int
        Skill vocabulary size; the last ``n_transversal_skills`` are transversal.
    n_transversal_skills : int
        Skills that any occupation may use.
    centre : tuple of float
        Region centre (lat, lon) in degrees.
    spread_km : float
        Standard deviation of home and workplace locations around the centre.
    as_of : str
        Day around which publication windows are drawn.
    random_state : int
        Seed; the same seed gives the same market.

    Returns
    -------
    SyntheticMarket
        Observed tables and latent structure.
    """
    rng = np.random.default_rng(random_state)
    unit_groups = _isco_tree(rng, max(n_occupations // 3, 4))
    occupation_isco = np.sort(rng.choice(unit_groups, n_occupations)).astype(np.int32)
    # Each minor group owns a pool of skills its occupations draw their profiles from.
    minor_groups, minor_of_occupation = np.unique(occupation_isco // 10, return_inverse=True)
    specific = n_skills - n_transversal_skills
    pool_size = 24
    pools = rng.integers(0, specific, size=(len(minor_groups), pool_size))
    profile_pool = np.column_stack(
        (
            pools[minor_of_occupation],
            rng.integers(specific, n_skills, size=(n_occupations, 4)),
        )
    )
    occupation_skills = _pick_per_row(rng, profile_pool, rng.integers(10, 16, size=n_occupations))
    occupation_skills.resize((n_occupations, n_skills))
    profile_lists = _padded_rows(occupation_skills)

    # Popular occupations attract many vacancies and many seekers (Zipf-like).
    zipf = 1.0 / np.arange(1, n_occupations + 1, dtype=np.float64) ** 0.8
    popularity: NDArray[np.float64] = rng.permutation(zipf / zipf.sum())

    vacancy_occupation = rng.choice(n_occupations, n_vacancies, p=popularity)
    essential = _pick_per_row(
        rng, profile_lists[vacancy_occupation], rng.integers(5, 10, size=n_vacancies)
    )
    optional_pool = np.column_stack(
        (
            pools[minor_of_occupation[vacancy_occupation]][:, :8],
            rng.integers(specific, n_skills, size=(n_vacancies, 2)),
        )
    )
    optional = _pick_per_row(rng, optional_pool, rng.integers(0, 5, size=n_vacancies))
    optional = sp.csr_array(optional - optional.multiply(_resized(essential, optional.shape)))
    optional.eliminate_zeros()
    day = np.datetime64(as_of, "D")
    opens = day - rng.integers(0, 60, n_vacancies).astype("timedelta64[D]")
    closes = day + rng.integers(-5, 60, n_vacancies).astype("timedelta64[D]")
    offers = (rng.random((n_vacancies, len(_OFFER_RATES))) < _OFFER_RATES).astype(np.int64)
    is_remote = rng.random(n_vacancies) < _REMOTE_SHARE
    offered = offers @ (1 << np.arange(len(_OFFER_RATES)))
    offered |= np.where(is_remote, int(Accommodation.REMOTE_WORK), 0)
    vacancy_lat, vacancy_lon = _scatter(rng, centre, spread_km, n_vacancies)
    vacancies = VacancyTable(
        vacancy_ids=rng.permutation(n_vacancies).astype(np.int64) + 1_000_000,
        essential_skills=_resized(essential, (n_vacancies, n_skills)),
        optional_skills=_resized(optional, (n_vacancies, n_skills)),
        occupation=vacancy_occupation.astype(np.int32),
        isco_unit_group=occupation_isco[vacancy_occupation],
        latitude=vacancy_lat,
        longitude=vacancy_lon,
        is_remote=is_remote,
        accommodations_offered=offered,
        hours=rng.choice(
            [int(HoursRegime.FULL_TIME), int(HoursRegime.PART_TIME), int(HoursRegime.FLEXIBLE)],
            n_vacancies,
            p=[0.65, 0.25, 0.10],
        ),
        contract=rng.choice(
            [int(c) for c in ContractType], n_vacancies, p=[0.45, 0.25, 0.15, 0.10, 0.05]
        ),
        opens_on=opens,
        closes_on=closes,
        openings_left=rng.choice([0, 1, 1, 1, 2, 3], n_vacancies),
    )

    seekers, true_skills = _make_seekers(
        rng, n_seekers, popularity, occupation_isco, profile_lists, centre, spread_km, n_skills
    )
    return SyntheticMarket(seekers, vacancies, true_skills, occupation_skills, occupation_isco)


def _make_seekers(
    rng: np.random.Generator,
    n_seekers: int,
    popularity: NDArray[np.float64],
    occupation_isco: NDArray[np.int32],
    profile_lists: NDArray[np.int64],
    centre: tuple[float, float],
    spread_km: float,
    n_skills: int,
) -> tuple[SeekerTable, sp.csr_array]:
    occupation = rng.choice(len(occupation_isco), n_seekers, p=popularity)
    groups = np.zeros(n_seekers, dtype=np.int64)
    for group, share in (
        (SeekerGroup.DISABILITY, 0.12),
        (SeekerGroup.REFUGEE, 0.08),
        (SeekerGroup.WOMAN, 0.50),
        (SeekerGroup.YOUTH, 0.15),
        (SeekerGroup.SOCIAL_ASSISTANCE, 0.20),
    ):
        groups |= np.where(rng.random(n_seekers) < share, int(group), 0)
    is_refugee = groups & SeekerGroup.REFUGEE != 0
    is_disabled = groups & SeekerGroup.DISABILITY != 0
    is_returner = (groups & SeekerGroup.WOMAN != 0) & (rng.random(n_seekers) < 0.3)
    is_young = groups & SeekerGroup.YOUTH != 0

    true_skills = _pick_per_row(rng, profile_lists[occupation], rng.integers(7, 14, n_seekers))
    true_skills = _resized(true_skills, (n_seekers, n_skills))
    # Profiles record most true skills; refugees' foreign skills are often unrecognised.
    recorded_share = np.where(is_refugee, 0.55, 0.85)
    kept = rng.random(true_skills.nnz) < np.repeat(recorded_share, np.diff(true_skills.indptr))
    recorded = sp.csr_array(
        (true_skills.data[kept], true_skills.indices[kept], _indptr_after(true_skills, kept)),
        shape=true_skills.shape,
    )

    years = rng.gamma(2.0, 3.0, n_seekers)
    years = np.where(is_young, rng.uniform(0, 2, n_seekers), years)
    years = np.where(is_returner, years * 0.5, years)  # career break
    has_experience = years > 0.25
    experience = sp.csr_array(
        (
            years[has_experience],
            (np.flatnonzero(has_experience), occupation_isco[occupation[has_experience]]),
        ),
        shape=(n_seekers, N_ISCO_CODES),
    )
    states_preference = rng.random(n_seekers) < 0.4
    preferred = sp.csr_array(
        (
            np.ones(int(states_preference.sum())),
            (np.flatnonzero(states_preference), occupation_isco[occupation[states_preference]]),
        ),
        shape=(n_seekers, N_ISCO_CODES),
    )

    needs = np.zeros(n_seekers, dtype=np.int64)
    first_need = rng.choice(_DISABILITY_NEEDS, n_seekers)
    second_need = np.where(rng.random(n_seekers) < 0.3, rng.choice(_DISABILITY_NEEDS, n_seekers), 0)
    needs |= np.where(is_disabled, first_need | second_need, 0)
    childcare = is_returner & (rng.random(n_seekers) < 0.5)
    needs |= np.where(childcare, int(Accommodation.CHILDCARE_SUPPORT), 0)
    hours = np.full(n_seekers, _ALL_HOURS, dtype=np.int64)
    hours = np.where(
        is_returner & (rng.random(n_seekers) < 0.5),
        int(HoursRegime.PART_TIME | HoursRegime.FLEXIBLE),
        hours,
    )
    contracts = np.where(
        rng.random(n_seekers) < 0.3,
        int(ContractType.PERMANENT | ContractType.FIXED_TERM),
        _ALL_CONTRACTS,
    )
    latitude, longitude = _scatter(rng, centre, spread_km, n_seekers)
    seekers = SeekerTable(
        seeker_ids=np.arange(1, n_seekers + 1, dtype=np.int64),
        skills=recorded,
        occupation=occupation.astype(np.int32),
        isco_unit_group=occupation_isco[occupation],
        experience_years=experience,
        preferred_unit_groups=preferred,
        latitude=latitude,
        longitude=longitude,
        commute_radius_km=rng.choice([10.0, 20.0, 30.0, 50.0], n_seekers),
        accommodations_required=needs,
        hours_accepted=hours,
        contracts_accepted=contracts.astype(np.int64),
        consents_to_be_proposed=rng.random(n_seekers) < 0.8,
        groups=groups,
    )
    return seekers, true_skills


def _scatter(
    rng: np.random.Generator, centre: tuple[float, float], spread_km: float, n: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    km_per_degree = 111.2
    latitude = centre[0] + rng.normal(0, spread_km / km_per_degree, n)
    longitude = centre[1] + rng.normal(
        0, spread_km / (km_per_degree * np.cos(np.radians(centre[0]))), n
    )
    return latitude, longitude


def _padded_rows(matrix: sp.csr_array) -> NDArray[np.int64]:
    """Column indices of each row, padded by repeating the row's first entry."""
    lengths = np.diff(matrix.indptr)
    width = int(lengths.max())
    position = np.minimum(np.arange(width)[None, :], lengths[:, None] - 1)
    return np.asarray(matrix.indices[matrix.indptr[:-1, None] + position], dtype=np.int64)


def _resized(matrix: sp.csr_array, shape: tuple[int, int]) -> sp.csr_array:
    resized = sp.csr_array(matrix, copy=True)
    resized.resize(shape)
    return resized


def _indptr_after(matrix: sp.csr_array, kept: NDArray[np.bool_]) -> NDArray[np.int64]:
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    counts = np.bincount(rows[kept], minlength=matrix.shape[0])
    return np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
